import { Component, computed, effect, inject, signal, untracked } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { ApiProblem, toApiProblem } from '../../../core/api/api-error';
import { FormProblems, NO_PROBLEMS, formProblems } from '../../../core/api/field-problems';
import { AssignmentOptions, AssignmentStep, TicketHolder } from '../../../core/api/ticket-types';
import { TicketsApi } from '../../../core/api/tickets-api';
import { TicketView } from '../../../core/tickets/ticket-view';
import { ProblemMessage } from '../../operate/problem-message';
import { whyNot } from './why-not';
import { ZonedDatePipe } from '../../../core/time/zoned-date.pipe';

/**
 * Who has the ticket, handing it to another group or agent (only members who serve its customer are
 * offered), and who moved it from where to where and when.
 */
@Component({
  selector: 'app-assignment-panel',
  imports: [ZonedDatePipe, ProblemMessage],
  template: `
    @if (view.ticket(); as t) {
      <section class="card assignment" data-testid="assignment-panel" aria-labelledby="assignment-title">
        <h3 id="assignment-title">Assignment</h3>
        <p class="now" data-testid="assignment-now">
          <strong>{{ t.group?.name ?? 'No group yet' }}</strong> · {{ t.assignee?.displayName ?? 'nobody has taken it' }}
          @if (!t.group && waitingFor(); as w) {
            <span class="hint waiting" data-testid="assignment-waiting">Waiting for {{ w }}.</span>
          }
        </p>
        @if (!open()) {
          <button
            type="button"
            data-testid="reassign-button"
            aria-describedby="reassign-why-not"
            [disabled]="!!whyNotReassign()"
            (click)="start()"
          >
            Reassign…
          </button>
          @if (whyNotReassign(); as why) {
            <p class="hint" id="reassign-why-not" data-testid="reassign-why-not">{{ why }}</p>
          }
        } @else {
          <form class="action-form" data-testid="reassign-form" (submit)="submit($event)" aria-labelledby="reassign-title" novalidate>
            <h4 id="reassign-title">Hand it over</h4>
            <label class="field">
              <span>Group</span>
              <select
                data-testid="reassign-group"
                [value]="group()"
                (change)="pickGroup(value($event))"
                [attr.aria-invalid]="problems().fields['assignmentGroup'] ? true : null"
                aria-describedby="reassign-group-error"
              >
                @for (g of options()?.groups ?? []; track g.key) {
                  <option [value]="g.key" [selected]="g.key === group()">{{ g.name }}</option>
                }
              </select>
            </label>
            <p id="reassign-group-error" class="field-error">{{ problems().fields['assignmentGroup'] }}</p>
            <label class="field">
              <span>Agent</span>
              <select
                data-testid="reassign-agent"
                [value]="agent()"
                (change)="agent.set(value($event)); problems.set(none)"
                [attr.aria-invalid]="problems().fields['assigneeId'] ? true : null"
                aria-describedby="reassign-agent-hint reassign-agent-error"
              >
                <option value="">Anyone in the group (its queue)</option>
                @for (a of options()?.agents ?? []; track a.id) {
                  <option [value]="a.id" [selected]="a.id === agent()">{{ a.displayName }}{{ a.available ? '' : ' (away)' }}</option>
                }
              </select>
            </label>
            <p id="reassign-agent-hint" class="hint">Only members who work for {{ t.organization?.name ?? 'this customer' }} are listed.</p>
            <p id="reassign-agent-error" class="field-error">{{ problems().fields['assigneeId'] }}</p>
            @if (problems().general; as p) {
              <app-problem-message data-testid="reassign-error" [problem]="p" />
            }
            <div class="buttons">
              <button type="submit" class="primary" data-testid="reassign-submit" [disabled]="busy()">
                {{ busy() ? 'Handing over…' : 'Hand over' }}
              </button>
              <button type="button" (click)="open.set(false)">Cancel</button>
            </div>
          </form>
        }
        <h4 class="history-title">History</h4>
        <ol class="history" data-testid="assignment-history">
          @for (step of history(); track $index) {
            <li data-testid="assignment-step" [attr.data-how]="step.how">
              <time [attr.datetime]="step.at">{{ step.at | zonedDate: 'short' }}</time> {{ sentence(step) }}
            </li>
          } @empty {
            <li class="muted empty">Nobody has had it yet.</li>
          }
        </ol>
        @if (historyProblem(); as p) {
          <app-problem-message [problem]="p" />
        }
      </section>
    }
  `,
  styles: `
    .assignment {
      display: grid;
      gap: 0.5rem;
    }
    .now {
      margin: 0;
    }
    .waiting {
      display: block;
    }
    .assignment > button {
      justify-self: start;
    }
    .history .empty {
      list-style: none;
      margin-left: -1.1rem;
    }
    .history-title {
      margin: 0.4rem 0 0;
      font-size: 0.9rem;
    }
    .history {
      margin: 0;
      padding-left: 1.1rem;
      display: grid;
      gap: 0.25rem;
      font-size: 0.85rem;
    }
    .history time {
      color: var(--muted);
      margin-right: 0.25rem;
    }
    .field-error:empty {
      display: none;
    }
  `,
})
export class AssignmentPanel {
  private readonly api = inject(TicketsApi);
  protected readonly view = inject(TicketView);
  protected readonly none = NO_PROBLEMS;
  protected readonly open = signal(false);
  protected readonly busy = signal(false);
  protected readonly options = signal<AssignmentOptions | null>(null);
  protected readonly group = signal('');
  protected readonly agent = signal('');
  protected readonly problems = signal<FormProblems>(NO_PROBLEMS);
  protected readonly history = signal<AssignmentStep[]>([]);
  protected readonly historyProblem = signal<ApiProblem | null>(null);
  protected readonly whyNotReassign = computed(() => {
    const ticket = this.view.ticket();
    return ticket ? whyNot('reassign', ticket) : null;
  });
  /** While unrouted: the step and group the process waits for ("Categorise by Service desk"). */
  protected readonly waitingFor = computed(() =>
    (this.view.ticket()?.work?.waitingAt ?? [])
      .map((w) => `${w.name ?? w.elementId}${w.groups.length ? ` by ${w.groups.map((g) => g.name).join(' or ')}` : ''}`)
      .join(', '),
  );
  /** The history is re-read whenever the ticket's group or assignee changes (here or elsewhere). */
  private readonly holder = computed(() => {
    const t = this.view.ticket();
    return t ? `${t.number}|${t.assignmentGroup}|${t.assigneeId}` : null;
  });

