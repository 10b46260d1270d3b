import type { EntityManager } from '@mikro-orm/postgresql';
import { recordAudit, type Actor } from '../../audit/audit-log';
import { COMMIT_FOLLOWS } from '../../db/pipelined-client';
import { StaleVersion } from '../../errors';
import { AUDITED_FIELDS, fieldValues } from './ticket-fields';
import type { Ticket } from './ticket.entity';

/**
 * How a write is audited: by `actor` as `ticket.updated` with the changed fields before/after, unless
 * `action` (and its own before/after) words it; or by an entry the caller records itself (an
 * agent's action that also stamps the first response).
 */
export type WriteAudit = { actor: Actor; action?: string; before?: object | null; after?: object | null } | 'audited by the caller';

/**
 * The one way a ticket row changes after it was raised: the changed fields are assigned with a new
 * `updatedAt` and audited in the same unit of work (the caller flushes). Fields whose value does not
 * change are left out, and nothing is written or audited when none changes.
 * @returns the fields that changed
 */
export function queueTicketWrite(em: EntityManager, ticket: Ticket, changes: Partial<Ticket>, audit: WriteAudit): string[] {
  const row = ticket as unknown as Record<string, unknown>;
  const changed = Object.keys(changes).filter((k) => comparable(row[k]) !== comparable((changes as Record<string, unknown>)[k]));
  if (!changed.length) return [];
  const before = Object.fromEntries(changed.map((k) => [k, row[k] ?? null]));
  const after = Object.fromEntries(changed.map((k) => [k, (changes as Record<string, unknown>)[k] ?? null]));
  em.assign(ticket, {
    ...Object.fromEntries(changed.map((k) => [k, (changes as Record<string, unknown>)[k]])),
    updatedAt: new Date(),
  } as Partial<Ticket>);
  if (audit !== 'audited by the caller') {
    const { actor, action, ...worded } = audit;
    recordAudit(em, actor, {
      entity: 'Ticket',
      entityId: ticket.id,
      ...(action ? { action, ...worded } : { action: 'ticket.updated', before, after }),
    });
  }
  return changed;
}

/** The audited fields of a ticket as they are now (what `ticket.created` records). */
export function auditedValues(ticket: Ticket): Record<string, unknown> {
  return fieldValues(ticket, AUDITED_FIELDS);
}

function comparable(value: unknown): unknown {
  return value instanceof Date ? value.toISOString() : JSON.stringify(value ?? null);
}

/** Columns {@link writeTicketNow} may set: what routing writes. */
const NOW_COLUMNS = { assignmentGroup: 'assignment_group', assigneeId: 'assignee_id' } as const;

/**
 * {@link queueTicketWrite} as one statement sent at once, together with `alongside` (data-modifying
 * statements of the same decision, e.g. a group's round-robin cursor): for a write made while holding a
 * lock others queue behind, where each further statement is a network round trip every one of them
 * waits for. Same effect as the queued write — changed fields, a new `updatedAt`, the version moved on,
 * the audit row — but the ORM's copy of `ticket` is left as it was read: re-read it to use it further.
 *
 * It is its transaction's last statement, and the database client sends the commit right behind it
 * (`COMMIT_FOLLOWS`), which releases the lock a round trip sooner: the caller must do nothing in the
 * transaction after it, and must not throw once it returned. So the statement checks its precondition
 * itself: a ticket changed since it was read (its version moved) fails it, which rolls the transaction
 * back, and is a {@link StaleVersion}.
 */
export async function writeTicketNow(
  em: EntityManager,
  ticket: Ticket,
  changes: Partial<Pick<Ticket, keyof typeof NOW_COLUMNS>>,
  audit: { actor: Actor; action: string; before: object; after: object },
  alongside: ReadonlyArray<{ sql: string; params: unknown[] }> = [],
  /** A function call made once the ticket's update went through (a row of `t`), in the same statement. */
  afterUpdate?: { sql: string; params: unknown[] },
): Promise<void> {
  const keys = (Object.keys(changes) as Array<keyof typeof NOW_COLUMNS>).filter((k) => k in NOW_COLUMNS);
  const now = new Date();
  const ctes = alongside.map((s, i) => `w${i} as (${s.sql})`);
  const params: unknown[] = alongside.flatMap((s) => s.params);
  ctes.push(
    `t as (update ticket set ${keys.map((k) => `${NOW_COLUMNS[k]} = ?`).join(', ')}${keys.length ? ', ' : ''}updated_at = ?, version = version + 1 where id = ? and version = ? returning id)`,
  );
  params.push(...keys.map((k) => changes[k] ?? null), now, ticket.id, ticket.version);
  ctes.push(
    `a as (insert into audit_log (actor_id, actor_name, action, entity, entity_id, before, after, at) select ?, ?, ?, 'Ticket', t.id::text, ?::jsonb, ?::jsonb, ? from t)`,
  );
  params.push(audit.actor.id, audit.actor.name, audit.action, JSON.stringify(audit.before), JSON.stringify(audit.after), now);
  const stale = `ticket ${ticket.number} changed meanwhile; route it again`;
  params.push(stale);
  if (afterUpdate) params.push(...afterUpdate.params);
  try {
    // The select list is evaluated once whatever `t` holds: the check cannot be skipped by an empty join.
    await em.execute(
      `${COMMIT_FOLLOWS}with ${ctes.join(', ')} select flowdesk_expect_row(exists (select 1 from t), ?) as found${afterUpdate ? `, (select ${afterUpdate.sql} from t) as after_update` : ''}`,
      params,
    );
  } catch (err) {
    if ((err as { code?: unknown }).code === NO_DATA_FOUND) throw new StaleVersion(stale);
    throw err;
  }
}

/** SQLSTATE `flowdesk_expect_row` raises (migrations/…_expect_row.ts). */
const NO_DATA_FOUND = 'P0002';
