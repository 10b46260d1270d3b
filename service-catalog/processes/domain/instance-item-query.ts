import type { EntityManager } from '@mikro-orm/postgresql';
import type { ElementInstanceRef } from './user-task-id';

/** What every search over the items of process instances (tasks, incidents) may filter by: their state and their instance. */
export interface ItemFilter {
  /** Any of these states (absent: all). */
  states?: string[];
  processInstanceKey?: string;
  processDefinitionId?: string;
  processDefinitionKey?: string;
}

/**
 * The conditions of a search and their parameters in order; values always travel as parameters, never in
 * the SQL text. `item` and `instance` are for searches over the items of process instances, `i` being the
 * instance row.
 */
export class ItemConditions {
  private readonly clauses: string[] = ['true'];
  readonly params: unknown[] = [];

  /** A condition with the values of its `?` placeholders, in order (none for a condition without any). */
  add(sql: string, ...values: unknown[]): this {
    this.clauses.push(sql);
    this.params.push(...values);
    return this;
  }

  /** One item by its instance and key (`<process instance id>.<key>`); `keySql` reads the item's key. */
  item(ref: ElementInstanceRef | undefined, keySql: string): this {
    return ref ? this.add('i.id = ?::uuid', ref.processInstanceId).add(`${keySql} = ?`, ref.elementInstanceKey) : this;
  }

  instance(filter: ItemFilter): this {
    if (filter.processInstanceKey) this.add('i.id = ?::uuid', filter.processInstanceKey);
    if (filter.processDefinitionId) this.add('i.process_id = ?', filter.processDefinitionId);
    if (filter.processDefinitionKey) this.add('i.definition_id = ?::uuid', filter.processDefinitionKey);
    return this;
  }

  get sql(): string {
    return this.clauses.join(' and ');
  }
}

/**
 * One page of `columns` from `from` under `where`, and the total over all pages: carried by every row
 * (`count(*) over ()`), counted apart only past the end, where no row is.
 */
export async function pageOfItems<R>(
  em: EntityManager,
  query: { columns: string; from: string; where: ItemConditions; orderBy: string },
  page: { from: number; limit: number },
): Promise<{ rows: R[]; total: number }> {
  const { columns, from, where, orderBy } = query;
  const rows = (await em.execute(
    `select ${columns}, count(*) over () as total ${from} where ${where.sql} order by ${orderBy} limit ? offset ?`,
    [...where.params, page.limit, page.from],
  )) as Array<R & { total: string }>;
  if (rows.length || page.from === 0) return { rows, total: Number(rows[0]?.total ?? 0) };
  const [count] = (await em.execute(`select count(*) as n ${from} where ${where.sql}`, where.params)) as Array<{ n: string }>;
  return { rows, total: Number(count?.n ?? 0) };
}
