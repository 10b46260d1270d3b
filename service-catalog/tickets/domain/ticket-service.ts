import { createHash, randomUUID } from 'node:crypto';
import { OptimisticLockError, UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/postgresql';
import type { EngineClient } from '../../../engine/client';
import { recordAudit } from '../../audit/audit-log';
import { ProcessDefinition } from '../../processes/domain/process-definition.entity';
import { ProcessDefinitionService } from '../../processes/domain/process-definition-service';
import { ProcessInstance } from '../../processes/domain/process-instance.entity';
import { assertStartable, ProcessInstanceService, type PreparedStart, type StartedBy } from '../../processes/domain/process-instance-service';
import { Conflict, InvalidInput, NotFound } from '../../errors';
import { owningOrganization } from '../../identity/domain/owning-organization';
import { actorOf, hasRole, userIdOf, type Principal } from '../../identity/domain/principal';
import { STAFF_ROLES } from '../../identity/domain/roles';
import { MessageService } from '../../messages/domain/message-service';
import { findUnstorableText } from '../../text/unstorable-text';
import { assignableUser } from './assignee-rule';
import { IdempotencyRecord } from './idempotency-record.entity';
import { TicketEntry } from './ticket-entry.entity';
import { TicketLink, type TicketLinkKind } from './ticket-link.entity';
import { formatTicketNumber, TICKET_PROCESS_IDS, type TicketType } from './ticket-types';
import { searchTickets, type TicketSearch } from './ticket-search';
import { Ticket } from './ticket.entity';

export interface NewTicket {
  type: TicketType;
  title: string;
  description: string;
  callerId?: string;
  organizationId?: string | null;
  category?: string;
  subcategory?: string;
  service?: string;
  impact?: string;
  urgency?: string;
  priority?: string;
  assignmentGroup?: string;
  assigneeId?: string;
  tags?: string[];
}

export type TicketChanges = Partial<Pick<Ticket, 'title' | 'description' | 'category' | 'subcategory' | 'service' | 'impact' | 'urgency' | 'priority' | 'assignmentGroup' | 'assigneeId' | 'tags'>>;

/** How tickets reach their processes: the engine, and which process each ticket type runs. */
export interface TicketProcesses {
  engine: EngineClient;
  processIds: Record<TicketType, string>;
}

export function ticketProcesses(engine: EngineClient, overrides: Partial<Record<TicketType, string>> = {}): TicketProcesses {
  return { engine, processIds: { ...TICKET_PROCESS_IDS, ...overrides } };
}

/** The message a ticket's process waits for while it awaits the caller (BPMN message name, keyed by ticket number). */
export const CALLER_REPLY_MESSAGE = 'caller-reply';
/**
 * States in which the process is about to wait for the caller: a reply (or confirmation) arriving
 * while it still finishes the steps before its wait is kept this long for it rather than lost.
 */
export const CALLER_WAIT_STATES = ['awaiting_caller', 'resolved'];
export const CALLER_MESSAGE_TTL_MS = 60 * 60_000;
export { FINISHED_STATES, TICKET_QUEUES, type TicketQueue } from './ticket-search';

/** Fields a requester may not choose: triage, routing and ownership are the desk's decisions. */
const STAFF_ONLY_FIELDS = ['priority', 'assignmentGroup', 'assigneeId', 'callerId'] as const;
/** Fields the audit trail shows before/after for. */
const AUDITED_FIELDS = ['title', 'description', 'category', 'subcategory', 'service', 'impact', 'urgency', 'priority', 'assignmentGroup', 'assigneeId', 'tags'] as const;

/** Tickets: creation with human numbers and idempotency keys, search, optimistic updates, replies and notes. */
export class TicketService {
  /**
   * @param processes when given, a new ticket starts the process of its type (if deployed) in the same
   *   transaction, and a caller's reply is delivered to the process waiting for it.
   */
  constructor(
    private readonly em: EntityManager,
    private readonly processes?: TicketProcesses,
  ) {}

  /**
   * @param idempotencyKey a retried create with the same key and body returns the first ticket
   *   (`replayed: true`); the same key with another body is refused (422).
   * @param link the new ticket is linked to this one in the same transaction (a follow-up `related`
   *   to the closed ticket it follows), so neither exists without the other.
   */
  async create(principal: Principal, input: NewTicket, idempotencyKey?: string, link?: { to: Ticket; kind: TicketLinkKind }): Promise<{ ticket: Ticket; replayed: boolean }> {
    const staff = hasRole(principal, ...STAFF_ROLES);
    const forbidden = staff ? [] : STAFF_ONLY_FIELDS.filter((f) => input[f] !== undefined);
    if (forbidden.length) {
      throw new InvalidInput('FIELD_NOT_ALLOWED', `a requester cannot set ${forbidden.join(', ')}`, forbidden.map((f) => ({ field: `payload.${f}`, message: 'set by the service desk' })));
    }
    // The API refuses such text at its edge; mail and processes create tickets too.
    const unstorable = findUnstorableText({ ...input });
    if (unstorable.length) throw new InvalidInput('UNSTORABLE_TEXT', unstorable.map((u) => `${u.field}: ${u.message}`).join('; '), unstorable);
    const requestHash = createHash('sha256').update(JSON.stringify(input)).digest('hex');
    if (idempotencyKey) {
      const earlier = await this.replay(principal, idempotencyKey, requestHash);
      if (earlier) {
        await this.resumeLaunch(principal, earlier);
        return { ticket: earlier, replayed: true };
      }
    }
    const organizationId = await owningOrganization(this.em, principal, input.organizationId);
    if (input.assigneeId) await assignableUser(this.em, input.assigneeId, organizationId);
    const definition = await this.processToStart(input.type);
    // Every refusal comes before the number is drawn: a sequence value is never given back, so a
    // refused create drawing one would leave a gap in the desk's numbering.
    if (definition) assertStartable(definition);
    try {
      const { ticket, start } = await this.em.transactional(async (em) => {
        // em.execute runs inside this transaction; getConnection().execute would take a second pooled
        // connection, and a pool's worth of concurrent creates would then wait on each other for ever.
        // From here on nothing refuses: the rows below are what gets written.
        const [{ next }] = (await em.execute(`select nextval('ticket_number_${input.type}') as next`)) as Array<{ next: string }>;
        const now = new Date();
        const ticket = em.create(Ticket, {
          id: randomUUID(),
          number: formatTicketNumber(input.type, Number(next)),
          type: input.type,
          title: input.title,
          description: input.description,
          callerId: staff ? (input.callerId ?? null) : userIdOf(principal),
          category: input.category ?? null,
          subcategory: input.subcategory ?? null,
          service: input.service ?? null,
          impact: input.impact ?? null,
          urgency: input.urgency ?? null,
          priority: input.priority ?? null,
          state: 'new',
          assignmentGroup: input.assignmentGroup ?? null,
          assigneeId: input.assigneeId ?? null,
          tags: input.tags ?? [],
          // The instance id is chosen with the ticket, so the ticket is written once and its version stays 1.
          processInstanceId: definition ? randomUUID() : null,
          organizationId,
          createdAt: now,
          updatedAt: now,
        });
        if (idempotencyKey) {
          em.create(IdempotencyRecord, { id: randomUUID(), actorId: principal.userId, key: idempotencyKey, requestHash, resourceId: ticket.id, createdAt: now });
        }
        recordAudit(em, actorOf(principal), { action: 'ticket.created', entity: 'Ticket', entityId: ticket.id, after: { number: ticket.number, ...pick(ticket) } });
        if (link) {
          // The link references the new ticket: it is written first.
          await em.flush();
          em.create(TicketLink, { id: randomUUID(), ticketId: ticket.id, linkedTicketId: link.to.id, kind: link.kind, createdBy: principal.username, createdAt: now, organizationId: ticket.organizationId ?? null });
          recordAudit(em, actorOf(principal), { action: 'ticket.linked', entity: 'Ticket', entityId: ticket.id, after: { kind: link.kind, linked: link.to.number } });
        }
        const start = definition ? this.prepareProcess(em, principal, ticket, definition) : undefined;
        await em.flush();
        return { ticket, start };
      });
      if (start) await this.launchProcess(principal, ticket, start);
      return { ticket, replayed: false };
    } catch (err) {
      // Two retries raced with the same key: the first one won; answer with its ticket.
      if (idempotencyKey && err instanceof UniqueConstraintViolationException) {
        const earlier = await this.replay(principal, idempotencyKey, requestHash);
        if (earlier) return { ticket: earlier, replayed: true };
      }
      throw err;
    }
  }

  /** A desk view (see {@link searchTickets}): queues, filters and full text within what the principal may see. */
  list(principal: Principal, opts: TicketSearch, now = new Date()) {
    return searchTickets(this.em, principal, opts, now);
  }

  async get(number: string): Promise<Ticket> {
    const ticket = await this.em.findOne(Ticket, { number });
    if (!ticket) throw new NotFound('TICKET_NOT_FOUND', `ticket ${number} does not exist`);
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
      throw new Conflict('STALE_TICKET', `ticket ${number} is at version ${ticket.version}, not ${expectedVersion}: reload it and apply your change again`);
    }
    if (changes.assigneeId) await assignableUser(this.em, changes.assigneeId, ticket.organizationId ?? null);
    const before = pick(ticket);
    this.em.assign(ticket, { ...changes, updatedAt: new Date() });
    recordAudit(this.em, actorOf(principal), { action: 'ticket.updated', entity: 'Ticket', entityId: ticket.id, ...diff(before, pick(ticket)) });
    try {
      await this.em.flush();
    } catch (err) {
      if (err instanceof OptimisticLockError) throw new Conflict('STALE_TICKET', `ticket ${number} was changed by someone else meanwhile: reload it`);
      throw err;
    }
    return ticket;
  }

  /**
   * A staff reply is the desk's first response if none came before; a caller's reply (portal or mail)
   * is delivered as the BPMN message `caller-reply` to the ticket's process if it waits for one
   * (awaiting caller, or resolved: the reply reopens it). Nobody waiting is fine: the reply is kept.
   */
  async addEntry(principal: Principal, number: string, entry: { kind: 'reply' | 'note'; body: string }, opts: { toProcess?: boolean } = {}): Promise<TicketEntry> {
    const staff = hasRole(principal, ...STAFF_ROLES);
    if (entry.kind === 'note' && !staff) {
      throw new InvalidInput('FIELD_NOT_ALLOWED', 'only the service desk writes internal notes', [{ field: 'payload.kind', message: 'use "reply"' }]);
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
    recordAudit(this.em, actorOf(principal), { action: `ticket.${entry.kind}.added`, entity: 'Ticket', entityId: ticket.id, after: { entryId: created.id, kind: entry.kind } });
    await this.em.flush();
    if (entry.kind === 'reply' && !staff && opts.toProcess !== false && ticket.processInstanceId && this.processes) {
      const timeToLiveMs = CALLER_WAIT_STATES.includes(ticket.state) ? CALLER_MESSAGE_TTL_MS : 0;
      await new MessageService(this.em, this.processes.engine).publish(
        { name: CALLER_REPLY_MESSAGE, correlationKey: ticket.number, variables: { lastCallerReply: entry.body.slice(0, 2000) }, timeToLiveMs },
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
  async touch(ticket: Ticket, change: (fresh: Ticket) => Partial<Ticket>): Promise<Ticket> {
    for (let attempt = 0; ; attempt++) {
      const fresh = (await this.em.refresh(ticket)) ?? ticket;
      const changes = change(fresh);
      if (!Object.keys(changes).length) return fresh;
      this.em.assign(fresh, { ...changes, updatedAt: new Date() });
      try {
        await this.em.flush();
        return fresh;
      } catch (err) {
        if (!(err instanceof OptimisticLockError) || attempt >= 4) throw err;
      }
    }
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

  /**
   * The ticket's life cycle is its process: the active version of its type's process, keyed by the
   * ticket number. No process deployed yet leaves the ticket `new`, without one.
   */
  private async processToStart(type: TicketType): Promise<ProcessDefinition | undefined> {
    if (!this.processes) return undefined;
    return (await new ProcessDefinitionService(this.em).findActive(this.processes.processIds[type])) ?? undefined;
  }

  private prepareProcess(em: EntityManager, principal: Principal, ticket: Ticket, definition: ProcessDefinition): PreparedStart {
    return new ProcessInstanceService(em, this.processes!.engine).prepare(
      em,
      definition,
      { processId: definition.processId, businessKey: ticket.number, variables: this.processVariables(principal, ticket) },
      startedBy(principal, ticket),
      ticket.processInstanceId!,
    );
  }

  /**
   * A retried create found the ticket its key made. If the first attempt died between committing the
   * ticket and starting its workflow (the API killed, Temporal unreachable and the clean-up with it),
   * the ticket would sit in no queue for ever: start the workflow now, from the instance row committed
   * with the ticket. Temporal refuses a second start of the same workflow id, so this is a no-op when
   * the first attempt got that far.
   */
  private async resumeLaunch(principal: Principal, ticket: Ticket): Promise<void> {
    if (!this.processes || !ticket.processInstanceId) return;
    const instance = await this.em.findOne(ProcessInstance, { id: ticket.processInstanceId }, { populate: ['definition'] });
    if (!instance) return;
    const definition = instance.definition as unknown as ProcessDefinition;
    await this.processes.engine.start({
      instanceId: instance.id,
      graph: definition.graph,
      definition: { id: definition.id, processId: definition.processId, version: definition.version },
      variables: this.processVariables(principal, ticket),
      businessKey: ticket.number,
    });
  }

  private processVariables(principal: Principal, ticket: Ticket): Record<string, unknown> {
    return {
      ticketId: ticket.id,
      ticketNumber: ticket.number,
      title: ticket.title,
      impact: ticket.impact ?? null,
      urgency: ticket.urgency ?? null,
      priority: ticket.priority ?? null,
      service: ticket.service ?? null,
      category: ticket.category ?? null,
      callerId: ticket.callerId ?? null,
      organizationId: ticket.organizationId ?? null,
      openedAt: ticket.createdAt.toISOString(),
      // Set here, never from the caller's payload: a requester's own impact and urgency give only a
      // provisional priority, which the diagram may ask the desk to confirm (see incident.bpmn).
      raisedBy: hasRole(principal, ...STAFF_ROLES) ? 'staff' : 'requester',
    };
  }

  /**
   * Starts the committed ticket's workflow. If Temporal refuses, the ticket, its idempotency key and
   * its instance row go again (the audit trail keeps both events), so a retry with the same key creates
   * it afresh and no ticket sits there without the process that should drive it.
   */
  private async launchProcess(principal: Principal, ticket: Ticket, start: PreparedStart): Promise<void> {
    await new ProcessInstanceService(this.em, this.processes!.engine).launch(start, startedBy(principal, ticket), async (em) => {
      await em.nativeDelete(IdempotencyRecord, { resourceId: ticket.id });
      await em.nativeDelete(TicketLink, { ticketId: ticket.id });
      await em.nativeDelete(Ticket, { id: ticket.id });
      recordAudit(em, actorOf(principal), { action: 'ticket.creationAbandoned', entity: 'Ticket', entityId: ticket.id, after: { number: ticket.number, reason: 'its process could not be started' } });
    });
  }

  private async replay(principal: Principal, key: string, requestHash: string): Promise<Ticket | undefined> {
    const record = await this.em.findOne(IdempotencyRecord, { actorId: principal.userId, key });
    if (!record) return undefined;
    if (record.requestHash !== requestHash) {
      throw new InvalidInput('IDEMPOTENCY_KEY_REUSED', `Idempotency-Key "${key}" was used for a different request`, [{ field: 'headers.idempotency-key', message: 'use a new key for a new ticket' }]);
    }
    const ticket = await this.em.findOne(Ticket, { id: record.resourceId });
    if (!ticket) throw new NotFound('TICKET_NOT_FOUND', 'the ticket this key created is no longer visible');
    return ticket;
  }
}

function startedBy(principal: Principal, ticket: Ticket): StartedBy {
  return { actor: actorOf(principal), organizationId: ticket.organizationId ?? null };
}

function pick(ticket: Ticket): Record<string, unknown> {
  return Object.fromEntries(AUDITED_FIELDS.map((f) => [f, ticket[f] ?? null]));
}

function diff(before: Record<string, unknown>, after: Record<string, unknown>) {
  const changed = Object.keys(after).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
  return { before: Object.fromEntries(changed.map((k) => [k, before[k]])), after: Object.fromEntries(changed.map((k) => [k, after[k]])) };
}
