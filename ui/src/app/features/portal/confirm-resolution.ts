import { Component, inject, signal } from '@angular/core';
import { ApiProblem } from '../../core/api/api-error';
import { TicketsApi } from '../../core/api/tickets-api';
import { TicketView } from '../../core/tickets/ticket-view';
import { ProblemMessage } from '../operate/problem-message';

/** A resolved ticket asks its caller: does it work now? Yes closes it; no reopens it. */
@Component({
  selector: 'app-confirm-resolution',
  imports: [ProblemMessage],
  template: `
    @if (view.ticket(); as t) {
      <section class="card confirm" data-testid="confirm-resolution" aria-labelledby="confirm-title">
        <h3 id="confirm-title">Is your problem solved?</h3>
        @if (t.resolutionNotes) {
          <p><strong>The service desk says:</strong> {{ t.resolutionNotes }}</p>
        }
        <label class="field">
          <span>Comment <small>(optional; tell us what still fails)</small></span>
          <textarea
            class="prose-input"
            rows="2"
            data-testid="confirm-comment"
            [value]="comment()"
            (input)="comment.set(value($event))"
          ></textarea>
        </label>
        @if (problem(); as p) {
          <app-problem-message data-testid="confirm-error" [problem]="p" />
        }
        <div class="buttons">
          <button type="button" class="primary" data-testid="confirm-works" [disabled]="busy()" (click)="answer(true)">It works</button>
          <button type="button" data-testid="confirm-still-broken" [disabled]="busy()" (click)="answer(false)">
            It still doesn't work
          </button>
        </div>
        <p class="hint">Without an answer the ticket closes by itself after three business days.</p>
      </section>
    }
  `,
  styles: `
    .confirm {
      display: grid;
      gap: 0.5rem;
      border-color: #b9dfbc;
      background: #f4fbf4;
    }
    .confirm p {
      margin: 0;
    }
    .buttons {
      display: flex;
      gap: 0.5rem;
    }
  `,
})
export class ConfirmResolution {
  private readonly api = inject(TicketsApi);
  protected readonly view = inject(TicketView);
  protected readonly comment = signal('');
  protected readonly busy = signal(false);
  protected readonly problem = signal<ApiProblem | null>(null);

  protected value(event: Event): string {
    return (event.target as HTMLTextAreaElement).value;
  }

  protected async answer(confirmed: boolean): Promise<void> {
    const ticket = this.view.ticket();
    if (!ticket || this.busy()) return;
    this.busy.set(true);
    const comment = this.comment().trim();
    this.problem.set(await this.view.act(() => this.api.confirm(ticket.number, confirmed, comment || undefined)));
    if (!this.problem()) this.comment.set('');
    this.busy.set(false);
  }
}
