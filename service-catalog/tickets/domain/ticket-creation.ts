// Over 300 lines because raising a ticket is one transaction: refusals, number, row, audit, links, channel rows and the process start.
import { createHash, randomUUID } from 'node:crypto';
import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/postgresql';
import { ProcessInstanceNotFound, type EngineClient } from '../../../workflows/client';
import { recordAudit } from '../../audit/audit-log';
import { InvalidInput, TicketNotFound } from '../../errors';
import { owningOrganization } from '../../identity/domain/owning-organization';
import { actorOf, hasRole, userIdOf, type Principal } from '../../identity/domain/principal';
import { STAFF_ROLES } from '../../identity/domain/roles';
import { ProcessDefinitionService } from '../../processes/domain/process-definition-service';
import type { ProcessDefinition } from '../../processes/domain/process-definition.entity';
import {
  assertStartable,
  ProcessInstanceService,
  type PreparedStart,
  type StartedBy,
} from '../../processes/domain/process-instance-service';
import { ProcessInstance } from '../../processes/domain/process-instance.entity';
import { resolveServiceNaming } from '../../services/domain/service-reference';
import { findUnstorableText } from '../../text/unstorable-text';
import { assignableUser } from './assignee-rule';
import { IdempotencyRecord } from './idempotency-record.entity';
import {
  CREATABLE_FIELDS,
  fieldValues,
  type CreatableField,
  START_VARIABLE_FIELDS,
  STAFF_ONLY_FIELDS,
  type NewTicketFields,
} from './ticket-fields';
import { TicketLink, type TicketLinkKind } from './ticket-link.entity';
import { formatTicketNumber, TICKET_PROCESS_IDS, type TicketType } from './ticket-types';
import { auditedValues } from './ticket-writes';
import { Ticket, type TicketChannel } from './ticket.entity';
import { noteTicketNumber } from '../../observability/log-context';

/** A ticket to raise: its type and the fields a client may send (see ticket-fields.ts). */
export type NewTicket = NewTicketFields & { type: TicketType; description: string };

/** How tickets reach their processes: the engine, and which process each ticket type runs. */
export interface TicketProcesses {
  engine: EngineClient;
  processIds: Record<TicketType, string>;
}

export function ticketProcesses(engine: EngineClient, overrides: Partial<Record<TicketType, string>> = {}): TicketProcesses {
  return { engine, processIds: { ...TICKET_PROCESS_IDS, ...overrides } };
}

/**
 * A link written with the new ticket in the same transaction, so neither exists without the other:
 * `to` links the new ticket to an existing one (a follow-up `related` to the closed ticket it
 * follows); `from` links an existing ticket to the new one (a major incident `caused_by` the problem
 * its process opens).
 */
export type NewTicketLink = { kind: TicketLinkKind } & ({ to: Ticket; from?: never } | { from: Ticket; to?: never });

/**
 * What a channel adds to a ticket's start (a catalog order): the process to run instead of its type's
 * (an item's fulfilment process), variables beside the ticket's own, and rows written with the ticket
 * in its transaction (the order's answers), so neither exists without the other.
 */
export interface TicketStartExtras {
  processId?: string;
  variables?: Record<string, unknown>;
  writeWith?: (em: EntityManager, ticket: Ticket) => void;
  /**
   * What an `Idempotency-Key` retry is compared by, when the channel's request is not the ticket it
   * derives (a catalog order: the item and the answers); by default the ticket input's hash.
   */
  requestHash?: string;
  /** The channel it came in on (chat, contact form), recorded on the ticket. */
  channel?: TicketChannel;
}

/**
 * Raising a ticket, the one way every channel does it (API, mail, follow-ups, a process opening a
 * linked ticket): refusals first, then the number, the row, the audit entry, an optional link and
 * the instance row of its type's process in one transaction; the workflow starts after the commit.
 */
export class TicketCreation {
  constructor(
    private readonly em: EntityManager,
    private readonly processes?: TicketProcesses,
  ) {}

