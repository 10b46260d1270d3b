import type { EntityManager } from '@mikro-orm/postgresql';
import { NotWaitingFor, WrongState } from '../../errors';
import type { Principal } from '../../identity/domain/principal';
import type { OutgoingMailDeps } from '../../mail/domain/outgoing-mail';
import { TicketMailer } from '../../mail/domain/ticket-mailer';
import { TicketEntry } from '../../tickets/domain/ticket-entry.entity';
import { FINISHED_STATES } from '../../tickets/domain/ticket-search';
import type { Ticket } from '../../tickets/domain/ticket.entity';
import type { TicketServices } from '../../tickets/ticket-services';
import { KnownError } from './known-error.entity';
import { linkedIncidents } from './linked-incidents';

/**
 * What a problem's process does to the incidents it explains (task types `problem-workaround` and
 * `problem-resolve-incidents`). Both run at least once: each incident is checked before it is written,
 * so a retry finishes the ones a failed attempt did not reach and touches the others no more.
 */
export class ProblemFollowThrough {
  constructor(
    private readonly em: EntityManager,
    private readonly tickets: TicketServices,
    private readonly principal: Principal,
    private readonly mail?: OutgoingMailDeps,
  ) {}

  /**
   * The problem's current workaround, as a public entry on every linked incident that is not finished,
   * mailed to its caller (the desk's reply template, threaded like any reply). @returns the incidents reached
   */
  async publishWorkaround(problem: Ticket): Promise<string[]> {
    const record = await this.em.findOne(KnownError, { problemTicketId: problem.id });
    if (!record?.workaround) return [];
    const body = `Workaround from ${problem.number} (${problem.title}):\n\n${record.workaround}`;
    const reached: string[] = [];
    for (const incident of await linkedIncidents(this.em, problem)) {
      if (incident.state === 'closed' || incident.state === 'cancelled') continue;
      let entry = await this.em.findOne(TicketEntry, { ticketId: incident.id, kind: 'reply', body });
      entry ??= await this.tickets
        .tickets(this.em)
        .addEntry(this.principal, incident.number, { kind: 'reply', body }, { toProcess: false });
      // The Message-ID is derived from the entry, so a retry does not mail twice.
      if (this.mail) await new TicketMailer(this.em, this.mail).mailReply(incident, entry, this.principal);
      reached.push(incident.number);
    }
    record.workaroundPublishedAt = new Date();
    await this.em.flush();
    return reached;
  }

  /**
   * Resolves every open linked incident through its own process (its `resolve` ticket action), with the
   * problem as the resolution. One whose process does not wait for a resolution now (awaiting the
   * caller, still being categorised) is left open with a work note saying so, for the desk.
   */
  async resolveIncidents(problem: Ticket, notes: string): Promise<{ resolved: string[]; leftOpen: string[] }> {
    const resolved: string[] = [];
    const leftOpen: string[] = [];
    const service = this.tickets.tickets(this.em);
    for (const incident of await linkedIncidents(this.em, problem)) {
      if (FINISHED_STATES.includes(incident.state)) continue;
      try {
        await this.tickets.actions(this.em).perform(this.principal, incident.number, {
          action: 'resolve',
          resolutionCode: 'solved',
          resolutionNotes: `Resolved with problem ${problem.number}: ${notes}`.slice(0, 20_000),
        });
        resolved.push(incident.number);
      } catch (err) {
        if (!(err instanceof NotWaitingFor || err instanceof WrongState)) throw err;
        const note = `Problem ${problem.number} was resolved, but this incident's process could not be resolved with it: ${err.message}`;
        if (!(await this.em.findOne(TicketEntry, { ticketId: incident.id, kind: 'note', body: note })))
          await service.addEntry(this.principal, incident.number, { kind: 'note', body: note });
        leftOpen.push(incident.number);
      }
    }
    return { resolved, leftOpen };
  }
}
