import { Component, computed, inject, signal } from '@angular/core';
import { ApiProblem } from '../../../core/api/api-error';
import { TicketAbility } from '../../../core/api/ticket-types';
import { TicketsApi } from '../../../core/api/tickets-api';
import { Session } from '../../../core/auth/session';
import { TicketView } from '../../../core/tickets/ticket-view';
import { ProblemMessage } from '../../operate/problem-message';
import { TaskDenialNotice } from '../../../shared/task-form/task-denial';
import { AskCallerForm } from './ask-caller-form';
import { CategoriseForm } from './categorise-form';
import { ResolveForm } from './resolve-form';
import { ABILITY_LABELS, whyNot } from './why-not';

type Form = 'categorise' | 'ask' | 'resolve';

/** Where the process stands, in the agent's words. */
const WAITING: Record<string, string> = {
  new: 'The process is categorising, prioritising and routing the ticket; categorise it, or confirm or downgrade a major incident the caller reported, if it asks you to.',
  awaiting_caller: 'Waiting for the caller’s answer: their reply resumes the work and the SLA clock.',
  resolved: 'Resolved: waiting for the caller to confirm; silence closes it.',
  closed: 'Closed.',
  cancelled: 'Cancelled.',
};

/** Where a problem's or a change's process stands: the incident words above would mislead there. */
const WAITING_BY_TYPE: Record<string, Record<string, string>> = {
  problem: {
    new: 'Investigate: record the root cause and publish a workaround to the linked incidents below; resolve the problem once its fix is in.',
    in_progress:
      'Investigate: record the root cause and publish a workaround to the linked incidents below; resolve the problem once its fix is in.',
    known_error: 'Known error: the root cause or workaround is recorded; resolve the problem once its fix (a change) is in.',
    resolved: 'Resolved: its open linked incidents were resolved with it.',
  },
  change: {
    new: 'The process is assessing the change’s risk from its impact, likelihood and window.',
    assessing: 'The process is assessing the change’s risk from its impact, likelihood and window.',
    awaiting_approval: 'Waiting for the approvals listed above; conflicts are shown to the approvers.',
    scheduled: 'Approved: implement it in its window and record the outcome with its closing code above.',
    review: 'Not successful: finish the post-implementation review above.',
    rejected: 'Rejected by its approvers.',
  },
};

/** Actions that belong to the incident process only; other records show just what applies to them. */
const ACTIONS_BY_TYPE: Record<string, readonly TicketAbility[]> = {
  problem: ['take', 'release', 'reassign', 'resolve', 'reply', 'note'],
  change: ['take', 'release', 'reassign', 'implement', 'review', 'reply', 'note'],
};

/** The actions whose refusal the page explains (release only shows when it is on offer). */
const EXPLAINED: readonly TicketAbility[] = ['take', 'categorise', 'await-caller', 'resolve'];

/**
 * What an agent can do now. The API says per action whether this user may, and why not
 * (ticket.work.can): buttons they may not use are disabled, and the reason is written beside them,
 * so nothing looks available that would then fail.
 */
