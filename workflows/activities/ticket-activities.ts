import { ApplicationFailure } from '@temporalio/activity';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ServiceTaskInput } from '../client';
import { systemActor } from '../../service-catalog/audit/audit-log';
import type { Orm } from '../../service-catalog/db/orm';
import { inScopeTransaction, processScope, processTicket } from './process-scope';
import { InvalidInput } from '../../service-catalog/errors';
import type { Principal } from '../../service-catalog/identity/domain/principal';
import { assignableUser } from '../../service-catalog/tickets/domain/assignee-rule';
import { fieldValues, INHERITED_FIELDS, PROCESS_WRITABLE_FIELDS, TICKET_FIELDS } from '../../service-catalog/tickets/domain/ticket-fields';
import { TicketLink, TICKET_LINK_KINDS, type TicketLinkKind } from '../../service-catalog/tickets/domain/ticket-link.entity';
import type { NewTicket } from '../../service-catalog/tickets/domain/ticket-service';
import { TICKET_TYPES, type TicketType } from '../../service-catalog/tickets/domain/ticket-types';
import { Ticket } from '../../service-catalog/tickets/domain/ticket.entity';
import type { TicketServices } from '../../service-catalog/tickets/ticket-services';

/** Ticket fields a process may write, copied from process variables of the same name (ticket-fields.ts). */
const WRITABLE: readonly string[] = PROCESS_WRITABLE_FIELDS;
/** Of those, the instants: process variables hold them as ISO text. */
const INSTANTS = new Set<string>(PROCESS_WRITABLE_FIELDS.filter((f) => TICKET_FIELDS[f].wire === 'instant?'));
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
export const createTicketActivities = ({ orm, tickets }: { orm: Orm; tickets: TicketServices }) => ({
  async 'ticket-update'(input: ServiceTaskInput) {
    const fields = list(input.headers.fields);
    const unknown = fields.filter((f) => !WRITABLE.includes(f));
    if (unknown.length)
      throw ApplicationFailure.nonRetryable(
        `service task ${input.elementId}: cannot write ticket field(s) ${unknown.join(', ')}`,
        'INVALID_HEADER',
      );
    const stamp = input.headers.stamp;
    if (stamp !== undefined && !(STAMPABLE as readonly string[]).includes(stamp)) {
      throw ApplicationFailure.nonRetryable(
        `service task ${input.elementId}: cannot stamp "${stamp}"; one of ${STAMPABLE.join(', ')}`,
        'INVALID_HEADER',
      );
    }
    const cleared = list(input.headers.clear);
    const notStamps = cleared.filter((f) => !(STAMPABLE as readonly string[]).includes(f));
    if (notStamps.length)
      throw ApplicationFailure.nonRetryable(
        `service task ${input.elementId}: cannot clear ${notStamps.join(', ')}; only ${STAMPABLE.join(', ')}`,
        'INVALID_HEADER',
      );
    const scope = await processScope(orm, input);
    // One transaction reads and writes the ticket: the read costs no transaction of its own.
    return inScopeTransaction(scope, async (tx) => {
      const { em } = tx;
      const ticket = await processTicket(tx, input);
      const row = ticket as unknown as Row;
      const changes: Row = {};
      if (input.headers.state) changes.state = input.headers.state;
      for (const field of fields) changes[field] = INSTANTS.has(field) ? instant(input, field) : (input.variables[field] ?? null);
      for (const field of cleared) changes[field] = null;
      if (typeof changes.assigneeId === 'string' && changes.assigneeId !== ticket.assigneeId)
        await requireAssignable(em, changes.assigneeId, ticket, input);
      const stamped = stamp !== undefined && row[stamp] == null;
      if (stamped) changes[stamp] = new Date();
      await tickets.tickets(em).writeAsProcess(ticket, changes as Partial<Ticket>, { actor: systemActor(`process ${input.processId}`) });
      return { ticketState: ticket.state, ...(stamp !== undefined ? { stamped } : {}) };
    });
  },

  /**
   * Task type `ticket-create-linked`: opens a ticket of header `type` (default problem) linked to the
   * process's ticket by header `link` (default caused_by), the way every ticket is raised (number,
   * audit, and the process of its type if one is deployed), once: a retry finds the link (or the
   * idempotency key of the first attempt) and answers with the same ticket, starting its process
   * only if the first attempt stopped before it did. Returns `linkedTicketNumber`.
   */
  async 'ticket-create-linked'(input: ServiceTaskInput) {
    const type = (input.headers.type ?? 'problem') as TicketType;
    const kind = (input.headers.link ?? 'caused_by') as TicketLinkKind;
    if (!(type in TICKET_TYPES))
      throw ApplicationFailure.nonRetryable(`service task ${input.elementId}: unknown ticket type "${type}"`, 'INVALID_HEADER');
    if (!TICKET_LINK_KINDS.includes(kind))
      throw ApplicationFailure.nonRetryable(
        `service task ${input.elementId}: unknown link "${kind}"; one of ${TICKET_LINK_KINDS.join(', ')}`,
        'INVALID_HEADER',
      );
    const scope = await processScope(orm, input);
    const { em } = scope;
    const source = await processTicket(scope, input);
    // The new ticket is the source's organisation's, which the scope makes the instance's own.
    if ((source.organizationId ?? null) !== scope.organizationId)
      throw ApplicationFailure.nonRetryable(
        `service task ${input.elementId}: ${source.number} is not of the instance's organisation`,
        'TICKET_NOT_FOUND',
      );
    const service = tickets.tickets(em);
    const principal = processPrincipal(input.processId, scope.organizationId);
    const existing = await em.findOne(TicketLink, { ticketId: source.id, kind });
    if (existing) {
      const linked = await em.findOneOrFail(Ticket, { id: existing.linkedTicketId });
      await service.ensureProcessStarted(principal, linked);
      return { linkedTicketNumber: linked.number };
    }
    const ticket: NewTicket = {
      ...(fieldValues(source, INHERITED_FIELDS) as Partial<NewTicket>),
      type,
      title: `${source.title} (from ${source.number})`.slice(0, 200),
      description: `Opened by the ${input.processId} process for ${source.number}.\n\n${source.description}`.slice(0, 20_000),
    };
    const { ticket: linked, replayed } = await service.create(principal, ticket, `ticket-create-linked:${source.id}:${kind}`, {
      from: source,
      kind,
    });
    if (replayed) await service.ensureProcessStarted(principal, linked);
    return { linkedTicketNumber: linked.number };
  },
});

