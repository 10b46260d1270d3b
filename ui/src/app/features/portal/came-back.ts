import { Component, effect, inject, signal, untracked } from '@angular/core';
import { DatePipe } from '@angular/common';
import { Router } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { ApiProblem, toApiProblem } from '../../core/api/api-error';
import { ReopenApi, ReopenOptions } from '../../core/api/reopen-api';
import { TicketView } from '../../core/tickets/ticket-view';
import { ProblemMessage } from '../operate/problem-message';

/**
 * A finished ticket asks its caller: did the problem come back? Within the reopen window she reopens
 * it (the desk picks it up again, with its history); after it, she raises a follow-up ticket linked
 * to this one. Either way she says what happened.
 */
@Component({
  selector: 'app-came-back',
  imports: [DatePipe, ProblemMessage],
  template: `
    @if (options(); as o) {
      @if (o.canReopen || o.canFollowUp) {
        <section
          class="card came-back"
          data-testid="came-back"
          [attr.data-offer]="o.canReopen ? 'reopen' : 'follow-up'"
          aria-labelledby="came-back-title"
        >
          <h3 id="came-back-title">Did the problem come back?</h3>
          @if (o.canReopen) {
            <p class="hint">
              You can reopen this ticket until {{ o.reopenUntil | date: 'mediumDate' }}: the service desk takes it up again.
            </p>
          } @else {
            <p class="hint" data-testid="follow-up-hint">
              It was closed {{ o.closedAt ? 'on ' + (o.closedAt | date: 'mediumDate') : '' }}, too long ago to reopen. Raise a follow-up
              ticket: it is linked to this one, so the desk sees what was done before.
            </p>
          }
          <form class="came-back-form" (submit)="submit($event, o)" novalidate>
            <label class="field" for="came-back-text">What happened?</label>
            <textarea
              id="came-back-text"
              class="prose-input"
              rows="3"
              data-testid="came-back-text"
              [value]="text()"
              (input)="text.set(valueOf($event)); error.set('')"
              [attr.aria-invalid]="error() ? true : null"
              aria-describedby="came-back-error"
            ></textarea>
            <p id="came-back-error" class="field-error" aria-live="polite">{{ error() }}</p>
            @if (problem(); as p) {
              <app-problem-message data-testid="came-back-error" [problem]="p" />
            }
            <div>
              @if (o.canReopen) {
                <button type="submit" class="primary" data-testid="reopen-button" [disabled]="busy()">
                  {{ busy() ? 'Reopening…' : 'Reopen ticket' }}
                </button>
              } @else {
                <button type="submit" class="primary" data-testid="follow-up-button" [disabled]="busy()">
                  {{ busy() ? 'Sending…' : 'Raise follow-up ticket' }}
                </button>
              }
            </div>
          </form>
        </section>
      }
    }
  `,
  styles: `
    .came-back {
      display: grid;
      gap: 0.4rem;
    }
    .came-back p {
      margin: 0;
    }
    .came-back-form {
      display: grid;
      gap: 0.3rem;
    }
    .field-error:empty {
      display: none;
    }
  `,
})
export class CameBack {
  private readonly api = inject(ReopenApi);
  private readonly router = inject(Router);
  private readonly view = inject(TicketView);
  protected readonly options = signal<ReopenOptions | null>(null);
  protected readonly text = signal('');
  protected readonly error = signal('');
  protected readonly busy = signal(false);
  protected readonly problem = signal<ApiProblem | null>(null);

  constructor() {
    // Asked again whenever the ticket is another one or changed state (the window is the server's to know).
    effect(() => {
      const ticket = this.view.ticket();
      const key = ticket ? `${ticket.number}|${ticket.state}` : '';
      untracked(() => void this.load(ticket?.number ?? null, key));
    });
  }

  private loadedKey = '';

  private async load(number: string | null, key: string): Promise<void> {
    if (key === this.loadedKey) return;
    this.loadedKey = key;
    if (!number) return this.options.set(null);
    try {
      this.options.set(await firstValueFrom(this.api.options(number)));
    } catch {
      // Without the answer the card stays away; the conversation still works.
      this.options.set(null);
    }
  }

  protected valueOf(event: Event): string {
    return (event.target as HTMLTextAreaElement).value;
  }

  protected async submit(event: Event, options: ReopenOptions): Promise<void> {
    event.preventDefault();
    if (this.busy()) return;
    const text = this.text().trim();
    if (!text) {
      this.error.set('Say what happened, so the service desk knows where to start.');
      return;
    }
    this.busy.set(true);
    this.problem.set(null);
    try {
      if (options.canReopen) {
        const problem = await this.view.act(() => this.api.reopen(options.number, text));
        this.problem.set(problem);
        if (!problem) this.text.set('');
      } else {
        const created = await firstValueFrom(this.api.followUp(options.number, text));
        await this.router.navigate(['/portal/tickets', created.number]);
      }
    } catch (error) {
      this.problem.set(toApiProblem(error));
    } finally {
      this.busy.set(false);
    }
  }
}
