import { Component, computed, inject, signal } from '@angular/core';
import { ApiProblem } from '../../../core/api/api-error';
import { FINISHED_STATES } from '../../../core/api/ticket-types';
import { TicketsApi } from '../../../core/api/tickets-api';
import { CurrentUser } from '../../../core/auth/current-user';
import { Session } from '../../../core/auth/session';
import { TicketView } from '../../../core/tickets/ticket-view';
import { ProblemMessage } from '../../operate/problem-message';
import { AskCallerForm } from './ask-caller-form';
import { CategoriseForm } from './categorise-form';
import { ResolveForm } from './resolve-form';

type Form = 'categorise' | 'ask' | 'resolve';

/** Where the process stands, in the agent's words, when no work action is on offer. */
const WAITING: Record<string, string> = {
  new: 'The process is categorising, prioritising and routing the ticket; categorise it, or confirm or downgrade a major incident the caller reported, if it asks you to.',
  awaiting_caller: 'Waiting for the caller’s answer: their reply resumes the work and the SLA clock.',
  resolved: 'Resolved: waiting for the caller to confirm; silence closes it.',
  closed: 'Closed.',
  cancelled: 'Cancelled.',
};

/**
 * What an agent can do now. Buttons follow the ticket's state (what the process waits for); the API
 * still decides, and its 409 (the process waits elsewhere) or 403 (not your group) is shown verbatim.
 */
@Component({
  selector: 'app-agent-actions',
  imports: [AskCallerForm, CategoriseForm, ProblemMessage, ResolveForm],
  template: `
    @if (view.ticket(); as t) {
      <section class="card actions" data-testid="agent-actions" aria-labelledby="actions-title">
        <h3 id="actions-title">Actions</h3>
        <div class="buttons" role="group" aria-label="Ticket actions">
          @if (t.assigneeId === meId()) {
            <button type="button" data-testid="release-button" [disabled]="busy() || finished()" (click)="assign(null)">Put back in queue</button>
          } @else {
            <button type="button" data-testid="take-button" [disabled]="busy() || finished()" (click)="assign('me')">Take</button>
          }
          <button type="button" data-testid="categorise-button" [attr.aria-expanded]="open() === 'categorise'" [disabled]="t.state !== 'new'" (click)="toggle('categorise')">Categorise…</button>
          <button type="button" data-testid="confirm-major-button" [disabled]="busy() || t.state !== 'new'" (click)="decideMajor('confirm')">Confirm major incident</button>
          <button type="button" data-testid="downgrade-major-button" [disabled]="busy() || t.state !== 'new'" (click)="decideMajor('downgrade')">Downgrade to P2</button>
          <button type="button" data-testid="ask-caller-button" [attr.aria-expanded]="open() === 'ask'" [disabled]="t.state !== 'in_progress'" (click)="toggle('ask')">Ask caller…</button>
          <button type="button" data-testid="resolve-button" [attr.aria-expanded]="open() === 'resolve'" [disabled]="t.state !== 'in_progress'" (click)="toggle('resolve')">Resolve…</button>
        </div>
        @if (otherGroup(); as g) {
          <p class="status info" data-testid="not-your-group">This ticket is with group {{ g }}, which you are not in: only its members act on it.</p>
        }
        @if (hint(); as h) {
          <p class="hint" data-testid="actions-hint">{{ h }}</p>
        }
        @if (view.settling()) {
          <p class="hint" role="status">The process is moving the ticket on…</p>
        }
        @if (problem(); as p) {
          <app-problem-message data-testid="assign-error" [problem]="p" />
        }
        @switch (open()) {
          @case ('categorise') { <app-categorise-form (done)="open.set(null)" (cancelled)="open.set(null)" /> }
          @case ('ask') { <app-ask-caller-form (done)="open.set(null)" (cancelled)="open.set(null)" /> }
          @case ('resolve') { <app-resolve-form (done)="open.set(null)" (cancelled)="open.set(null)" /> }
        }
      </section>
    }
  `,
  styles: `
    .actions { display: grid; gap: 0.6rem; }
    .buttons { display: flex; flex-wrap: wrap; gap: 0.5rem; }
  `,
})
export class AgentActions {
  private readonly api = inject(TicketsApi);
  private readonly session = inject(Session);
  protected readonly view = inject(TicketView);
  protected readonly meId = computed(() => this.session.user()?.id ?? null);
  protected readonly open = signal<Form | null>(null);
  protected readonly busy = signal(false);
  protected readonly problem = signal<ApiProblem | null>(null);
  protected readonly finished = computed(() => FINISHED_STATES.includes(this.view.ticket()?.state ?? ''));
  private readonly me = inject(CurrentUser).me;
  /** The ticket's group when it is not the user's (the API would answer 403). */
  protected readonly otherGroup = computed(() => {
    const ticket = this.view.ticket();
    const me = this.me();
    if (!ticket?.assignmentGroup || !me || me.roles.includes('admin') || ticket.assigneeId === me.id) return null;
    return me.groupKeys.includes(ticket.assignmentGroup) ? null : ticket.assignmentGroup;
  });
  protected readonly hint = computed(() => WAITING[this.view.ticket()?.state ?? ''] ?? null);

  protected toggle(form: Form): void {
    this.open.update((current) => (current === form ? null : form));
  }

  /** A P1 from the caller's own impact and urgency waits for the desk; the API says 409 when nothing waits. */
  protected async decideMajor(decision: 'confirm' | 'downgrade'): Promise<void> {
    const ticket = this.view.ticket();
    if (!ticket || this.busy()) return;
    this.busy.set(true);
    this.problem.set(await this.view.act(() => this.api.confirmMajor(ticket.number, decision)));
    this.busy.set(false);
  }

  protected async assign(assigneeId: 'me' | null): Promise<void> {
    const ticket = this.view.ticket();
    if (!ticket || this.busy()) return;
    this.busy.set(true);
    // Assignment is the desk's, not the process's: the state does not move, nothing to follow.
    this.problem.set(await this.view.act(() => this.api.assign(ticket.number, ticket.version, { assigneeId }), false));
    this.busy.set(false);
  }
}
