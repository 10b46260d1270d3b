import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/activity';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ServiceTaskInput } from '../client';
import { recordAudit, systemActor } from '../../service-catalog/audit/audit-log';
import type { Orm } from '../../service-catalog/db/orm';
import { processScope, processTicket } from './process-scope';
import { InvalidInput } from '../../service-catalog/errors';
import { assignableUser } from '../../service-catalog/tickets/domain/assignee-rule';
import { TicketLink, TICKET_LINK_KINDS, type TicketLinkKind } from '../../service-catalog/tickets/domain/ticket-link.entity';
import { TICKET_TYPES, formatTicketNumber, type TicketType } from '../../service-catalog/tickets/domain/ticket-types';
import { Ticket } from '../../service-catalog/tickets/domain/ticket.entity';

/** Ticket fields a process may write, copied from process variables of the same name. */
const WRITABLE = ['priority', 'impact', 'urgency', 'category', 'subcategory', 'service', 'assignmentGroup', 'assigneeId', 'slaPolicy', 'responseDueAt', 'resolutionWarningAt', 'resolutionDueAt', 'resolutionCode', 'resolutionNotes'] as const;
/** Of those, the instants: process variables hold them as ISO text. */
const INSTANTS = new Set(['responseDueAt', 'resolutionWarningAt', 'resolutionDueAt']);
/** Moments a process may record once: the first time counts, a later stamp (or a retry) keeps it. */
const STAMPABLE = ['slaWarnedAt', 'slaBreachedAt', 'resolvedAt', 'closedAt', 'firstRespondedAt'] as const;

type Row = Record<string, unknown>;

/**
 * Task type `ticket-update`: the process writes its ticket, so the diagram stays the single source of
 * the life cycle. Header `state` sets the state (`in_progress`, `awaiting_caller`, `resolved`…);
 * header `fields` names variables to copy onto the ticket (`priority,assignmentGroup`); header
 * `stamp` records a moment once (`slaBreachedAt`) and answers `stamped: true` only the first time,
 * so a diagram can notify once however often a timer re-arms; header `clear` takes stamps back
 * (`resolvedAt,closedAt` when a closed ticket is reopened, so its next resolution and closing count
 * afresh). Audited as the process; idempotent.
 */
