import { Component, computed, inject, signal } from '@angular/core';
import { DatePipe } from '@angular/common';
import { RouterLink } from '@angular/router';
import { ApprovalsApi } from '../../core/api/approvals-api';
import { PendingSurvey } from '../../core/api/knowledge-types';
import { SurveysApi } from '../../core/api/surveys-api';
import { TicketQuery } from '../../core/api/ticket-types';
import { Session } from '../../core/auth/session';
import { ticketList } from '../../core/tickets/ticket-list';
import { ProblemMessage } from '../operate/problem-message';
import { StateBadge } from '../tickets/state-badge';

const PAGE_SIZE = 20;
/** Changes arrive over the live stream; this slow re-read only covers a stream that is down. */
const REFRESH_MS = 60_000;

/** The requester's tickets (and their organisation's, which the API lets them see), newest first. */
@Component({
  selector: 'app-portal-page',
  imports: [DatePipe, ProblemMessage, RouterLink, StateBadge],
  template: `
    <section class="card" aria-labelledby="portal-title">
      <header class="card-header">
        <div>
          <h2 id="portal-title">My tickets</h2>
          <p class="hint">Your requests and your organisation's, newest first.</p>
        </div>
        <span class="actions">
          <a class="button" routerLink="/portal/chat" data-testid="portal-chat-link">Chat with us</a>
          <a class="button" routerLink="/portal/catalog" data-testid="catalog-link">Order from the catalog</a>
          <a class="button primary" routerLink="/portal/new" data-testid="raise-ticket-link">Raise a ticket</a>
        </span>
      </header>
      @if (waiting() > 0) {
        <p class="approvals-waiting" role="status">
          <a routerLink="/portal/approvals" data-testid="portal-approvals-link"
            >{{ waiting() }} approval{{ waiting() === 1 ? '' : 's' }} waiting for you</a
          >
        </p>
      }
      @if (surveys().length) {
        <section class="surveys-waiting" aria-labelledby="surveys-title" data-testid="pending-surveys">
          <h3 id="surveys-title">How did we do? {{ surveys().length }} survey{{ surveys().length === 1 ? '' : 's' }} waiting for you</h3>
          <ul>
            @for (p of surveys(); track p.ticketNumber) {
              <li data-testid="pending-survey" [attr.data-number]="p.ticketNumber">
                <a [routerLink]="['/portal/tickets', p.ticketNumber]" fragment="survey" data-testid="pending-survey-link"
                  >Rate <span class="mono">{{ p.ticketNumber }}</span> {{ p.title }}</a
                >
                <span class="muted">resolved {{ p.resolvedAt | date: 'mediumDate' }}</span>
              </li>
            }
          </ul>
        </section>
      }
      <form class="filters" role="search" aria-label="Search my tickets" (submit)="$event.preventDefault(); search(box.value)">
        <label class="field inline"
          ><span>Search</span><input #box type="text" data-testid="portal-search" placeholder="number or words"
        /></label>
        <button type="submit">Search</button>
      </form>
      @if (list.problem(); as p) {
        <app-problem-message data-testid="tickets-error" [problem]="p" />
      }
      <ul class="my-tickets" data-testid="portal-tickets" [class.stale]="list.stale()" [attr.aria-busy]="list.stale()">
        @for (t of list.tickets(); track t.id) {
          <li data-testid="portal-ticket" [attr.data-number]="t.number">
            <a [routerLink]="['/portal/tickets', t.number]" data-testid="portal-ticket-link">
              <span class="mono">{{ t.number }}</span> {{ t.title }}
            </a>
            <app-state-badge [state]="t.state" audience="caller" />
            <span class="muted">
              raised {{ t.createdAt | date: 'medium' }}{{ t.callerId === meId() ? ' by you' : '' }} · updated
              {{ t.updatedAt | date: 'short' }}
            </span>
          </li>
        } @empty {
          <li class="muted">{{ list.stale() ? 'Loading…' : 'No tickets yet.' }}</li>
        }
      </ul>
      <nav class="pager" aria-label="Ticket pages">
        <button type="button" (click)="page(-1)" [disabled]="query().offset === 0">Newer</button>
        <span class="muted"
          >{{ list.total() ? query().offset + 1 : 0 }}–{{ query().offset + list.tickets().length }} of {{ list.total() }}</span
        >
        <button type="button" (click)="page(1)" [disabled]="query().offset + pageSize >= list.total()">Older</button>
      </nav>
    </section>
  `,
  styles: `
    .surveys-waiting {
      border: 1px solid var(--border);
      border-radius: 8px;
      padding: 0.5rem 0.75rem;
      margin-bottom: 0.75rem;
    }
    .surveys-waiting h3 {
      margin: 0 0 0.4rem;
      font-size: 1rem;
    }
    .surveys-waiting ul {
      margin: 0;
      padding-left: 1.1rem;
    }
    .surveys-waiting a {
      overflow-wrap: anywhere;
    }
    .approvals-waiting {
      background: #ddf4ff;
      border-radius: 6px;
      padding: 0.5rem 0.75rem;
      font-weight: 600;
    }
    .button.primary {
      color: #fff;
      background: var(--accent);
      border-color: var(--accent);
      font-weight: 600;
      text-decoration: none;
    }
    .filters {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem 0.75rem;
      align-items: center;
      margin-bottom: 0.75rem;
    }
    /* The search box takes what the row leaves, so the button stays on a phone's screen. */
    .filters .field {
      flex: 1 1 12rem;
      min-width: 0;
    }
    .filters input {
      flex: 1 1 auto;
      min-width: 0;
      width: 100%;
    }
    .my-tickets a {
      overflow-wrap: anywhere;
    }
    .my-tickets {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: 0.4rem;
    }
    .my-tickets.stale {
      opacity: 0.55;
    }
    .my-tickets li {
      display: flex;
      flex-wrap: wrap;
      gap: 0.6rem;
      align-items: center;
      padding: 0.55rem 0.7rem;
      border: 1px solid var(--border);
      border-radius: 8px;
    }
    .mono {
      font-family: var(--mono);
    }
    .pager {
      display: flex;
      justify-content: flex-end;
      align-items: center;
      gap: 0.75rem;
      margin-top: 0.75rem;
    }
  `,
})
export class PortalPage {
  private readonly session = inject(Session);
  protected readonly meId = computed(() => this.session.user()?.id ?? null);
  protected readonly pageSize = PAGE_SIZE;
  protected readonly query = signal<TicketQuery>({ limit: PAGE_SIZE, offset: 0 });
  protected readonly list = ticketList(this.query, REFRESH_MS);
  /** Approvals this requester decides (a line manager's): the portal points to them. */
  protected readonly waiting = signal(0);
  /** Surveys this requester is asked and has not answered (their resolved tickets): each links to its ticket page. */
  protected readonly surveys = signal<PendingSurvey[]>([]);

  constructor() {
    inject(SurveysApi)
      .pending()
      .subscribe({ next: (list) => this.surveys.set(list.items), error: () => this.surveys.set([]) });
    inject(ApprovalsApi)
      .inbox()
      .subscribe({ next: (page) => this.waiting.set(page.total), error: () => this.waiting.set(0) });
  }

  protected search(text: string): void {
    this.query.set({ limit: PAGE_SIZE, offset: 0, q: text.trim() });
  }

  protected page(delta: number): void {
    this.query.update((q) => ({ ...q, offset: Math.max(0, q.offset + delta * PAGE_SIZE) }));
  }
}
