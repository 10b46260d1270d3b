import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { recordAudit } from '../../audit/audit-log';
import { InvalidInput, WrongState } from '../../errors';
import { actorOf, type Principal } from '../../identity/domain/principal';
import { MessageService } from '../../messages/domain/message-service';
import { FINISHED_STATES } from '../../tickets/domain/ticket-search';
import { CALLER_MESSAGE_TTL_MS } from '../../tickets/domain/ticket-service';
import { TicketLink } from '../../tickets/domain/ticket-link.entity';
import { Ticket } from '../../tickets/domain/ticket.entity';
import type { TicketServices } from '../../tickets/ticket-services';
import { KnownError } from './known-error.entity';
import { linkedIncidents } from './linked-incidents';
import { ProblemChanges } from './problem-changes';

/** The BPMN message a problem's process answers by publishing the workaround (keyed by the problem's number). */
export const WORKAROUND_MESSAGE = 'problem-workaround';

export interface NewProblem {
  title: string;
  description: string;
  incidents: string[];
  service?: string | null;
  category?: string | null;
  impact?: string | null;
  urgency?: string | null;
}

/**
 * Problem management (ITIL): a problem opened from the incidents it explains, its root-cause analysis,
 * its workaround, and the known-error record the desk searches. The problem's life cycle is its
 * process's (problem.bpmn): this service writes the analysis and the links, completes the process's
 * tasks through the ticket actions, and asks the process (a BPMN message) to publish a workaround.
 */
export class ProblemService {
  constructor(
    private readonly em: EntityManager,
    private readonly tickets: TicketServices,
  ) {}

  /**
   * A problem for one or many incidents, linked `caused_by` from each, of their organisation.
   * @param field where the incident numbers came from, for the 4xx that names one (`payload.incidents`)
   */
  async open(principal: Principal, input: NewProblem, idempotencyKey?: string, field = 'payload.incidents'): Promise<Ticket> {
    const incidents = await this.incidentsFor(input.incidents, field);
    const organisations = new Set(incidents.map((i) => i.organizationId ?? null));
    if (organisations.size > 1)
      throw new InvalidInput('MIXED_ORGANIZATIONS', 'the incidents of one problem belong to one customer', [
        { field, message: 'incidents of more than one organisation' },
      ]);
    const organizationId = incidents[0]!.organizationId ?? null;
    const { ticket } = await this.tickets.tickets(this.em).create(
      principal,
      {
        type: 'problem',
        title: input.title,
        description: input.description,
        ...(organizationId ? { organizationId } : {}),
        service: input.service ?? incidents[0]!.service ?? null,
        category: input.category ?? incidents[0]!.category ?? null,
        ...(input.impact ? { impact: input.impact } : {}),
        ...(input.urgency ? { urgency: input.urgency } : {}),
      },
      idempotencyKey,
      { from: incidents[0]!, kind: 'caused_by' },
    );
    await this.writeLinks(principal, ticket, incidents.slice(1));
    recordAudit(this.em, actorOf(principal), {
      action: 'problem.opened',
      entity: 'Ticket',
      entityId: ticket.id,
      after: { number: ticket.number, incidents: incidents.map((i) => i.number) },
    });
    await this.em.flush();
    return ticket;
  }

  /** Links more incidents to an open problem; one already linked is kept as it is. */
  async link(principal: Principal, number: string, numbers: string[]): Promise<Ticket[]> {
    const problem = await this.problem(number);
    if (FINISHED_STATES.includes(problem.state)) throw new WrongState('PROBLEM_FINISHED', `${number} is ${problem.state}`);
    const incidents = await this.incidentsFor(numbers, 'payload.incidents');
    const foreign = incidents.findIndex((i) => (i.organizationId ?? null) !== (problem.organizationId ?? null));
    if (foreign >= 0)
      throw new InvalidInput('MIXED_ORGANIZATIONS', `${incidents[foreign]!.number} is not of ${number}'s customer`, [
        { field: `payload.incidents[${foreign}]`, message: "another customer's incident" },
      ]);
    const added = await this.writeLinks(principal, problem, incidents);
    await this.em.flush();
    return added;
  }

  /** The root-cause analysis; completes the process's analysis task (ticket action `analyse`). */
  async analyse(principal: Principal, number: string, input: { rootCause: string; symptoms?: string; workaround?: string }) {
    const problem = await this.problem(number);
    const record = await this.knownError(problem);
    const result = await this.tickets.actions(this.em).perform(principal, number, { action: 'analyse', rootCause: input.rootCause });
    record.rootCause = input.rootCause;
    record.analysedBy = principal.username;
    if (input.symptoms !== undefined) record.symptoms = input.symptoms;
    record.updatedAt = new Date();
    recordAudit(this.em, actorOf(principal), {
      action: 'problem.analysed',
      entity: 'Ticket',
      entityId: problem.id,
      after: { rootCause: input.rootCause, ...(input.symptoms !== undefined ? { symptoms: input.symptoms } : {}) },
    });
    await this.em.flush();
    if (input.workaround) await this.publishWorkaround(principal, number, input.workaround);
    return result;
  }

