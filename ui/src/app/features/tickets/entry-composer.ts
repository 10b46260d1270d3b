import { Component, effect, inject, input, output, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { toApiProblem } from '../../core/api/api-error';
import { FormProblems, NO_PROBLEMS, formProblems } from '../../core/api/field-problems';
import { TicketEntry } from '../../core/api/ticket-types';
import { TicketsApi } from '../../core/api/tickets-api';
import { ProblemMessage } from '../operate/problem-message';

/** Writes a public reply or, for the desk, an internal note. */
@Component({
  selector: 'app-entry-composer',
  imports: [ProblemMessage],
  template: `
    <form class="composer" data-testid="entry-composer" (submit)="send($event)" aria-label="Write to the conversation">
      @if (allowNotes()) {
        <fieldset class="kinds">
          <legend class="visually-hidden">Kind</legend>
          <label
            ><input
              type="radio"
              name="entry-kind"
              value="reply"
              data-testid="entry-kind-reply"
              [checked]="kind() === 'reply'"
              [disabled]="!!replyBlocked()"
              aria-describedby="entry-reply-blocked"
              (change)="kind.set('reply')"
            />
            Public reply</label
          >
          <label
            ><input
              type="radio"
              name="entry-kind"
              value="note"
              data-testid="entry-kind-note"
              [checked]="kind() === 'note'"
              (change)="kind.set('note')"
            />
            Internal note</label
          >
        </fieldset>
        @if (replyBlocked(); as why) {
          <p class="hint" id="entry-reply-blocked" data-testid="entry-reply-blocked">{{ why }}</p>
        }
      }
      <label class="field">
        <span>{{ kind() === 'note' ? 'Note for the desk (the caller never sees it)' : label() }}</span>
        <textarea
          rows="3"
          data-testid="entry-body-input"
          data-shortcut="reply"
          [value]="body()"
          (input)="body.set(valueOf($event)); problems.set(noProblems)"
          [attr.aria-invalid]="problems().fields['body'] ? true : null"
          aria-describedby="entry-body-error"
        ></textarea>
      </label>
      <p id="entry-body-error" class="field-error" aria-live="polite">{{ problems().fields['body'] }}</p>
      @if (problems().general; as p) {
        <app-problem-message data-testid="entry-error" [problem]="p" />
      }
      <div>
        <button type="submit" class="primary" data-testid="entry-send-button" [disabled]="busy()">
          {{ busy() ? 'Sending…' : kind() === 'note' ? 'Add note' : 'Send reply' }}
        </button>
      </div>
    </form>
  `,
  styles: `
    .composer {
      display: grid;
      gap: 0.4rem;
      margin-top: 0.9rem;
    }
    .kinds {
      display: flex;
      gap: 1rem;
      border: 0;
      margin: 0;
      padding: 0;
      font-size: 0.875rem;
    }
    textarea {
      font-family: inherit;
      font-size: 0.9rem;
    }
    .field-error:empty {
      display: none;
    }
  `,
})
export class EntryComposer {
  private readonly api = inject(TicketsApi);
  readonly number = input.required<string>();
  /** The desk may write internal notes; the portal only replies. */
  readonly allowNotes = input(false);
  readonly label = input('Your reply');
  /** Why this user may not send a public reply (the desk then writes internal notes only); null: they may. */
  readonly replyBlocked = input<string | null>(null);
  readonly posted = output<TicketEntry>();

  protected readonly noProblems = NO_PROBLEMS;
  protected readonly kind = signal<TicketEntry['kind']>('reply');
  protected readonly body = signal('');
  protected readonly busy = signal(false);
  protected readonly problems = signal<FormProblems>(NO_PROBLEMS);

  constructor() {
    // Someone who may not answer the caller writes notes; the choice follows the ticket as it changes.
    effect(() => this.kind.set(this.replyBlocked() ? 'note' : 'reply'));
  }

  /** Puts text (an article's link, say) at the end of what is being written, on a line of its own. */
  insert(text: string): void {
    this.body.update((body) => (body.trim() ? `${body.replace(/\s+$/, '')}\n${text}` : text));
    this.problems.set(NO_PROBLEMS);
  }

  protected valueOf(event: Event): string {
    return (event.target as HTMLTextAreaElement).value;
  }

  protected async send(event: Event): Promise<void> {
    event.preventDefault();
    if (this.busy()) return;
    const body = this.body().trim();
    if (!body) {
      this.problems.set({ fields: { body: 'Write something first.' }, general: null });
      return;
    }
    this.busy.set(true);
    this.problems.set(NO_PROBLEMS);
    try {
      const entry = await firstValueFrom(this.api.addEntry(this.number(), this.kind(), body));
      this.body.set('');
      this.posted.emit(entry);
    } catch (error) {
      this.problems.set(formProblems(toApiProblem(error), ['body']));
    } finally {
      this.busy.set(false);
    }
  }
}
