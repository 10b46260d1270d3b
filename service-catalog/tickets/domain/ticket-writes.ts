import type { EntityManager } from '@mikro-orm/postgresql';
import { recordAudit, type Actor } from '../../audit/audit-log';
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
  em.assign(ticket, { ...Object.fromEntries(changed.map((k) => [k, (changes as Record<string, unknown>)[k]])), updatedAt: new Date() } as Partial<Ticket>);
  if (audit !== 'audited by the caller') {
    const { actor, action, ...worded } = audit;
    recordAudit(em, actor, { entity: 'Ticket', entityId: ticket.id, ...(action ? { action, ...worded } : { action: 'ticket.updated', before, after }) });
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
