import { Component, computed, inject, input } from '@angular/core';
import { DatePipe } from '@angular/common';
import { Router, RouterLink } from '@angular/router';
import { TICKET_QUEUES, TICKET_STATES, Ticket, TicketQuery, TicketQueue } from '../../core/api/ticket-types';
import { Session } from '../../core/auth/session';
import { ticketList } from '../../core/tickets/ticket-list';
import { ProblemMessage } from '../operate/problem-message';
import { SlaCountdown } from '../tickets/sla-countdown';
import { StateBadge } from '../tickets/state-badge';
import { assigneeLabel } from '../tickets/ticket-facts';

const PAGE_SIZE = 20;
const REFRESH_MS = 5000;
const DEFAULT_QUEUE: TicketQueue = 'my-groups';

/**
 * The agent workspace: queue tabs, search, state filter and pages. The URL holds the view
 * (`?queue=unassigned&q=vpn&state=new&offset=20`), so back from a ticket returns to the same list.
 * The list refreshes every 5 s; while a new view loads, the old rows stay (dimmed), never a spinner.
 */
@Component({
  selector: 'app-desk-page',
  imports: [DatePipe, RouterLink, ProblemMessage, SlaCountdown, StateBadge],
  templateUrl: './desk-page.html',
  styleUrl: './desk-page.css',
})
export class DeskPage {
  private readonly router = inject(Router);
  private readonly session = inject(Session);
  protected readonly meId = computed(() => this.session.user()?.id ?? null);

  /** Query parameters, bound by the router. */
  readonly queue = input<string>();
  readonly q = input<string>();
  readonly state = input<string>();
  readonly offset = input<string>();

  protected readonly queues = TICKET_QUEUES;
  protected readonly states = TICKET_STATES;
  protected readonly pageSize = PAGE_SIZE;
  protected readonly query = computed<TicketQuery>(() => ({
    queue: TICKET_QUEUES.some((t) => t.value === this.queue()) ? (this.queue() as TicketQueue) : DEFAULT_QUEUE,
    q: this.q()?.trim() ?? '',
    state: this.state() ?? '',
    offset: Math.max(0, Math.floor(Number(this.offset()) || 0)),
    limit: PAGE_SIZE,
  }));

  protected readonly list = ticketList(this.query, REFRESH_MS);

  protected assignee(ticket: Ticket): string {
    return assigneeLabel(ticket.assigneeId, this.meId());
  }

  protected show(change: { queue?: string; q?: string; state?: string; offset?: number }): void {
    const next = { ...this.query(), offset: 0, ...change };
    void this.router.navigate([], {
      queryParams: { queue: next.queue, q: next.q || null, state: next.state || null, offset: next.offset || null },
      replaceUrl: true,
    });
  }

  protected search(event: Event, text: string): void {
    event.preventDefault();
    this.show({ q: text.trim() });
  }

  protected valueOf(event: Event): string {
    return (event.target as HTMLSelectElement).value;
  }
}