  constructor() {
    effect(() => {
      if (this.holder()) untracked(() => void this.loadHistory());
    });
  }

  protected value(event: Event): string {
    return (event.target as HTMLSelectElement).value;
  }

  protected async start(): Promise<void> {
    const ticket = this.view.ticket();
    if (!ticket) return;
    this.problems.set(NO_PROBLEMS);
    this.open.set(true);
    await this.loadOptions(ticket.assignmentGroup ?? undefined);
    this.group.set(this.options()?.group?.key ?? '');
    this.agent.set(ticket.assigneeId ?? '');
  }

  protected async pickGroup(key: string): Promise<void> {
    this.group.set(key);
    this.agent.set('');
    this.problems.set(NO_PROBLEMS);
    await this.loadOptions(key);
  }

  protected async submit(event: Event): Promise<void> {
    event.preventDefault();
    const ticket = this.view.ticket();
    if (!ticket || this.busy()) return;
    const group = this.group();
    const agent = this.agent() || null;
    if (!group) return this.problems.set({ fields: { assignmentGroup: 'Choose a group.' }, general: null });
    if (group === ticket.assignmentGroup && agent === ticket.assigneeId)
      return this.problems.set({ fields: { assigneeId: 'It is already there: choose another group or agent.' }, general: null });
    this.busy.set(true);
    const change = group === ticket.assignmentGroup ? { assigneeId: agent } : { assignmentGroup: group, assigneeId: agent };
    const problem = await this.view.act(() => this.api.assign(ticket.number, ticket.version, change), false);
    this.busy.set(false);
    this.problems.set(problem ? formProblems(problem, ['assignmentGroup', 'assigneeId']) : NO_PROBLEMS);
    if (!problem) this.open.set(false);
  }

  /** "Tomas moved it from Service desk (Tomas) to Network (Agnė)". */
  protected sentence(step: AssignmentStep): string {
    const by = step.by?.displayName ?? 'Flowdesk';
    switch (step.how) {
      case 'raised':
        return `Raised for ${holder(step.to)}.`;
      case 'routed':
        return `The routing rules sent it to ${holder(step.to)}.`;
      case 'taken':
        return `${by} took it.`;
      case 'released':
        return step.to.group ? `${by} put it back in the ${step.to.group.name} queue.` : `${by} put it back.`;
      default:
        return `${by} moved it from ${holder(step.from)} to ${holder(step.to)}.`;
    }
  }

  private async loadOptions(group?: string): Promise<void> {
    const ticket = this.view.ticket();
    if (!ticket) return;
    try {
      this.options.set(await firstValueFrom(this.api.assignmentOptions(ticket.number, group)));
    } catch (error) {
      this.problems.set({ fields: {}, general: toApiProblem(error) });
    }
  }

  private async loadHistory(): Promise<void> {
    const ticket = this.view.ticket();
    if (!ticket) return;
    try {
      this.history.set(await firstValueFrom(this.api.assignments(ticket.number)));
      this.historyProblem.set(null);
    } catch (error) {
      this.historyProblem.set(toApiProblem(error));
    }
  }
}

function holder(h: TicketHolder): string {
  if (!h.group && !h.assignee) return 'nobody';
  if (!h.group) return h.assignee!.displayName;
  return h.assignee ? `${h.group.name} (${h.assignee.displayName})` : h.group.name;
}