  /**
   * Records the workaround on the known error and asks the problem's process to publish it to every
   * linked incident (a public entry, mailed to the caller). Kept for an hour for a process that is
   * still on its way to listening.
   */
  async publishWorkaround(principal: Principal, number: string, workaround: string): Promise<KnownError> {
    const problem = await this.problem(number);
    if (FINISHED_STATES.includes(problem.state)) throw new WrongState('PROBLEM_FINISHED', `${number} is ${problem.state}`);
    if (!problem.processInstanceId) throw new WrongState('TICKET_WITHOUT_PROCESS', `${number} has no process to publish through`);
    const record = await this.knownError(problem);
    record.workaround = workaround;
    record.workaroundPublishedAt = null;
    record.updatedAt = new Date();
    recordAudit(this.em, actorOf(principal), {
      action: 'problem.workaroundPublished',
      entity: 'Ticket',
      entityId: problem.id,
      after: { workaround },
    });
    await this.em.flush();
    await new MessageService(this.em, this.tickets.processes().engine).publish(
      {
        name: WORKAROUND_MESSAGE,
        correlationKey: number,
        variables: { workaroundAt: record.updatedAt.toISOString() },
        timeToLiveMs: CALLER_MESSAGE_TTL_MS,
      },
      actorOf(principal),
      problem.organizationId ?? null,
    );
    return record;
  }

  /** The problem with its analysis and the incidents it explains. */
  async view(number: string): Promise<{ problem: Ticket; knownError: KnownError | null; incidents: Ticket[]; changes: Ticket[] }> {
    const problem = await this.problem(number);
    const knownError = await this.em.findOne(KnownError, { problemTicketId: problem.id });
    const changes = await new ProblemChanges(this.em, this.tickets).changesOf(problem);
    return { problem, knownError, incidents: await linkedIncidents(this.em, problem), changes };
  }

  /** Links a change that removes the problem's root cause: when it closes successful, the problem is resolved. */
  async linkChange(principal: Principal, number: string, change: string): Promise<void> {
    await new ProblemChanges(this.em, this.tickets).link(principal, await this.problem(number), change);
  }

  /** Known errors (a root cause or a workaround is known) whose words all appear in title, symptoms, cause or workaround. */
  async searchKnownErrors(q: string | undefined, limit: number, offset: number): Promise<{ items: KnownError[]; total: number }> {
    const words = (q ?? '').split(/\s+/).filter(Boolean).slice(0, 8);
    const like = (w: string) => `%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const where = {
      $and: [
        { $or: [{ rootCause: { $ne: null } }, { workaround: { $ne: null } }] },
        ...words.map((w) => ({
          $or: [
            { title: { $ilike: like(w) } },
            { symptoms: { $ilike: like(w) } },
            { rootCause: { $ilike: like(w) } },
            { workaround: { $ilike: like(w) } },
            { problemNumber: { $ilike: like(w) } },
          ],
        })),
      ],
    };
    const [items, total] = await this.em.findAndCount(KnownError, where, { orderBy: { updatedAt: 'desc', id: 'asc' }, limit, offset });
    return { items, total };
  }

  async problem(number: string): Promise<Ticket> {
    const ticket = await this.tickets.tickets(this.em).get(number);
    if (ticket.type !== 'problem')
      throw new InvalidInput('NOT_A_PROBLEM', `${number} is not a problem`, [{ field: 'params.number', message: 'a PRB number' }]);
    return ticket;
  }

  private async knownError(problem: Ticket): Promise<KnownError> {
    const existing = await this.em.findOne(KnownError, { problemTicketId: problem.id });
    if (existing) return existing;
    const now = new Date();
    return this.em.create(KnownError, {
      id: randomUUID(),
      problemTicketId: problem.id,
      problemNumber: problem.number,
      title: problem.title,
      symptoms: problem.description,
      rootCause: null,
      workaround: null,
      workaroundPublishedAt: null,
      analysedBy: null,
      service: problem.service ?? null,
      category: problem.category ?? null,
      createdAt: now,
      updatedAt: now,
      organizationId: problem.organizationId ?? null,
    });
  }

  private async incidentsFor(numbers: string[], field: string): Promise<Ticket[]> {
    const found = await this.em.find(Ticket, { number: { $in: numbers } });
    const byNumber = new Map(found.map((t) => [t.number, t]));
    return numbers.map((n, i) => {
      const ticket = byNumber.get(n);
      if (!ticket)
        throw new InvalidInput('UNKNOWN_TICKET', `ticket ${n} does not exist`, [{ field: `${field}[${i}]`, message: 'no such ticket' }]);
      if (ticket.type !== 'incident')
        throw new InvalidInput('NOT_AN_INCIDENT', `${n} is a ${ticket.type}, not an incident`, [
          { field: `${field}[${i}]`, message: 'an incident' },
        ]);
      return ticket;
    });
  }

  private async writeLinks(principal: Principal, problem: Ticket, incidents: Ticket[]): Promise<Ticket[]> {
    const existing = await this.em.find(TicketLink, { linkedTicketId: problem.id, kind: 'caused_by' });
    const linked = new Set(existing.map((l) => l.ticketId));
    const added = incidents.filter((i) => !linked.has(i.id) && i.id !== problem.id);
    for (const incident of added) {
      this.em.create(TicketLink, {
        id: randomUUID(),
        ticketId: incident.id,
        linkedTicketId: problem.id,
        kind: 'caused_by',
        createdBy: principal.username,
        createdAt: new Date(),
        organizationId: incident.organizationId ?? null,
      });
      recordAudit(this.em, actorOf(principal), {
        action: 'ticket.linked',
        entity: 'Ticket',
        entityId: incident.id,
        after: { kind: 'caused_by', linked: problem.number },
      });
    }
    return added;
  }
}
