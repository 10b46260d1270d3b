import { ApplicationFailure } from '@temporalio/activity';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ServiceTaskInput } from '../../engine/client';
import { recordAudit, systemActor } from '../../service-catalog/audit/audit-log';
import { TenantScope, setTenantScope } from '../../service-catalog/db/tenant';
import type { Orm } from '../../service-catalog/db/orm';
import { Ticket } from '../../service-catalog/tickets/domain/ticket.entity';

/** Ticket fields a process may write, copied from process variables of the same name. */
const WRITABLE = ['priority', 'impact', 'urgency', 'category', 'subcategory', 'service', 'assignmentGroup', 'assigneeId'] as const;

/**
 * Task type `ticket-update`: the process writes its ticket, so the diagram stays the single source of
 * the life cycle. Header `state` sets the state (`in_progress`, `awaiting_caller`, `resolved`…);
 * header `fields` names variables to copy onto the ticket (`priority,assignmentGroup`). Audited as
 * the process; idempotent, since it writes the same values on every attempt.
 */
export const createTicketActivities = ({ orm }: { orm: Orm }) => ({
  async 'ticket-update'(input: ServiceTaskInput) {
    const ticketId = input.variables.ticketId;
    if (typeof ticketId !== 'string') throw ApplicationFailure.nonRetryable(`service task ${input.elementId}: the process has no ticketId variable`, 'MISSING_VARIABLE');
    const fields = (input.headers.fields ?? '').split(',').map((f) => f.trim()).filter(Boolean);
    const unknown = fields.filter((f) => !(WRITABLE as readonly string[]).includes(f));
    if (unknown.length) throw ApplicationFailure.nonRetryable(`service task ${input.elementId}: cannot write ticket field(s) ${unknown.join(', ')}`, 'INVALID_HEADER');

    const em = orm.em.fork() as EntityManager;
    setTenantScope(em, TenantScope.all('process activity ticket-update'));
    const ticket = await em.findOne(Ticket, { id: ticketId });
    if (!ticket) throw ApplicationFailure.nonRetryable(`ticket ${ticketId} does not exist`, 'TICKET_NOT_FOUND');
    const changes: Record<string, unknown> = {};
    if (input.headers.state) changes.state = input.headers.state;
    for (const field of fields) changes[field] = input.variables[field] ?? null;
    const before = Object.fromEntries(Object.keys(changes).map((k) => [k, (ticket as unknown as Record<string, unknown>)[k] ?? null]));
    if (Object.entries(changes).every(([k, v]) => before[k] === v)) return { ticketState: ticket.state };
    em.assign(ticket, { ...changes, updatedAt: new Date() });
    recordAudit(em, systemActor(`process ${input.processId}`), { action: 'ticket.updated', entity: 'Ticket', entityId: ticket.id, before, after: changes });
    await em.flush();
    return { ticketState: ticket.state };
  },
});