export const createTicketActivities = ({ orm }: { orm: Orm }) => ({
  async 'ticket-update'(input: ServiceTaskInput) {
    const fields = list(input.headers.fields);
    const unknown = fields.filter((f) => !(WRITABLE as readonly string[]).includes(f));
    if (unknown.length) throw ApplicationFailure.nonRetryable(`service task ${input.elementId}: cannot write ticket field(s) ${unknown.join(', ')}`, 'INVALID_HEADER');
    const stamp = input.headers.stamp;
    if (stamp !== undefined && !(STAMPABLE as readonly string[]).includes(stamp)) {
      throw ApplicationFailure.nonRetryable(`service task ${input.elementId}: cannot stamp "${stamp}"; one of ${STAMPABLE.join(', ')}`, 'INVALID_HEADER');
    }
    const cleared = list(input.headers.clear);
    const notStamps = cleared.filter((f) => !(STAMPABLE as readonly string[]).includes(f));
    if (notStamps.length) throw ApplicationFailure.nonRetryable(`service task ${input.elementId}: cannot clear ${notStamps.join(', ')}; only ${STAMPABLE.join(', ')}`, 'INVALID_HEADER');
    const scope = await processScope(orm, input);
    const { em } = scope;
    const ticket = await processTicket(scope, input);
    const row = ticket as unknown as Row;
    const changes: Row = {};
    if (input.headers.state) changes.state = input.headers.state;
    for (const field of fields) changes[field] = INSTANTS.has(field) ? instant(input, field) : (input.variables[field] ?? null);
    for (const field of cleared) changes[field] = null;
    if (typeof changes.assigneeId === 'string' && changes.assigneeId !== ticket.assigneeId) await requireAssignable(em, changes.assigneeId, ticket, input);
    const stamped = stamp !== undefined && row[stamp] == null;
    if (stamped) changes[stamp] = new Date();
    const before = Object.fromEntries(Object.keys(changes).map((k) => [k, row[k] ?? null]));
    const changed = Object.keys(changes).filter((k) => comparable(before[k]) !== comparable(changes[k]));
    if (changed.length) {
      em.assign(ticket, { ...changes, updatedAt: new Date() });
      recordAudit(em, systemActor(`process ${input.processId}`), {
        action: 'ticket.updated',
        entity: 'Ticket',
        entityId: ticket.id,
        before: Object.fromEntries(changed.map((k) => [k, before[k]])),
        after: Object.fromEntries(changed.map((k) => [k, changes[k]])),
      });
      await em.flush();
    }
    return { ticketState: ticket.state, ...(stamp !== undefined ? { stamped } : {}) };
  },

  /**
   * Task type `ticket-create-linked`: opens a ticket of header `type` (default problem) linked to the
   * process's ticket by header `link` (default caused_by), once: a retry finds the link and answers
   * with the same ticket. Returns `linkedTicketNumber`.
   */
  async 'ticket-create-linked'(input: ServiceTaskInput) {
    const type = (input.headers.type ?? 'problem') as TicketType;
    const kind = (input.headers.link ?? 'caused_by') as TicketLinkKind;
    if (!(type in TICKET_TYPES)) throw ApplicationFailure.nonRetryable(`service task ${input.elementId}: unknown ticket type "${type}"`, 'INVALID_HEADER');
    if (!TICKET_LINK_KINDS.includes(kind)) throw ApplicationFailure.nonRetryable(`service task ${input.elementId}: unknown link "${kind}"; one of ${TICKET_LINK_KINDS.join(', ')}`, 'INVALID_HEADER');
    const scope = await processScope(orm, input);
    const { em } = scope;
    const source = await processTicket(scope, input);
    // The new ticket is the source's organisation's, which the scope makes the instance's own.
    if ((source.organizationId ?? null) !== scope.organizationId) throw ApplicationFailure.nonRetryable(`service task ${input.elementId}: ${source.number} is not of the instance's organisation`, 'TICKET_NOT_FOUND');
    const existing = await em.findOne(TicketLink, { ticketId: source.id, kind });
    if (existing) return { linkedTicketNumber: (await em.findOneOrFail(Ticket, { id: existing.linkedTicketId })).number };
    const actor = systemActor(`process ${input.processId}`);
    const linked = await em.transactional(async (tx) => {
      // In the transaction's own connection, not a second one from the pool.
      const [{ next }] = (await tx.execute(`select nextval('ticket_number_${type}') as next`)) as Array<{ next: string }>;
      const now = new Date();
      const created = tx.create(Ticket, {
        id: randomUUID(),
        number: formatTicketNumber(type, Number(next)),
        type,
        title: `${source.title} (from ${source.number})`,
        description: `Opened by the ${input.processId} process for ${source.number}.\n\n${source.description}`,
        callerId: null,
        category: source.category ?? null,
        subcategory: source.subcategory ?? null,
        service: source.service ?? null,
        impact: source.impact ?? null,
        urgency: source.urgency ?? null,
        priority: source.priority ?? null,
        state: 'new',
        assignmentGroup: source.assignmentGroup ?? null,
        assigneeId: null,
        tags: [],
        processInstanceId: null,
        organizationId: source.organizationId ?? null,
        createdAt: now,
        updatedAt: now,
      });
      // The link references the new ticket: write the ticket first.
      await tx.flush();
      tx.create(TicketLink, { id: randomUUID(), ticketId: source.id, linkedTicketId: created.id, kind, createdBy: actor.name, createdAt: now, organizationId: source.organizationId ?? null });
      recordAudit(tx, actor, { action: 'ticket.created', entity: 'Ticket', entityId: created.id, after: { number: created.number, linkedFrom: source.number, kind } });
      return created;
    });
    return { linkedTicketNumber: linked.number };
  },
});



/** The same rule as every other way of assigning: only someone who serves the ticket's organisation. */
async function requireAssignable(em: EntityManager, userId: string, ticket: Ticket, input: ServiceTaskInput): Promise<void> {
  try {
    await assignableUser(em, userId, ticket.organizationId ?? null, 'assigneeId');
  } catch (err) {
    if (err instanceof InvalidInput) throw ApplicationFailure.nonRetryable(`service task ${input.elementId}: cannot assign ${ticket.number}: ${err.message}`, err.code);
    throw err;
  }
}

function instant(input: ServiceTaskInput, field: string): Date | null {
  const value = input.variables[field];
  if (value === null || value === undefined) return null;
  const date = new Date(String(value));
  if (Number.isNaN(date.getTime())) throw ApplicationFailure.nonRetryable(`service task ${input.elementId}: variable ${field} "${String(value)}" is not a date`, 'INVALID_VARIABLE');
  return date;
}

function list(header: string | undefined): string[] {
  return (header ?? '').split(',').map((f) => f.trim()).filter(Boolean);
}

function comparable(value: unknown): unknown {
  return value instanceof Date ? value.toISOString() : JSON.stringify(value ?? null);
}
