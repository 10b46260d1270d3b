import { Component, effect, inject, input, signal, untracked } from '@angular/core';
import { RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { ApiProblem, toApiProblem } from '../../../core/api/api-error';
import { ProblemsApi, ProblemView } from '../../../core/api/problems-api';
import { ProblemMessage } from '../../operate/problem-message';
import { TicketView } from '../../../core/tickets/ticket-view';
import { StateBadge } from '../../tickets/state-badge';
import { ProblemLinkForms } from './problem-link-forms';

/**
 * A problem at the desk: the incidents it explains, its root-cause analysis and workaround (the
 * known error), and the two things the desk does to it here — record the root cause, publish a
 * workaround to every linked incident.
 */
@Component({
  selector: 'app-problem-panel',
  imports: [ProblemLinkForms, ProblemMessage, RouterLink, StateBadge],
  template: `
    <section class="card" aria-labelledby="problem-title" data-testid="problem-panel">
      <h3 id="problem-title">Problem management</h3>
      @if (view(); as p) {
        <h4>Linked incidents</h4>
        <ul class="incidents" data-testid="problem-incidents">
          @for (i of p.incidents; track i.number) {
            <li data-testid="problem-incident" [attr.data-number]="i.number">
              <a [routerLink]="['/desk/tickets', i.number]">{{ i.number }}</a> {{ i.title }} <app-state-badge [state]="i.state" />
            </li>
          } @empty {
            <li class="muted">No incidents linked.</li>
          }
        </ul>
        @if (p.analysis?.symptoms; as symptoms) {
          <h4>Symptoms</h4>
          <p data-testid="problem-symptoms">{{ symptoms }}</p>
        }
        <h4>Root cause</h4>
        <p data-testid="problem-root-cause">{{ p.analysis?.rootCause ?? 'Not analysed yet.' }}</p>
        @if (p.analysis?.analysedBy; as by) {
          <p class="muted" data-testid="problem-analysed-by">
            Analysed by {{ by }}{{ p.analysis.service ? ' · service ' + p.analysis.service : '' }}
          </p>
        }
        <h4>Workaround</h4>
        <p data-testid="problem-workaround">{{ p.analysis?.workaround ?? 'None published.' }}</p>
        @if (p.analysis?.workaroundPublishedAt; as at) {
          <p class="muted" data-testid="workaround-published">Posted to the linked incidents and mailed to their callers.</p>
        }
        @if (p.analysis?.rootCause || p.analysis?.workaround) {
          <p class="known-error" data-testid="known-error">Known error: the desk finds it under Known errors.</p>
        }
        <form class="action-form" (submit)="analyse($event)" data-testid="analysis-form">
          <label class="field"
            ><span>Root cause</span>
            <textarea rows="2" data-testid="root-cause-input" [value]="rootCause()" (input)="rootCause.set(value($event))"></textarea>
          </label>
          <button type="submit" [disabled]="busy() || !rootCause().trim()" data-testid="analysis-submit">Record root cause</button>
        </form>
        <form class="action-form" (submit)="publish($event)" data-testid="workaround-form">
          <label class="field"
            ><span>Workaround <small>(every linked caller reads it)</small></span>
            <textarea rows="2" data-testid="workaround-input" [value]="workaround()" (input)="workaround.set(value($event))"></textarea>
          </label>
          <button type="submit" class="primary" [disabled]="busy() || !workaround().trim()" data-testid="workaround-submit">
            Publish workaround
          </button>
        </form>
        <app-problem-link-forms [number]="number()" (linked)="onLinked($event)" />
      } @else {
        <p class="muted">Loading the problem…</p>
      }
      @if (problem(); as pr) {
        <app-problem-message data-testid="problem-error" [problem]="pr" />
      }
    </section>
  `,
  styles: `
    .incidents {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: 0.35rem;
    }
    .known-error {
      font-weight: 600;
    }
    .action-form {
      margin-top: 0.75rem;
    }
  `,
})
export class ProblemPanel {
  private readonly api = inject(ProblemsApi);
  private readonly ticketView = inject(TicketView);
  /** The problem's number. */
  readonly number = input.required<string>();
  /** The ticket's version: a new one (the process moved on) reloads the panel. */
  readonly version = input<number>(0);
  protected readonly view = signal<ProblemView | null>(null);
  protected readonly problem = signal<ApiProblem | null>(null);
  protected readonly busy = signal(false);
  protected readonly rootCause = signal('');
  protected readonly workaround = signal('');

  constructor() {
    effect(() => {
      const number = this.number();
      this.version();
      untracked(() => void this.load(number));
    });
  }

  /** Linked incidents show in the panel; a linked change shows among the ticket's links. */
  protected onLinked(view: ProblemView): void {
    this.view.set(view);
    void this.ticketView.refresh(true);
  }

  protected value(event: Event): string {
    return (event.target as HTMLTextAreaElement).value;
  }

  protected async analyse(event: Event): Promise<void> {
    event.preventDefault();
    await this.run(
      () => firstValueFrom(this.api.analyse(this.number(), this.rootCause().trim())),
      () => this.rootCause.set(''),
    );
  }

  protected async publish(event: Event): Promise<void> {
    event.preventDefault();
    await this.run(
      () => firstValueFrom(this.api.publishWorkaround(this.number(), this.workaround().trim())),
      () => this.workaround.set(''),
    );
  }

  private async run(call: () => Promise<ProblemView>, done: () => void): Promise<void> {
    if (this.busy()) return;
    this.busy.set(true);
    try {
      this.view.set(await call());
      this.problem.set(null);
      done();
    } catch (err) {
      this.problem.set(toApiProblem(err));
    } finally {
      this.busy.set(false);
    }
  }

  private async load(number: string): Promise<void> {
    try {
      this.view.set(await firstValueFrom(this.api.get(number)));
    } catch (err) {
      this.problem.set(toApiProblem(err));
    }
  }
}
