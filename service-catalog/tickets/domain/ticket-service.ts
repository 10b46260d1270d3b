import { randomUUID } from 'node:crypto';
import { OptimisticLockError, type EntityManager } from '@mikro-orm/postgresql';
import { recordAudit } from '../../audit/audit-log';
import { InvalidInput, StaleVersion, TicketNotFound } from '../../errors';
import { actorOf, hasRole, userIdOf, type Principal } from '../../identity/domain/principal';
import { STAFF_ROLES } from '../../identity/domain/roles';
import { MessageService } from '../../messages/domain/message-service';
import { assignableUser } from './assignee-rule';
import { TicketCreation, type NewTicket, type NewTicketLink, type TicketProcesses, type TicketStartExtras } from './ticket-creation';
import { TicketEntry } from './ticket-entry.entity';
import type { TicketChanges } from './ticket-fields';
import { searchTickets, type TicketSearch } from './ticket-search';
import { resolveServiceNaming } from '../../services/domain/service-reference';
import { queueTicketWrite, type WriteAudit } from './ticket-writes';
import { Ticket } from './ticket.entity';

/** The ticket's process start, the ways it is raised and linked: see ticket-creation.ts. */
export {
  startVariables,
  ticketProcesses,
  type NewTicket,
  type NewTicketLink,
  type TicketProcesses,
  type TicketStartExtras,
} from './ticket-creation';
export type { TicketChanges } from './ticket-fields';

/** The message a ticket's process waits for while it awaits the caller (BPMN message name, keyed by ticket number). */
export const CALLER_REPLY_MESSAGE = 'caller-reply';
/**
 * States in which the process is about to wait for the caller: a reply (or confirmation) arriving
 * while it still finishes the steps before its wait is kept this long for it rather than lost.
 */
export const CALLER_WAIT_STATES = ['awaiting_caller', 'resolved'];
export const CALLER_MESSAGE_TTL_MS = 60 * 60_000;
export { FINISHED_STATES, TICKET_QUEUES, type TicketQueue } from './ticket-search';

/**
 * The ticket domain service: every write to a ticket goes through it (raising one, the desk's
 * changes, replies and notes, and what a ticket's process writes), and so through
 * {@link queueTicketWrite}, which audits it. Built per unit of work (a request, an activity run) by
 * the registry in ticket-services.ts, never in a route handler.
 */
export class TicketService {
  private readonly creation: TicketCreation;

  /**
   * @param processes when given, a new ticket starts the process of its type (if deployed) in the same
   *   transaction, and a caller's reply is delivered to the process waiting for it.
   */
  constructor(
    private readonly em: EntityManager,
    private readonly processes?: TicketProcesses,
  ) {
    this.creation = new TicketCreation(em, processes);
  }

  /**
   * @param idempotencyKey a retried create with the same key and body returns the first ticket
   *   (`replayed: true`); the same key with another body is refused (400).
   * @param link written with the new ticket in the same transaction (see {@link NewTicketLink}).
   */
  create(
    principal: Principal,
    input: NewTicket,
    idempotencyKey?: string,
    link?: NewTicketLink,
    extras?: TicketStartExtras,
  ): Promise<{ ticket: Ticket; replayed: boolean }> {
    return this.creation.create(principal, input, idempotencyKey, link, extras);
  }

  /** See {@link TicketCreation.ensureProcessStarted}. */
  ensureProcessStarted(principal: Principal, ticket: Ticket): Promise<void> {
    return this.creation.ensureProcessStarted(principal, ticket);
  }

  /** A desk view (see {@link searchTickets}): queues, filters and full text within what the principal may see. */
  list(principal: Principal, opts: TicketSearch, now = new Date()) {
    return searchTickets(this.em, principal, opts, now);
  }

  async get(number: string): Promise<Ticket> {
    const ticket = await this.em.findOne(Ticket, { number });
    if (!ticket) throw new TicketNotFound(`ticket ${number} does not exist`);
    return ticket;
  }

  /**
   * Applies field changes if the caller saw the current version; a stale version is a 409 and
   * nothing is written. An assignee must serve the ticket's organisation. State is not a field here:
   * the ticket's process owns it.
   */
  async update(principal: Principal, number: string, expectedVersion: number, changes: TicketChanges): Promise<Ticket> {
    const ticket = await this.get(number);
    if (ticket.version !== expectedVersion) {
      throw new StaleVersion(
        `ticket ${number} is at version ${ticket.version}, not ${expectedVersion}: reload it and apply your change again`,
      );
    }
    if (changes.assigneeId) await assignableUser(this.em, changes.assigneeId, ticket.organizationId ?? null);
    changes = { ...changes, ...(await resolveServiceNaming(this.em, ticket.organizationId ?? null, changes, 'payload.')) };
    queueTicketWrite(this.em, ticket, changes as Partial<Ticket>, { actor: actorOf(principal) });
    try {
      await this.em.flush();
    } catch (err) {
      if (err instanceof OptimisticLockError) throw new StaleVersion(`ticket ${number} was changed by someone else meanwhile: reload it`);
      throw err;
    }
    return ticket;
  }

