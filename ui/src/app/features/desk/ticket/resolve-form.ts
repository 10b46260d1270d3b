import { Component, ElementRef, afterNextRender, inject, output, signal } from '@angular/core';
import { FormProblems, NO_PROBLEMS, formProblems } from '../../../core/api/field-problems';
import { RESOLUTION_CODES, ResolutionCode } from '../../../core/api/ticket-types';
import { TicketsApi } from '../../../core/api/tickets-api';
import { TicketView } from '../../../core/tickets/ticket-view';
import { ProblemMessage } from '../../operate/problem-message';

/** Resolve with a resolution code and notes; the caller is then asked to confirm. */
@Component({
  selector: 'app-resolve-form',
  imports: [ProblemMessage],
  template: `
    <form class="action-form" data-testid="resolve-form" (submit)="submit($event)" aria-labelledby="resolve-title" novalidate>
      <h4 id="resolve-title">Resolve</h4>
      <label class="field">
        <span>Resolution code</span>
        <select
          data-testid="resolution-code"
          required
          [value]="code()"
          (change)="code.set(value($event)); clear('resolutionCode')"
          [attr.aria-invalid]="problems().fields['resolutionCode'] ? true : null"
          aria-describedby="resolution-code-error"
        >
          <option value="">Choose…</option>
          @for (c of codes; track c.value) {
            <option [value]="c.value">{{ c.label }}</option>
          }
        </select>
      </label>
      <p id="resolution-code-error" class="field-error">{{ problems().fields['resolutionCode'] }}</p>
      <label class="field">
        <span>Resolution notes <small>(the caller reads them)</small></span>
        <textarea
          rows="3"
          data-testid="resolution-notes"
          required
          [value]="notes()"
          (input)="notes.set(value($event)); clear('resolutionNotes')"
          [attr.aria-invalid]="problems().fields['resolutionNotes'] ? true : null"
          aria-describedby="resolution-notes-error"
        ></textarea>
      </label>
      <p id="resolution-notes-error" class="field-error">{{ problems().fields['resolutionNotes'] }}</p>
      @if (problems().general; as p) {
        <app-problem-message data-testid="resolve-error" [problem]="p" />
      }
      <div class="buttons">
        <button type="submit" class="primary" data-testid="resolve-submit" [disabled]="busy()">
          {{ busy() ? 'Resolving…' : 'Resolve' }}
        </button>
        <button type="button" (click)="cancelled.emit()">Cancel</button>
      </div>
    </form>
  `,
})
export class ResolveForm {
  constructor() {
    // Opened from its button: keyboard users continue in the form.
    const host = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;
    afterNextRender(() => host.querySelector<HTMLElement>('select, textarea, input')?.focus());
  }

  private readonly api = inject(TicketsApi);
  private readonly view = inject(TicketView);
  readonly done = output<void>();
  readonly cancelled = output<void>();

  protected readonly codes = RESOLUTION_CODES;
  protected readonly code = signal('');
  protected readonly notes = signal('');
  protected readonly busy = signal(false);
  protected readonly problems = signal<FormProblems>(NO_PROBLEMS);

  protected value(event: Event): string {
    return (event.target as HTMLInputElement).value;
  }

  protected clear(field: string): void {
    this.problems.update((p) => ({ ...p, fields: { ...p.fields, [field]: '' } }));
  }

  protected async submit(event: Event): Promise<void> {
    event.preventDefault();
    const ticket = this.view.ticket();
    if (!ticket || this.busy()) return;
    const fields: Record<string, string> = {};
    if (!this.code()) fields['resolutionCode'] = 'Choose how the ticket was resolved.';
    if (!this.notes().trim()) fields['resolutionNotes'] = 'Say what was done.';
    if (Object.keys(fields).length) {
      this.problems.set({ fields, general: null });
      return;
    }
    this.busy.set(true);
    const problem = await this.view.act(() => this.api.resolve(ticket.number, this.code() as ResolutionCode, this.notes().trim()));
    this.busy.set(false);
    this.problems.set(problem ? formProblems(problem, ['resolutionCode', 'resolutionNotes']) : NO_PROBLEMS);
    if (!problem) this.done.emit();
  }
}
