import { OptimisticLockError, type EntityManager } from '@mikro-orm/postgresql';
import { NotPermitted, StaleVersion, WrongState } from '../../errors';
import { actorOf, hasRole, type Principal } from '../../identity/domain/principal';
import { STAFF_ROLES } from '../../identity/domain/roles';
import { ProcessDefinitionService } from '../../processes/domain/process-definition-service';
import { ProcessInstanceService, type PreparedStart } from '../../processes/domain/process-instance-service';
import { ProcessInstance } from '../../processes/domain/process-instance.entity';
import { TicketService, type NewTicket, type TicketProcesses } from './ticket-service';
import { fieldValues, START_VARIABLE_FIELDS } from './ticket-fields';
import { queueTicketWrite } from './ticket-writes';
import { Ticket } from './ticket.entity';

/**
 * The message start event a ticket's process offers for reopening a closed ticket. The API starts a
 * new instance there itself (it knows the ticket); the name only says which start event it is.
 */
export const REOPEN_MESSAGE = 'ticket-reopened';
/** How long after closing its caller may reopen a ticket, unless configured otherwise (TICKET_REOPEN_DAYS). */
export const DEFAULT_REOPEN_WINDOW_DAYS = 14;
const DAY_MS = 24 * 60 * 60_000;

/** What the caller can do now about a finished ticket that came back. */
export interface ReopenOptions {
  number: string;
  state: string;
  closedAt: Date | null;
  /** Until when reopening is possible (closed tickets); null: not closed, or no closing time known. */
  reopenUntil: Date | null;
  canReopen: boolean;
  canFollowUp: boolean;
  /** Why reopening is not possible, in words; null when it is. */
  reason: string | null;
}

/**
 * "It came back": a closed ticket is reopened within the window after closing; after that, its caller
 * raises a follow-up ticket linked `related` to it. The ticket's process has ended by then, so
 * reopening starts a new instance of the ticket's process for the same ticket, at the process's
 * start event for message `ticket-reopened`: the diagram then writes the state (in progress again)
 * and resumes the SLA clock, as with any other step. This service never writes the state itself.
 */
export class TicketReopening {
  constructor(
    private readonly em: EntityManager,
    private readonly processes: TicketProcesses,
    private readonly windowDays: number,
    private readonly tickets: TicketService,
  ) {}

  async options(principal: Principal, number: string, now = new Date()): Promise<ReopenOptions> {
    const ticket = await this.tickets.get(number);
    const allowed = this.mayAct(principal, ticket);
    const closed = ticket.state === 'closed';
    const reopenUntil = closed && ticket.closedAt ? new Date(ticket.closedAt.getTime() + this.windowDays * DAY_MS) : null;
    const reason = !allowed
      ? `only the caller of ${number} or the service desk can reopen it`
      : !closed
        ? `${number} is not closed (state ${ticket.state})`
        : !reopenUntil || reopenUntil <= now
          ? `${number} was closed more than ${this.windowDays} days ago: raise a follow-up ticket linked to it instead`
          : !(await this.reopenStart(ticket))
            ? `the ${ticket.type} process has no start event for reopening (message "${REOPEN_MESSAGE}"): raise a follow-up ticket instead`
            : null;
    return {
      number,
      state: ticket.state,
      closedAt: ticket.closedAt ?? null,
      reopenUntil,
      canReopen: reason === null,
      canFollowUp: allowed && FOLLOWED_UP_STATES.includes(ticket.state),
      reason,
    };
  }

  /**
   * Reopens a closed ticket within the window: its comment (what came back) becomes a public reply, and
   * a new instance of the ticket's process starts at its reopen start event. 409 outside the window,
   * for a ticket that is not closed, or when its process is running again already.
   */
  async reopen(principal: Principal, number: string, input: { comment: string }, now = new Date()): Promise<Ticket> {
    const ticket = await this.tickets.get(number);
    if (!this.mayAct(principal, ticket)) throw new NotPermitted('NOT_THE_CALLER', `only the caller of ${number} or the service desk can reopen it`);
    const { reason } = await this.options(principal, number, now);
    if (reason) throw new WrongState(ticket.state === 'closed' ? 'REOPEN_NOT_POSSIBLE' : 'NOT_CLOSED', reason);
    if (await this.reopenedAlready(ticket)) throw new WrongState('ALREADY_REOPENED', `${number} has been reopened already: its process is running again`);
    const { definition, elementId } = (await this.reopenStart(ticket))!;
    const previous = ticket.processInstanceId ?? null;
    const by = { actor: actorOf(principal), organizationId: ticket.organizationId ?? null };
    let start: PreparedStart;
    try {
      start = await this.em.transactional(async (em) => {
        const fresh = await em.findOneOrFail(Ticket, { id: ticket.id });
        if (fresh.version !== ticket.version) throw new OptimisticLockError(`ticket ${number} changed meanwhile`);
        const prepared = new ProcessInstanceService(em, this.processes.engine).prepare(em, definition, { processId: definition.processId, businessKey: number, variables: reopenVariables(fresh, principal), startEventId: elementId }, by);
        // The ticket follows its new instance: actions, replies and the desk now reach that one.
        queueTicketWrite(em, fresh, { processInstanceId: prepared.instance.id }, { actor: actorOf(principal), action: 'ticket.reopened', before: { processInstanceId: previous }, after: { processInstanceId: prepared.instance.id, closedAt: ticket.closedAt ?? null } });
        await em.flush();
        return prepared;
      });
    } catch (err) {
      if (err instanceof OptimisticLockError) throw new StaleVersion(`${number} was changed by someone else meanwhile: reload it and try again`);
      throw err;
    }
    // Temporal refusing the start leaves the ticket closed, on its old instance, as it was.
    await new ProcessInstanceService(this.em, this.processes.engine).launch(start, by, async (em) => {
      await em.nativeUpdate(Ticket, { id: ticket.id }, { processInstanceId: previous });
    });
    // What came back, in the caller's words, for the desk: not a reply the new process waits for.
    await this.tickets.addEntry(principal, number, { kind: 'reply', body: input.comment }, { toProcess: false });
    // Written in the transaction's own context: read the row again rather than the copy loaded first.
    return (await this.em.refresh(ticket)) ?? ticket;
  }