  async create(
    principal: Principal,
    input: NewTicket,
    idempotencyKey?: string,
    link?: NewTicketLink,
    extras: TicketStartExtras = {},
  ): Promise<{ ticket: Ticket; replayed: boolean }> {
    const staff = hasRole(principal, ...STAFF_ROLES);
    const forbidden = staff ? [] : STAFF_ONLY_FIELDS.filter((f) => input[f] !== undefined);
    if (forbidden.length) {
      throw new InvalidInput(
        'FIELD_NOT_ALLOWED',
        `a requester cannot set ${forbidden.join(', ')}`,
        forbidden.map((f) => ({ field: `payload.${f}`, message: 'set by the service desk' })),
      );
    }
    // The API refuses such text at its edge; mail and processes create tickets too.
    const unstorable = findUnstorableText({ ...input });
    if (unstorable.length)
      throw new InvalidInput('UNSTORABLE_TEXT', unstorable.map((u) => `${u.field}: ${u.message}`).join('; '), unstorable);
    const requestHash = extras.requestHash ?? createHash('sha256').update(JSON.stringify(input)).digest('hex');
    try {
      // The reads the refusals need share the transaction that writes: one transaction per create, not five.
      const outcome = await this.em.transactional(async (em) => {
        if (idempotencyKey) {
          const earlier = await this.replay(em, principal, idempotencyKey, requestHash);
          if (earlier) return { replayed: true as const, ticket: earlier };
        }
        const organizationId = await owningOrganization(em, principal, input.organizationId);
        input = { ...input, ...(await resolveServiceNaming(em, organizationId, input, 'payload.')) };
        if (input.assigneeId) await assignableUser(em, input.assigneeId, organizationId);
        const definition = await this.processToStart(em, input.type, extras.processId);
        // Every refusal comes before the number is drawn: a sequence value is never given back, so a
        // refused create drawing one would leave a gap in the desk's numbering.
        if (definition) assertStartable(definition);
        // em.execute runs inside this transaction; getConnection().execute would take a second pooled
        // connection, and a pool's worth of concurrent creates would then wait on each other for ever.
        // From here on nothing refuses: the rows below are what gets written.
        const [{ next }] = (await em.execute(`select nextval('ticket_number_${input.type}') as next`)) as Array<{ next: string }>;
        const now = new Date();
        const ticket = em.create(Ticket, {
          ...(fieldValues(input, CREATABLE_FIELDS) as Pick<Ticket, CreatableField> & { tags: string[] }),
          id: randomUUID(),
          number: formatTicketNumber(input.type, Number(next)),
          type: input.type,
          title: input.title,
          description: input.description,
          callerId: staff ? (input.callerId ?? null) : userIdOf(principal),
          organizationId,
          state: 'new',
          // The instance id is chosen with the ticket, so the ticket is written once and its version stays 1.
          processInstanceId: definition ? randomUUID() : null,
          channel: extras.channel ?? null,
          createdAt: now,
          updatedAt: now,
        });
        // The request's log lines and span name the ticket from here on.
        noteTicketNumber(ticket.number);
        if (idempotencyKey) {
          em.create(IdempotencyRecord, {
            id: randomUUID(),
            actorId: principal.userId,
            key: idempotencyKey,
            requestHash,
            resourceId: ticket.id,
            createdAt: now,
          });
        }
        recordAudit(em, actorOf(principal), {
          action: 'ticket.created',
          entity: 'Ticket',
          entityId: ticket.id,
          after: { number: ticket.number, ...auditedValues(ticket) },
        });
        if (link) {
          // The link references the new ticket: it is written first.
          await em.flush();
          const [from, to] = link.to ? [ticket, link.to] : [link.from!, ticket];
          em.create(TicketLink, {
            id: randomUUID(),
            ticketId: from.id,
            linkedTicketId: to.id,
            kind: link.kind,
            createdBy: principal.username,
            createdAt: now,
            organizationId: from.organizationId ?? null,
          });
          recordAudit(em, actorOf(principal), {
            action: 'ticket.linked',
            entity: 'Ticket',
            entityId: from.id,
            after: { kind: link.kind, linked: to.number },
          });
        }
        if (extras.writeWith) {
          // What the channel writes references the new ticket: the ticket goes first.
          await em.flush();
          extras.writeWith(em, ticket);
        }
        const start = definition ? this.prepareProcess(em, principal, ticket, definition, extras.variables) : undefined;
        await em.flush();
        return { replayed: false as const, ticket, start };
      });
      if (outcome.replayed) {
        // The first try may have died between its commit and the workflow start: a retry finishes that.
        await this.ensureProcessStarted(principal, outcome.ticket);
        return { ticket: outcome.ticket, replayed: true };
      }
      const { ticket, start } = outcome;
      if (start) await this.launchProcess(principal, ticket, start);
      return { ticket, replayed: false };
    } catch (err) {
      // Two retries raced with the same key: the first one won; answer with its ticket.
      if (idempotencyKey && err instanceof UniqueConstraintViolationException) {
        const earlier = await this.replay(this.em, principal, idempotencyKey, requestHash);
        if (earlier) return { ticket: earlier, replayed: true };
      }
      throw err;
    }
  }

