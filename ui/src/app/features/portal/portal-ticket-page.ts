import { Component, computed, effect, inject, input, untracked } from '@angular/core';
import { RouterLink } from '@angular/router';
import { FINISHED_STATES } from '../../core/api/ticket-types';
import { TicketView } from '../../core/tickets/ticket-view';
import { ProblemMessage } from '../operate/problem-message';
import { Conversation } from '../tickets/conversation';
import { TicketAttachments } from '../tickets/ticket-attachments';
import { EntryComposer } from '../tickets/entry-composer';
import { StateBadge } from '../tickets/state-badge';
import { CameBack } from './came-back';
import { CatalogOrderView } from './catalog/catalog-order';
import { ConfirmResolution } from './confirm-resolution';
import { RequestDetails } from './request-details';
import { Session } from '../../core/auth/session';
import { TicketSurvey } from '../surveys/ticket-survey';

/**
 * A ticket as its caller sees it: state and details in her words, the conversation, a reply box, the
 * confirmation of a resolution, and once it is closed a way to say it came back.
 */
@Component({
  selector: 'app-portal-ticket-page',
  imports: [
    CameBack,
    CatalogOrderView,
    ConfirmResolution,
    Conversation,
    EntryComposer,
    ProblemMessage,
    TicketAttachments,
    RequestDetails,
    RouterLink,
    StateBadge,
    TicketSurvey,
  ],
  providers: [TicketView],
  template: `
    <p class="back"><a routerLink="/portal" data-testid="back-to-portal">← My tickets</a></p>
    @if (view.ticket(); as t) {
      <article
        class="ticket"
        data-testid="ticket-detail"
        [attr.data-number]="t.number"
        [attr.data-state]="t.state"
        aria-labelledby="ticket-title"
      >
        <header class="card">
          <p class="number">
            <span class="mono" data-testid="ticket-number">{{ t.number }}</span> <app-state-badge [state]="t.state" audience="caller" />
          </p>
          <h2 id="ticket-title" data-testid="ticket-title">{{ t.title }}</h2>
          @if (t.description) {
            <p class="description">{{ t.description }}</p>
          }
        </header>
        @if (view.problem(); as p) {
          <app-problem-message data-testid="ticket-error" [problem]="p" />
        }
        @if (t.state === 'awaiting_caller') {
          <p class="status info" role="status" data-testid="awaiting-you">The service desk is waiting for your answer: reply below.</p>
        }
        @if (t.state === 'resolved') {
          <app-confirm-resolution />
        }
        @if (t.state === 'closed' || t.state === 'cancelled') {
          <app-came-back />
        }
        @if (t.state === 'resolved' || t.state === 'closed') {
          <app-ticket-survey [number]="t.number" [state]="t.state" [isCaller]="!!t.callerId && t.callerId === meId()" />
        }
        <section class="card" aria-labelledby="conversation-title">
          <h3 id="conversation-title">Conversation</h3>
          <app-conversation [entries]="view.entries()" emptyText="No messages yet: the service desk will answer here." />
          @if (open()) {
            <app-entry-composer
              [number]="t.number"
              [label]="t.state === 'awaiting_caller' ? 'Your answer' : 'Add a message'"
              (posted)="afterReply(t.state)"
            />
          }
          <app-ticket-attachments [number]="t.number" />
        </section>
        @if (t.type === 'request') {
          <app-catalog-order [ticketNumber]="t.number" />
        }
        <section class="card" aria-labelledby="facts-title">
          <h3 id="facts-title">Details</h3>
          <app-request-details [ticket]="t" />
        </section>
      </article>
    } @else if (view.problem(); as p) {
      <app-problem-message data-testid="ticket-error" [problem]="p" />
    } @else {
      <p class="muted">Loading {{ number() }}…</p>
    }
  `,
  styles: `
    .back {
      margin: 0 0 0.75rem;
    }
    .ticket {
      display: grid;
      gap: 1rem;
      max-width: 60rem;
    }
    .number {
      margin: 0 0 0.3rem;
      display: flex;
      gap: 0.6rem;
      align-items: center;
      color: var(--muted);
    }
    .mono {
      font-family: var(--mono);
    }
    .description {
      margin: 0.5rem 0 0;
      white-space: pre-wrap;
    }
    h3 {
      margin-bottom: 0.6rem;
    }
    .status {
      margin: 0;
    }
  `,
})
export class PortalTicketPage {
  protected readonly view = inject(TicketView);
  private readonly session = inject(Session);
  protected readonly meId = computed(() => this.session.user()?.id ?? null);
  /** Route parameter. */
  readonly number = input.required<string>();
  /** Closed and cancelled tickets take no more messages; a reply to a resolved one reopens it. */
  protected readonly open = computed(() => {
    const state = this.view.ticket()?.state ?? '';
    return !FINISHED_STATES.includes(state) || state === 'resolved';
  });

  constructor() {
    effect(() => {
      const number = this.number();
      untracked(() => void this.view.open(number, false));
    });
  }

  /** The caller's reply resumes a waiting process (or reopens a resolved ticket): follow the state. */
  protected afterReply(stateBefore: string): void {
    void (stateBefore === 'awaiting_caller' || stateBefore === 'resolved' ? this.view.settle(stateBefore) : this.view.refresh());
  }
}