  /**
   * A new ticket for what came back after the window: same type, caller, organisation and the
   * caller's words (category, service, impact, urgency), linked `related` to the closed one.
   */
  async followUp(principal: Principal, number: string, input: { title?: string; description: string }, idempotencyKey?: string): Promise<{ ticket: Ticket; replayed: boolean }> {
    const closed = await this.tickets.get(number);
    if (!this.mayAct(principal, closed)) throw new NotPermitted('NOT_THE_CALLER', `only the caller of ${number} or the service desk can raise a follow-up to it`);
    if (!FOLLOWED_UP_STATES.includes(closed.state)) throw new WrongState('NOT_CLOSED', `${number} is ${closed.state}, not closed: add a message to it instead`);
    const staff = hasRole(principal, ...STAFF_ROLES);
    const copy = (value: string | null | undefined) => value ?? undefined;
    const ticket: NewTicket = {
      type: closed.type,
      title: (input.title ?? `Follow-up to ${closed.number}: ${closed.title}`).slice(0, 200),
      description: input.description,
      ...defined({ category: copy(closed.category), subcategory: copy(closed.subcategory), service: copy(closed.service), impact: copy(closed.impact), urgency: copy(closed.urgency) }),
      // The desk raising it for the caller keeps the caller; a requester is the caller herself.
      ...(staff ? { ...defined({ callerId: copy(closed.callerId) }), organizationId: closed.organizationId ?? null } : {}),
    };
    return this.tickets.create(principal, ticket, idempotencyKey, { to: closed, kind: 'related' });
  }

  /** The ticket's caller, or the desk acting for them (as with confirming a resolution). */
  private mayAct(principal: Principal, ticket: Ticket): boolean {
    return (!!ticket.callerId && ticket.callerId === principal.userId) || hasRole(principal, 'agent', 'admin');
  }

  private async reopenStart(ticket: Ticket) {
    const definition = await new ProcessDefinitionService(this.em).findActive(this.processes.processIds[ticket.type]);
    const start = definition?.graph.messageStartEvents?.find((m) => m.messageName === REOPEN_MESSAGE);
    return definition && start ? { definition, elementId: start.elementId } : null;
  }

  /**
   * The instance that closed the ticket may still be finishing (the survey mail goes out after the
   * state is written), so "running" says nothing; an instance started after the closing does: it is
   * a reopening, whose process has not yet put the ticket back in progress.
   */
  private async reopenedAlready(ticket: Ticket): Promise<boolean> {
    if (!ticket.processInstanceId || !ticket.closedAt) return false;
    const current = await this.em.findOne(ProcessInstance, { id: ticket.processInstanceId }, { fields: ['id', 'startedAt'] });
    return !!current && current.startedAt > ticket.closedAt;
  }
}

/** Finished tickets a follow-up can refer to. */
const FOLLOWED_UP_STATES = ['closed', 'cancelled'];

/** What the reopened instance needs to carry on: the ticket as it is, as the first start's variables plus its routing. */
function reopenVariables(ticket: Ticket, principal: Principal): Record<string, unknown> {
  return {
    ticketId: ticket.id,
    ticketNumber: ticket.number,
    ...fieldValues(ticket, START_VARIABLE_FIELDS),
    assignmentGroup: ticket.assignmentGroup ?? null,
    assigneeId: ticket.assigneeId ?? null,
    openedAt: ticket.createdAt.toISOString(),
    reopenedBy: principal.username,
  };
}

function defined<T extends Record<string, unknown>>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
}
