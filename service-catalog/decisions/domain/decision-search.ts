import type { EntityManager } from '@mikro-orm/postgresql';
import { ItemConditions, pageOfItems } from '../../processes/domain/instance-item-query';
import { DEFAULT_TENANT } from '../../identity/domain/camunda-tenant';
import type { DecisionRow } from '../camunda-presenters';
import type { DecisionRequirements } from './decision-requirements.entity';

type Page = { from: number; limit: number };
type Order = { column: string; order: 'ASC' | 'DESC' };

/** A search's equality filters by column (`d.` a decision version, `r.` its file), a tenant, and "latest versions only". */
export interface DecisionFilter {
  equal: Array<[column: string, value: string | number]>;
  tenantId?: string;
  isLatestVersion?: boolean;
}

/**
 * The conditions of a decision or requirements search. Decisions and their files are the whole desk's
 * (Camunda's default tenant): another tenant finds nothing. `table` is the searched row's alias and
 * `idColumn` what makes its versions one thing, for `isLatestVersion`.
 */
function conditionsOf(filter: DecisionFilter, table: string, relation: string, idColumn: string): ItemConditions {
  const where = new ItemConditions();
  for (const [column, value] of filter.equal) where.add(`${column} = ?`, value);
  if (filter.tenantId !== undefined && filter.tenantId !== DEFAULT_TENANT) where.add('false');
  const latest = `(select max(m.version) from ${relation} m where m.${idColumn} = ${table}.${idColumn})`;
  if (filter.isLatestVersion === true) where.add(`${table}.version = ${latest}`);
  if (filter.isLatestVersion === false) where.add(`${table}.version < ${latest}`);
  return where;
}

interface DecisionSqlRow {
  id: string;
  decision_id: string;
  version: number;
  name: string | null;
  requirements_key: string;
  requirements_id: string;
  requirements_name: string | null;
  requirements_version: number;
}

/** Deployed decision versions with the file each came from (Camunda's decision definition search). */
export async function searchDecisions(
  em: EntityManager,
  filter: DecisionFilter,
  page: Page,
  sort: Order,
): Promise<{ items: DecisionRow[]; total: number }> {
  const { rows, total } = await pageOfItems<DecisionSqlRow>(
    em,
    {
      columns: `d.id, d.decision_id, d.version, d.name, r.id as requirements_key, r.requirements_id,
        r.name as requirements_name, r.version as requirements_version`,
      from: 'from decision_definition d join decision_requirements r on r.id = d.requirements_key',
      where: conditionsOf(filter, 'd', 'decision_definition', 'decision_id'),
      orderBy: `${sort.column} ${sort.order === 'DESC' ? 'desc' : 'asc'} nulls last, d.decision_id, d.version desc`,
    },
    page,
  );
  return {
    items: rows.map((r) => ({
      id: r.id,
      decisionId: r.decision_id,
      version: r.version,
      name: r.name,
      requirements: {
        id: r.requirements_key,
        requirementsId: r.requirements_id,
        name: r.requirements_name,
        version: r.requirements_version,
      },
    })),
    total,
  };
}

type RequirementsRow = Pick<DecisionRequirements, 'id' | 'requirementsId' | 'name' | 'version' | 'resourceName'>;

/** Deployed DMN file versions (Camunda's decision requirements search). */
export async function searchRequirements(
  em: EntityManager,
  filter: DecisionFilter,
  page: Page,
  sort: Order,
): Promise<{ items: RequirementsRow[]; total: number }> {
  const { rows, total } = await pageOfItems<{
    id: string;
    requirements_id: string;
    name: string | null;
    version: number;
    resource_name: string;
  }>(
    em,
    {
      columns: 'r.id, r.requirements_id, r.name, r.version, r.resource_name',
      from: 'from decision_requirements r',
      where: conditionsOf(filter, 'r', 'decision_requirements', 'requirements_id'),
      orderBy: `${sort.column} ${sort.order === 'DESC' ? 'desc' : 'asc'} nulls last, r.requirements_id, r.version desc`,
    },
    page,
  );
  return {
    items: rows.map((r) => ({
      id: r.id,
      requirementsId: r.requirements_id,
      name: r.name,
      version: r.version,
      resourceName: r.resource_name,
    })),
    total,
  };
}