  /**
   * Starts the workflow of a ticket whose instance row was committed but whose start never happened
   * (the process that raised it stopped between the two): a retry then finishes the job. A workflow
   * that exists, running or ended, is left alone, so this never starts a ticket's process twice.
   */
  async ensureProcessStarted(principal: Principal, ticket: Ticket): Promise<void> {
    if (!ticket.processInstanceId || !this.processes) return;
    const instance = await this.em.findOne(ProcessInstance, { id: ticket.processInstanceId }, { populate: ['definition'] });
    if (!instance) return;
    try {
      await this.processes.engine.inspect(instance.id);
      return;
    } catch (err) {
      if (!(err instanceof ProcessInstanceNotFound)) throw err;
    }
    const definition = instance.definition as unknown as ProcessDefinition;
    await this.processes.engine.start({
      instanceId: instance.id,
      graph: definition.graph,
      definition: { id: definition.id, processId: definition.processId, version: definition.version },
      variables: startVariables(principal, ticket),
      businessKey: ticket.number,
      organizationId: instance.organizationId ?? null,
    });
  }

  /**
   * The ticket's life cycle is its process: the active version of its type's process, keyed by the
   * ticket number. No process deployed yet leaves the ticket `new`, without one.
   */
  private async processToStart(em: EntityManager, type: TicketType, processId?: string): Promise<ProcessDefinition | undefined> {
    if (!this.processes) return undefined;
    return (await new ProcessDefinitionService(em).findActive(processId ?? this.processes.processIds[type])) ?? undefined;
  }

  private prepareProcess(
    em: EntityManager,
    principal: Principal,
    ticket: Ticket,
    definition: ProcessDefinition,
    extra: Record<string, unknown> = {},
  ): PreparedStart {
    return new ProcessInstanceService(em, this.processes!.engine).prepare(
      em,
      definition,
      { processId: definition.processId, businessKey: ticket.number, variables: { ...extra, ...startVariables(principal, ticket) } },
      startedBy(principal, ticket),
      ticket.processInstanceId!,
    );
  }

  /**
   * Starts the committed ticket's workflow. If Temporal refuses, the ticket, its idempotency key, its
   * links and its instance row go again (the audit trail keeps both events), so a retry with the same
   * key creates it afresh and no ticket sits there without the process that should drive it.
   */
  private async launchProcess(principal: Principal, ticket: Ticket, start: PreparedStart): Promise<void> {
    await new ProcessInstanceService(this.em, this.processes!.engine).launch(start, startedBy(principal, ticket), async (em) => {
      await em.nativeDelete(IdempotencyRecord, { resourceId: ticket.id });
      await em.nativeDelete(TicketLink, { $or: [{ ticketId: ticket.id }, { linkedTicketId: ticket.id }] });
      await em.nativeDelete(Ticket, { id: ticket.id });
      recordAudit(em, actorOf(principal), {
        action: 'ticket.creationAbandoned',
        entity: 'Ticket',
        entityId: ticket.id,
        after: { number: ticket.number, reason: 'its process could not be started' },
      });
    });
  }

  private async replay(em: EntityManager, principal: Principal, key: string, requestHash: string): Promise<Ticket | undefined> {
    const record = await em.findOne(IdempotencyRecord, { actorId: principal.userId, key });
    if (!record) return undefined;
    if (record.requestHash !== requestHash) {
      throw new InvalidInput('IDEMPOTENCY_KEY_REUSED', `Idempotency-Key "${key}" was used for a different request`, [
        { field: 'headers.idempotency-key', message: 'use a new key for a new ticket' },
      ]);
    }
    const ticket = await em.findOne(Ticket, { id: record.resourceId });
    if (!ticket) throw new TicketNotFound('the ticket this key created is no longer visible');
    return ticket;
  }
}

/**
 * What a ticket's process starts with: the declared start fields (ticket-fields.ts), the ticket's
 * identity and who raised it.
 */
export function startVariables(principal: Principal, ticket: Ticket): Record<string, unknown> {
  return {
    ticketId: ticket.id,
    ticketNumber: ticket.number,
    ...fieldValues(ticket, START_VARIABLE_FIELDS),
    openedAt: ticket.createdAt.toISOString(),
    // Set here, never from the caller's payload: a requester's own impact and urgency give only a
    // provisional priority, which the diagram may ask the desk to confirm (see incident.bpmn).
    raisedBy: hasRole(principal, ...STAFF_ROLES) ? 'staff' : 'requester',
  };
}

function startedBy(principal: Principal, ticket: Ticket): StartedBy {
  return { actor: actorOf(principal), organizationId: ticket.organizationId ?? null };
}
