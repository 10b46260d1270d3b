import { Component, computed, input, model } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { FormRun } from '../action-form/form-run';

/** One end of a window: its label, the payload path its problems come back on, and its test and error ids. */
export interface WindowEnd {
  label: string;
  /** The payload path (`plannedStartAt`, `window.startsAt`); its last name is the control's name. */
  field: string;
  testId: string;
  /** The message's id (the control is described by it) and test id. */
  errorId: string;
}

/** The two ends of a window, and the path of a problem with the window as a whole (its end before its start). */
export interface WindowSpec {
  start: WindowEnd;
  end: WindowEnd;
  /** Shown under the start: the API names the window itself when neither end alone is wrong. */
  window?: string;
}

/**
 * A time window's two datetime-local fields side by side (a change's planned window, a field visit's window),
 * each with the API's message beside it, cleared as soon as the person edits that end. The values are the
 * person's own clock; the form turns them into instants (instantOf) when it sends them.
 */
@Component({
  selector: 'app-window-fields',
  imports: [FormsModule],
  template: `
    @for (end of ends(); track end.spec.field) {
      <label class="field">
        <span>{{ end.spec.label }}</span>
        <input
          type="datetime-local"
          [name]="nameOf(end.spec)"
          [attr.data-testid]="end.spec.testId"
          [ngModel]="end.value()"
          (ngModelChange)="end.value.set($event)"
          (input)="edited(end.spec)"
          [attr.aria-invalid]="messageOf(end.spec) ? true : null"
          [attr.aria-describedby]="end.spec.errorId"
        />
        <span class="field-error" [id]="end.spec.errorId" [attr.data-testid]="end.spec.errorId">{{ messageOf(end.spec) }}</span>
      </label>
    }
  `,
  styles: `
    :host {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem 1rem;
      min-width: 0;
    }
    .field {
      flex: 1 1 10rem;
      min-width: 0;
    }
    input {
      max-width: 100%;
      box-sizing: border-box;
    }
  `,
})
export class WindowFields {
  /** The form the window belongs to: its problems, and the clearing of one on edit. */
  readonly form = input.required<FormRun>();
  readonly spec = input.required<WindowSpec>();
  readonly startsAt = model.required<string>();
  readonly endsAt = model.required<string>();
  protected readonly ends = computed(() => [
    { spec: this.spec().start, value: this.startsAt },
    { spec: this.spec().end, value: this.endsAt },
  ]);

  protected nameOf(end: WindowEnd): string {
    return end.field.split('.').pop()!;
  }

  protected messageOf(end: WindowEnd): string {
    const window = this.spec().window;
    const own = this.form().error(end.field);
    return own || (end === this.spec().start && window ? this.form().error(window) : '');
  }

  protected edited(end: WindowEnd): void {
    this.form().edited(end.field);
    const window = this.spec().window;
    if (window) this.form().edited(window);
  }
}