/**
 * Who a process is when it raises a ticket: no user, but the desk's agent for the instance's
 * organisation (or internal), so it may set triage fields and raises the ticket for that organisation.
 */
function processPrincipal(processId: string, organizationId: string | null): Principal {
  return {
    userId: `process:${processId}`,
    username: systemActor(`process ${processId}`).name,
    displayName: `the ${processId} process`,
    roles: ['agent'],
    organizationId: null,
    servedOrganizationIds: organizationId ? [organizationId] : [],
    groupKeys: [],
    via: 'system',
  };
}

/** The same rule as every other way of assigning: only someone who serves the ticket's organisation. */
async function requireAssignable(em: EntityManager, userId: string, ticket: Ticket, input: ServiceTaskInput): Promise<void> {
  try {
    await assignableUser(em, userId, ticket.organizationId ?? null, 'assigneeId');
  } catch (err) {
    if (err instanceof InvalidInput)
      throw ApplicationFailure.nonRetryable(`service task ${input.elementId}: cannot assign ${ticket.number}: ${err.message}`, err.code);
    throw err;
  }
}

function instant(input: ServiceTaskInput, field: string): Date | null {
  const value = input.variables[field];
  if (value === null || value === undefined) return null;
  const date = new Date(String(value));
  if (Number.isNaN(date.getTime()))
    throw ApplicationFailure.nonRetryable(
      `service task ${input.elementId}: variable ${field} "${String(value)}" is not a date`,
      'INVALID_VARIABLE',
    );
  return date;
}

function list(header: string | undefined): string[] {
  return (header ?? '')
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
}