@Component({
  selector: 'app-agent-actions',
  imports: [AskCallerForm, CategoriseForm, ProblemMessage, ResolveForm, TaskDenialNotice],
  template: `
    @if (view.ticket(); as t) {
      <section class="card actions" data-testid="agent-actions" aria-labelledby="actions-title">
        <h3 id="actions-title">Actions</h3>
        <div class="buttons" role="group" aria-label="Ticket actions">
          @if (t.assigneeId === meId()) {
            <button type="button" data-testid="release-button" [disabled]="busy() || !may('release')" (click)="assign(null)">
              Put back in queue
            </button>
          } @else {
            <button
              type="button"
              data-testid="take-button"
              data-shortcut="assign-me"
              aria-keyshortcuts="a"
              aria-describedby="why-not-take"
              [disabled]="busy() || !may('take')"
              (click)="assign('me')"
            >
              Take
            </button>
          }
          @if (shows('categorise')) {
            <button
              type="button"
              data-testid="categorise-button"
              aria-describedby="why-not-categorise"
              [attr.aria-expanded]="open() === 'categorise'"
              [disabled]="!may('categorise')"
              (click)="toggle('categorise')"
            >
              Categorise…
            </button>
          }
          @if (shows('confirm-major')) {
            <button
              type="button"
              data-testid="confirm-major-button"
              aria-describedby="why-not-confirm-major"
              [disabled]="busy() || !may('confirm-major')"
              (click)="decideMajor('confirm')"
            >
              Confirm major incident
            </button>
            <button
              type="button"
              data-testid="downgrade-major-button"
              aria-describedby="why-not-confirm-major"
              [disabled]="busy() || !may('confirm-major')"
              (click)="decideMajor('downgrade')"
            >
              Downgrade to P2
            </button>
          }
          @if (shows('await-caller')) {
            <button
              type="button"
              data-testid="ask-caller-button"
              aria-describedby="why-not-await-caller"
              [attr.aria-expanded]="open() === 'ask'"
              [disabled]="!may('await-caller')"
              (click)="toggle('ask')"
            >
              Ask caller…
            </button>
          }
          @if (shows('resolve')) {
            <button
              type="button"
              data-testid="resolve-button"
              aria-describedby="why-not-resolve"
              [attr.aria-expanded]="open() === 'resolve'"
              [disabled]="!may('resolve')"
              (click)="toggle('resolve')"
            >
              Resolve…
            </button>
          }
        </div>
        @for (w of deniedTasks(); track w.taskId) {
          <app-task-denial
            data-testid="action-denial"
            [attr.data-element-id]="w.elementId"
            [denial]="w.denial"
            [taskName]="w.name ?? w.elementId"
          />
        }
        @if (reasons().length) {
          <ul class="why-not" data-testid="why-not" aria-label="Why some actions are not available">
            @for (r of reasons(); track r.text) {
              <li [id]="'why-not-' + r.actions[0]" data-testid="why-not-reason" [attr.data-actions]="r.actions.join(' ')">
                <strong>{{ r.labels }}:</strong> {{ r.text }}
              </li>
            }
          </ul>
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
          @case ('categorise') {
            <app-categorise-form (done)="open.set(null)" (cancelled)="open.set(null)" />
          }
          @case ('ask') {
            <app-ask-caller-form (done)="open.set(null)" (cancelled)="open.set(null)" />
          }
          @case ('resolve') {
            <app-resolve-form (done)="open.set(null)" (cancelled)="open.set(null)" />
          }
        }
      </section>
    }
  `,
  styles: `
    .actions {
      display: grid;
      gap: 0.6rem;
    }
    .buttons {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
    }
    .why-not {
      margin: 0;
      padding-left: 1.1rem;
      font-size: 0.875rem;
      color: var(--muted);
      display: grid;
      gap: 0.2rem;
    }
    .why-not strong {
      color: var(--text);
      font-weight: 600;
    }
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
  protected readonly hint = computed(() => {
    const ticket = this.view.ticket();
    if (!ticket) return null;
    const byType = WAITING_BY_TYPE[ticket.type];
    return (byType ? byType[ticket.state] : WAITING[ticket.state]) ?? WAITING[ticket.state] ?? null;
  });

  /**
   * Tasks a ticket action completes (resolve, categorise…) whose last completion, assignment or change a task
   * listener denied: the agent pressed the button, and this says why the ticket did not move on. Tasks with
   * a form of their own show theirs at the form (TaskFormsPanel).
   */
  protected readonly deniedTasks = computed(() => (this.view.ticket()?.work?.waitingAt ?? []).filter((w) => w.actions.length && w.denial));

  /** The refusals worth explaining, one line per reason (several actions often share one). */
  protected readonly reasons = computed(() => {
    const ticket = this.view.ticket();
    if (!ticket) return [];
    const byText = new Map<string, TicketAbility[]>();
    for (const ability of EXPLAINED) {
      if (ability === 'take' && ticket.assigneeId === this.meId()) continue;
      if (!this.shows(ability)) continue;
      const text = whyNot(ability, ticket);
      if (text) byText.set(text, [...(byText.get(text) ?? []), ability]);
    }
    return [...byText].map(([text, actions]) => ({ text, actions, labels: actions.map((a) => ABILITY_LABELS[a]).join(', ') }));
  });

  /** Whether the action belongs to this kind of record at all (a change is never "resolved" like an incident). */
  protected shows(ability: TicketAbility): boolean {
    const type = this.view.ticket()?.type ?? 'incident';
    return ACTIONS_BY_TYPE[type]?.includes(ability) ?? true;
  }

  /** Allowed unless the API says otherwise (an answer without `work` leaves the API to decide). */
  protected may(ability: TicketAbility): boolean {
    return this.view.ticket()?.work?.can[ability]?.allowed ?? true;
  }

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