  /**
   * A staff reply is the desk's first response if none came before; a caller's reply (portal or mail)
   * is delivered as the BPMN message `caller-reply` to the ticket's process if it waits for one
   * (awaiting caller, or resolved: the reply reopens it). Nobody waiting is fine: the reply is kept.
   */
  async addEntry(
    principal: Principal,
    number: string,
    entry: { kind: 'reply' | 'note'; body: string },
    opts: { toProcess?: boolean } = {},
  ): Promise<TicketEntry> {
    const staff = hasRole(principal, ...STAFF_ROLES);
    if (entry.kind === 'note' && !staff) {
      throw new InvalidInput('FIELD_NOT_ALLOWED', 'only the service desk writes internal notes', [
        { field: 'payload.kind', message: 'use "reply"' },
      ]);
    }
    const ticket = await this.get(number);
    if (entry.kind === 'reply' && staff) await this.markResponded(ticket);
    const created = this.em.create(TicketEntry, {
      id: randomUUID(),
      ticketId: ticket.id,
      kind: entry.kind,
      authorId: userIdOf(principal),
      authorName: principal.displayName,
      body: entry.body,
      createdAt: new Date(),
      organizationId: ticket.organizationId ?? null,
    });
    recordAudit(this.em, actorOf(principal), {
      action: `ticket.${entry.kind}.added`,
      entity: 'Ticket',
      entityId: ticket.id,
      after: { entryId: created.id, kind: entry.kind },
    });
    await this.em.flush();
    if (entry.kind === 'reply' && !staff && opts.toProcess !== false && ticket.processInstanceId && this.processes) {
      const timeToLiveMs = CALLER_WAIT_STATES.includes(ticket.state) ? CALLER_MESSAGE_TTL_MS : 0;
      await new MessageService(this.em, this.processes.engine).publish(
        {
          name: CALLER_REPLY_MESSAGE,
          correlationKey: ticket.number,
          variables: { lastCallerReply: entry.body.slice(0, 2000) },
          timeToLiveMs,
        },
        actorOf(principal),
        ticket.organizationId ?? null,
      );
    }
    return created;
  }

  /**
   * Desk-side facts about a ticket the process may be writing at the same moment (its state, SLA
   * stamps): applied to the freshest row, again if the process got there first, so neither side's
   * change is lost and nobody gets a 409 they did not cause.
   */
  async touch(ticket: Ticket, change: (fresh: Ticket) => Partial<Ticket>, audit: WriteAudit = 'audited by the caller'): Promise<Ticket> {
    for (let attempt = 0; ; attempt++) {
      const fresh = (await this.em.refresh(ticket)) ?? ticket;
      const changes = change(fresh);
      if (!Object.keys(changes).length) return fresh;
      // Desk-side facts (first response, satisfaction) are audited by the action that caused them.
      queueTicketWrite(this.em, fresh, changes, audit);
      try {
        await this.em.flush();
        return fresh;
      } catch (err) {
        if (!(err instanceof OptimisticLockError) || attempt >= 4) throw err;
      }
    }
  }

  /**
   * What a ticket's process writes (`ticket-update`, the SLA clock): the fields that change, audited
   * as the process (`ticket.updated` with before/after unless `audit` words it), flushed at once.
   * @returns the fields that changed; none, and nothing is written
   */
  async writeAsProcess(ticket: Ticket, changes: Partial<Ticket>, audit: Exclude<WriteAudit, 'audited by the caller'>): Promise<string[]> {
    // A diagram that copies `service` back (the incident's triage) keeps the id in step with the name.
    if ('service' in changes && !('serviceId' in changes))
      changes = {
        ...changes,
        ...(await resolveServiceNaming(this.em, ticket.organizationId ?? null, { service: changes.service ?? null }, '', true)),
      };
    const changed = queueTicketWrite(this.em, ticket, changes, audit);
    if (changed.length) await this.em.flush();
    return changed;
  }

  /** The desk's first response stops the response clock: a public reply or an action. */
  markResponded(ticket: Ticket): Promise<Ticket> {
    return this.touch(ticket, (t) => (t.firstRespondedAt ? {} : { firstRespondedAt: new Date() }));
  }

  /** Replies and, for staff, work notes, oldest first. */
  async entries(principal: Principal, number: string): Promise<TicketEntry[]> {
    const ticket = await this.get(number);
    const kinds: Array<'reply' | 'note'> = hasRole(principal, ...STAFF_ROLES) ? ['reply', 'note'] : ['reply'];
    return this.em.find(TicketEntry, { ticketId: ticket.id, kind: { $in: kinds } }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  }
}
