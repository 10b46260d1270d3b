import { Injectable, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Observable, filter, firstValueFrom, from, merge, timer } from 'rxjs';
import { exhaustMapLatest } from '../util/exhaust-map-latest';
import { LiveTickets, type LiveTicketEvent } from '../live/live-tickets';
import { ApiProblem, toApiProblem } from '../api/api-error';
import { Ticket, TicketActionResult, TicketEntry, TicketLink } from '../api/ticket-types';
import { TicketsApi } from '../api/tickets-api';

/**
 * Others (the caller, the process, a colleague) change the ticket meanwhile: the live stream says when;
 * this slow refresh is the safety net for a stream that is down.
 */
const REFRESH_MS = 30_000;
/** After an action the process moves on its own; look this often, this many times, for the new state. */
const SETTLE_MS = 700;
const SETTLE_TRIES = 15;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One ticket as a page shows it: the ticket, its conversation and links, kept fresh in the background.
 * Provided by each ticket page, so it lives and polls exactly as long as the page.
 */
@Injectable()
export class TicketView {
  private readonly api = inject(TicketsApi);
  private number: string | null = null;
  private withLinks = false;
  private seq = 0;

  readonly ticket = signal<Ticket | null>(null);
  readonly entries = signal<TicketEntry[]>([]);
  readonly links = signal<TicketLink[]>([]);
  /** Why the ticket could not be read (404 for a number the user may not see). */
  readonly problem = signal<ApiProblem | null>(null);
  /** True while waiting for the process to move after an action. */
  readonly settling = signal(false);

  constructor() {
    const aboutThisTicket = (e: LiveTicketEvent) => {
      const ticket = this.ticket();
      if (e.kind === 'resync') return true;
      if (!ticket) return false;
      return e.kind === 'process' ? e.processInstanceId === ticket.processInstanceId : e.ticketId === ticket.id;
    };
    merge(timer(REFRESH_MS, REFRESH_MS), inject(LiveTickets).changes.pipe(filter(aboutThisTicket)))
      .pipe(
        exhaustMapLatest(() => from(this.refresh())),
        takeUntilDestroyed(),
      )
      .subscribe();
  }

  /** Shows ticket `number`; `withLinks` also reads its linked tickets (the desk shows them). */
  async open(number: string, withLinks: boolean): Promise<void> {
    this.number = number;
    this.withLinks = withLinks;
    this.ticket.set(null);
    this.entries.set([]);
    this.links.set([]);
    await this.refresh(true);
  }

  /** Reads the ticket and its conversation again; links only when asked (they rarely change). */
  async refresh(includeLinks = false): Promise<void> {
    const number = this.number;
    if (!number) return;
    const seq = ++this.seq;
    try {
      const [ticket, entries, links] = await Promise.all([
        firstValueFrom(this.api.get(number)),
        firstValueFrom(this.api.entries(number)),
        includeLinks && this.withLinks ? firstValueFrom(this.api.links(number)) : Promise.resolve(null),
      ]);
      // A slower, older read must not overwrite a newer one.
      if (seq !== this.seq || number !== this.number) return;
      this.ticket.set(ticket);
      this.entries.set(entries);
      if (links) this.links.set(links);
      this.problem.set(null);
    } catch (error) {
      if (seq === this.seq) this.problem.set(toApiProblem(error));
    }
  }

  /**
   * Runs an action on the ticket: shows the ticket it answers with, then (`followProcess`, for what
   * the process acts on) follows the process until the state moves. Resolves with the API's problem
   * (shown by the form), or null on success.
   */
  async act(call: () => Observable<Ticket | TicketActionResult>, followProcess = true): Promise<ApiProblem | null> {
    const stateBefore = this.ticket()?.state ?? '';
    try {
      const result = await firstValueFrom(call());
      this.accept('ticket' in result ? result.ticket : result);
    } catch (error) {
      // A stale version or a process that moved on: show the ticket as it is now beside the message.
      void this.refresh();
      return toApiProblem(error);
    }
    void (followProcess ? this.settle(stateBefore) : this.refresh());
    return null;
  }

  /** An action's answer carries the ticket as it is now: show it at once. */
  accept(ticket: Ticket): void {
    if (ticket.number === this.number) this.ticket.set(ticket);
  }

  /**
   * After an action, the ticket's process changes the state asynchronously: read the ticket a few
   * times until its state differs from `stateBefore` (or give up; the background refresh goes on).
   */
  async settle(stateBefore: string): Promise<void> {
    this.settling.set(true);
    try {
      await this.refresh(true);
      for (let i = 0; i < SETTLE_TRIES && this.ticket()?.state === stateBefore; i++) {
        await pause(SETTLE_MS);
        await this.refresh();
      }
      await this.refresh(true);
    } finally {
      this.settling.set(false);
    }
  }
}
