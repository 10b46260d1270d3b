import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { recordAudit } from '../../audit/audit-log';
import { InvalidInput, NotWaitingFor, WrongState } from '../../errors';
import { actorOf, type Principal } from '../../identity/domain/principal';
import { TicketEntry } from '../../tickets/domain/ticket-entry.entity';
import { TicketLink, type TicketLinkKind } from '../../tickets/domain/ticket-link.entity';
import { FINISHED_STATES } from '../../tickets/domain/ticket-search';
import { Ticket } from '../../tickets/domain/ticket.entity';
import type { TicketServices } from '../../tickets/ticket-services';

/** The link kind: the problem (ticket) is resolved by the change (linked ticket). */
export const RESOLVED_BY = 'resolved_by' as TicketLinkKind;

/**
 * ITIL: a problem whose root cause needs a change to remove is resolved through that change. A problem
 * links the change(s) that fix it; when such a change closes successful, its process (task type
 * `change-resolve-problems`) resolves the problem through the problem's own process — whose
 * resolution then resolves the problem's open linked incidents, as for any resolution. A change that
 * failed or was backed out resolves nothing: the problem stays where it is.
 */
export class ProblemChanges {
  constructor(
    private readonly em: EntityManager,
    private readonly tickets: TicketServices,
  ) {}

  /** Links a change to an open problem of the same customer; linking it again changes nothing. */
  async link(principal: Principal, problem: Ticket, changeNumber: string): Promise<void> {
    if (FINISHED_STATES.includes(problem.state)) throw new WrongState('PROBLEM_FINISHED', `${problem.number} is ${problem.state}`);
    const change = await this.em.findOne(Ticket, { number: changeNumber });
    const field = [{ field: 'payload.change', message: 'an open change of the problem’s customer' }];
    if (!change) throw new InvalidInput('UNKNOWN_TICKET', `ticket ${changeNumber} does not exist`, field);
    if (change.type !== 'change') throw new InvalidInput('NOT_A_CHANGE', `${changeNumber} is a ${change.type}, not a change`, field);
    if ((change.organizationId ?? null) !== (problem.organizationId ?? null))
      throw new InvalidInput('MIXED_ORGANIZATIONS', `${changeNumber} is not of ${problem.number}'s customer`, field);
    if (FINISHED_STATES.includes(change.state))
      throw new WrongState('CHANGE_FINISHED', `${changeNumber} is ${change.state} already: link a change that is still to be implemented`);
    if (await this.em.count(TicketLink, { ticketId: problem.id, linkedTicketId: change.id, kind: RESOLVED_BY })) return;
    this.em.create(TicketLink, {
      id: randomUUID(),
      ticketId: problem.id,
      linkedTicketId: change.id,
      kind: RESOLVED_BY,
      createdBy: principal.username,
      createdAt: new Date(),
      organizationId: problem.organizationId ?? null,
    });
    recordAudit(this.em, actorOf(principal), {
      action: 'ticket.linked',
      entity: 'Ticket',
      entityId: problem.id,
      after: { kind: RESOLVED_BY, linked: change.number },
    });
    await this.em.flush();
  }

  /** The changes linked to resolve a problem, oldest link first. */
  async changesOf(problem: Ticket): Promise<Ticket[]> {
    const links = await this.em.find(TicketLink, { ticketId: problem.id, kind: RESOLVED_BY }, { orderBy: { createdAt: 'asc' } });
    if (!links.length) return [];
    const changes = await this.em.find(Ticket, { id: { $in: links.map((l) => l.linkedTicketId) } });
    const byId = new Map(changes.map((c) => [c.id, c]));
    return links.map((l) => byId.get(l.linkedTicketId)).filter((c): c is Ticket => !!c);
  }

  /**
   * Resolves each open problem linked to a change that closed successful (anything else resolves
   * nothing). A problem whose process does not wait for its resolution now (still being analysed) is
   * left open with a work note saying so, for the problem manager. At least once: a retry finds the
   * resolved ones finished and notes nothing twice.
   */
  async resolveThrough(principal: Principal, change: Ticket): Promise<{ resolvedProblems: string[]; problemsLeftOpen: string[] }> {
    const resolvedProblems: string[] = [];
    const problemsLeftOpen: string[] = [];
    if (change.type !== 'change' || change.resolutionCode !== 'successful') return { resolvedProblems, problemsLeftOpen };
    const links = await this.em.find(TicketLink, { linkedTicketId: change.id, kind: RESOLVED_BY }, { orderBy: { createdAt: 'asc' } });
    const problems = links.length ? await this.em.find(Ticket, { id: { $in: links.map((l) => l.ticketId) }, type: 'problem' }) : [];
    for (const problem of problems) {
      if (FINISHED_STATES.includes(problem.state)) continue;
      try {
        await this.tickets.actions(this.em).perform(principal, problem.number, {
          action: 'resolve',
          resolutionCode: 'solved',
          resolutionNotes:
            `Resolved by change ${change.number} (${change.title}), closed successful.${change.resolutionNotes ? ` ${change.resolutionNotes}` : ''}`.slice(
              0,
              20_000,
            ),
        });
        resolvedProblems.push(problem.number);
      } catch (err) {
        if (!(err instanceof NotWaitingFor || err instanceof WrongState)) throw err;
        const note = `Change ${change.number} closed successful, but this problem's process could not be resolved with it: ${err.message}`;
        if (!(await this.em.findOne(TicketEntry, { ticketId: problem.id, kind: 'note', body: note })))
          await this.tickets.tickets(this.em).addEntry(principal, problem.number, { kind: 'note', body: note });
        problemsLeftOpen.push(problem.number);
      }
    }
    return { resolvedProblems, problemsLeftOpen };
  }
}
