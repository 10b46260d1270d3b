import { Component, ElementRef, afterNextRender, inject, output, signal } from '@angular/core';
import { FormProblems, NO_PROBLEMS, formProblems } from '../../../core/api/field-problems';
import { TicketsApi } from '../../../core/api/tickets-api';
import { TicketView } from '../../../core/tickets/ticket-view';
import { ProblemMessage } from '../../operate/problem-message';

/** Ask the caller a question and wait: the SLA clock stops until they answer. */
@Component({
  selector: 'app-ask-caller-form',
  imports: [ProblemMessage],
  template: `
    <form class="action-form" data-testid="ask-caller-form" (submit)="submit($event)" aria-labelledby="ask-title" novalidate>
      <h4 id="ask-title">Ask the caller</h4>
      <label class="field">
        <span>Question <small>(sent to the caller as a reply)</small></span>
        <textarea
          rows="3"
          data-testid="ask-caller-question"
          required
          [value]="question()"
          (input)="question.set(value($event)); problems.set(none)"
          [attr.aria-invalid]="problems().fields['reply'] ? true : null"
          aria-describedby="ask-question-error"
        ></textarea>
      </label>
      <p id="ask-question-error" class="field-error">{{ problems().fields['reply'] }}</p>
      @if (problems().general; as p) {
        <app-problem-message data-testid="ask-caller-error" [problem]="p" />
      }
      <div class="buttons">
        <button type="submit" class="primary" data-testid="ask-caller-submit" [disabled]="busy()">
          {{ busy() ? 'Asking…' : 'Ask and wait' }}
        </button>
        <button type="button" (click)="cancelled.emit()">Cancel</button>
      </div>
    </form>
  `,
})
export class AskCallerForm {
  constructor() {
    // Opened from its button: keyboard users continue in the form.
    const host = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;
    afterNextRender(() => host.querySelector<HTMLElement>('select, textarea, input')?.focus());
  }

  private readonly api = inject(TicketsApi);
  private readonly view = inject(TicketView);
  readonly done = output<void>();
  readonly cancelled = output<void>();

  protected readonly none = NO_PROBLEMS;
  protected readonly question = signal('');
  protected readonly busy = signal(false);
  protected readonly problems = signal<FormProblems>(NO_PROBLEMS);

  protected value(event: Event): string {
    return (event.target as HTMLTextAreaElement).value;
  }

  protected async submit(event: Event): Promise<void> {
    event.preventDefault();
    const ticket = this.view.ticket();
    if (!ticket || this.busy()) return;
    const question = this.question().trim();
    if (!question) {
      this.problems.set({ fields: { reply: 'Write the question for the caller.' }, general: null });
      return;
    }
    this.busy.set(true);
    const problem = await this.view.act(() => this.api.awaitCaller(ticket.number, question));
    this.busy.set(false);
    this.problems.set(problem ? formProblems(problem, ['reply']) : NO_PROBLEMS);
    if (!problem) this.done.emit();
  }
}
