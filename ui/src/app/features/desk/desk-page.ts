import { Component, computed, inject, input, signal } from '@angular/core';
import { MatDialog } from '@angular/material/dialog';
import { Router, RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { LoggedCallResult } from '../../core/api/calls-api';
import { TICKET_QUEUES, TICKET_STATES, Ticket, TicketQuery, TicketQueue } from '../../core/api/ticket-types';
import { CurrentUser } from '../../core/auth/current-user';
import { Session } from '../../core/auth/session';
import { ticketList } from '../../core/tickets/ticket-list';
import { ListPage } from '../../shared/list-page/list-page';
import { ViewState } from '../../shared/state-view/state-view';
import { SlaCountdown } from '../tickets/sla-countdown';
import { StateBadge } from '../tickets/state-badge';
import { assigneeLabel } from '../tickets/ticket-facts';
import { TICKET_CHANNELS, channelGlyph, channelLabel } from '../tickets/ticket-channel';
import { ZonedDatePipe } from '../../core/time/zoned-date.pipe';
import { LogCallDialog } from './log-call-dialog';
import { BulkActions, BulkResult } from './bulk-actions';

const PAGE_SIZE = 20;
/** Changes arrive over the live stream; this slow re-read only covers a stream that is down. */
const REFRESH_MS = 60_000;

/** What an empty view means, so nobody wonders whether the desk is broken. */
const EMPTY: Record<TicketQueue, string> = {
  all: 'No tickets you may see match.',
  mine: 'Nothing is assigned to you.',
  'my-groups': 'Your groups have no tickets here.',
  unassigned: 'Every ticket of your groups has someone on it.',
  'breaching-soon': 'No ticket of your groups is close to its deadline.',
};

/**
 * The agent workspace: queue tabs, search, state and channel filters and pages. The URL holds the view
 * (`?queue=unassigned&q=vpn&state=new&channel=slack&offset=20`), so back from a ticket returns to the same list.
 * A search looks through every ticket the user may see (All tickets); the tabs then narrow it.
 * The list is read again when a ticket changes (the live stream), and once a minute should the stream be
 * down; while a new view loads, the old rows stay (dimmed), never a spinner. Ticked tickets get the bulk
 * actions (BulkActions); the selection holds across pages and views, by number, until it is applied or cleared.
 */
@Component({
  selector: 'app-desk-page',
  imports: [BulkActions, ZonedDatePipe, RouterLink, ListPage, SlaCountdown, StateBadge],
  templateUrl: './desk-page.html',
  styleUrl: './desk-page.css',
})
export class DeskPage {
  private readonly router = inject(Router);
  private readonly dialog = inject(MatDialog);
  private readonly session = inject(Session);
  private readonly me = inject(CurrentUser).me;
  protected readonly meId = computed(() => this.session.user()?.id ?? null);
  /** Someone in no group (an admin) has empty group queues: their desk opens on every ticket. */
  protected readonly groupless = computed(() => (this.session.user()?.roles ?? []).includes('admin') || this.me()?.groupKeys.length === 0);

  /** Who answers the desk's phone, and so logs calls (the API's scope of POST /calls). */
  protected readonly logsCalls = computed(() => (this.session.user()?.roles ?? []).some((r) => r === 'agent' || r === 'admin'));

  /** Query parameters, bound by the router. */
  readonly queue = input<string>();
  readonly q = input<string>();
  readonly state = input<string>();
  readonly channel = input<string>();
  readonly offset = input<string>();

  protected readonly queues = TICKET_QUEUES;
  protected readonly states = TICKET_STATES;
  protected readonly channels = TICKET_CHANNELS;
  protected readonly channelLabel = channelLabel;
  protected readonly channelGlyph = channelGlyph;
  protected readonly pageSize = PAGE_SIZE;
  protected readonly query = computed<TicketQuery>(() => ({
    queue: TICKET_QUEUES.some((t) => t.value === this.queue()) ? (this.queue() as TicketQueue) : this.groupless() ? 'all' : 'my-groups',
    q: this.q()?.trim() ?? '',
    state: this.state() ?? '',
    channel: TICKET_CHANNELS.some((c) => c.value === this.channel()) ? this.channel()! : '',
    offset: Math.max(0, Math.floor(Number(this.offset()) || 0)),
    limit: PAGE_SIZE,
  }));
  protected readonly queueLabel = computed(() => TICKET_QUEUES.find((t) => t.value === this.query().queue)?.label ?? '');
  protected readonly emptyText = computed(() => {
    const queue = this.query().queue ?? 'all';
    if (this.query().q) return `Nothing matches “${this.query().q}” in ${this.queueLabel()}.`;
    if ((queue === 'my-groups' || queue === 'unassigned') && this.me()?.groupKeys.length === 0)
      return 'You are in no group, so this queue is empty: All tickets shows everything you may see.';
    return EMPTY[queue];
  });

  protected readonly list = ticketList(this.query, REFRESH_MS);
  /** A failed read says so even over old rows; an empty list says why it is empty once its own query answered. */
  protected readonly viewState = computed<ViewState>(() => {
    if (this.list.problem()) return 'error';
    if (this.list.tickets().length) return 'ready';
    return this.list.stale() ? 'loading' : 'empty';
  });

  /** Ticked tickets, by number, as the queue last read them. */
  protected readonly selected = signal<ReadonlyMap<string, Ticket>>(new Map());
  /** The freshest read of each: the live list replaces a ticked row's version when the ticket changed meanwhile. */
  protected readonly selectedTickets = computed(() => {
    const current = new Map(this.list.tickets().map((t) => [t.number, t]));
    return [...this.selected().values()].map((t) => current.get(t.number) ?? t);
  });
  protected readonly bulkResults = signal<BulkResult[]>([]);
  protected readonly doneCount = computed(() => this.bulkResults().filter((r) => r.outcome === 'done').length);
  protected readonly allOnPageSelected = computed(
    () => this.list.tickets().length > 0 && this.list.tickets().every((t) => this.selected().has(t.number)),
  );

  protected toggle(ticket: Ticket, event: Event): void {
    const on = (event.target as HTMLInputElement).checked;
    const next = new Map(this.selected());
    if (on) next.set(ticket.number, ticket);
    else next.delete(ticket.number);
    this.selected.set(next);
  }

  protected togglePage(event: Event): void {
    const on = (event.target as HTMLInputElement).checked;
    const next = new Map(this.selected());
    for (const t of this.list.tickets()) {
      if (on) next.set(t.number, t);
      else next.delete(t.number);
    }
    this.selected.set(next);
  }

  protected clearSelection(): void {
    this.selected.set(new Map());
  }

  protected bulkDone(results: BulkResult[]): void {
    this.bulkResults.set(results);
    this.selected.set(new Map());
  }

  protected assignee(ticket: Ticket): string {
    return assigneeLabel(ticket.assigneeId, this.meId(), ticket.assignee?.displayName);
  }

  protected show(change: { queue?: string; q?: string; state?: string; channel?: string; offset?: number }): void {
    const next = { ...this.query(), offset: 0, ...change };
    void this.router.navigate([], {
      queryParams: {
        queue: next.queue,
        q: next.q || null,
        state: next.state || null,
        channel: next.channel || null,
        offset: next.offset || null,
      },
      replaceUrl: true,
    });
  }

  /** A search covers everything the user may see; the tabs then narrow the results. */
  protected search(event: Event, text: string): void {
    event.preventDefault();
    const q = text.trim();
    this.show(q ? { q, queue: 'all' } : { q });
  }

  /** The call's ticket opens once logged: a new one to work on, or the one the note went to. */
  protected async logCall(): Promise<void> {
    const ref = this.dialog.open<LogCallDialog, void, LoggedCallResult>(LogCallDialog, {
      width: 'min(36rem, calc(100vw - 2rem))',
      maxWidth: 'calc(100vw - 2rem)',
      ariaModal: true,
    });
    const result = await firstValueFrom(ref.afterClosed());
    if (result) await this.router.navigate(['/desk/tickets', result.ticketNumber]);
  }

  protected valueOf(event: Event): string {
    return (event.target as HTMLSelectElement).value;
  }
}
