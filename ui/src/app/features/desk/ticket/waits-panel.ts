import { Component, effect, inject, input, signal, untracked } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { ApiProblem, toApiProblem } from '../../../core/api/api-error';
import { TicketWaits } from '../../../core/api/ticket-types';
import { TicketsApi } from '../../../core/api/tickets-api';
import { UserTimeZone } from '../../../core/time/user-time-zone';
import { ProblemMessage } from '../../operate/problem-message';
import { WaitList } from '../../operate/wait-list';

/**
 * “Why is this ticket waiting?”: everything its process waits for now — the task and who may do it,
 * the timers with when they fire and what they do, the reply it waits for — instead of a fixed text
 * per state. Asked again whenever the ticket changes.
 */
@Component({
  selector: 'app-waits-panel',
  imports: [ProblemMessage, WaitList],
  template: `
    <section class="card" aria-labelledby="waits-title" data-testid="waits-panel">
      <h3 id="waits-title">Waiting for</h3>
      @if (waits(); as w) {
        @switch (w.state) {
          @case ('waiting') {
            <app-wait-list [waits]="w.waits" />
          }
          @case ('ended') {
            <p class="muted">Its process has ended.</p>
          }
          @case ('none') {
            <p class="muted">This ticket runs no process.</p>
          }
          @default {
            <p class="muted">The process cannot be asked right now (no worker answered); try again shortly.</p>
          }
        }
      } @else if (!problem()) {
        <p class="muted">Asking the process…</p>
      }
      @if (problem(); as p) {
        <app-problem-message [problem]="p" />
      }
    </section>
  `,
})
export class WaitsPanel {
  private readonly api = inject(TicketsApi);
  private readonly zone = inject(UserTimeZone);
  readonly number = input.required<string>();
  /** The ticket's version: a change (a task done, a reply) may change what the process waits for. */
  readonly version = input<number>(0);
  protected readonly waits = signal<TicketWaits | null>(null);
  protected readonly problem = signal<ApiProblem | null>(null);

  constructor() {
    effect(() => {
      const number = this.number();
      this.version();
      // The sentences say their times in the reader's zone: choosing another asks again.
      const zone = this.zone.zone();
      untracked(() => void this.load(number, zone));
    });
  }

  private async load(number: string, zone: string): Promise<void> {
    try {
      this.waits.set(await firstValueFrom(this.api.waits(number, zone)));
      this.problem.set(null);
    } catch (err) {
      this.problem.set(toApiProblem(err));
    }
  }
}
