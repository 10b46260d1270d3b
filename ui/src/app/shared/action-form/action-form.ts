import { Component, ElementRef, afterRenderEffect, inject, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { ProblemMessage } from '../../features/operate/problem-message';
import { FormRun } from './form-run';

/**
 * The shell of a form that does one thing: its fields (projected), the problem no field shows, and the
 * submit and cancel buttons with a busy state. Pair it with FormRun, which holds the busy flag and the
 * problems. When a submit ends with field problems, focus moves to the first field to fix, so keyboard and
 * screen-reader users land where the message is.
 */
@Component({
  selector: 'app-action-form',
  imports: [MatButtonModule, MatProgressSpinnerModule, ProblemMessage],
  template: `
    <form class="action-form" novalidate [attr.aria-busy]="busy()" [attr.aria-label]="label() || null" (submit)="submit($event)">
      <ng-content />
      @if (problems().general; as p) {
        <app-problem-message [attr.data-testid]="problemTestId() || null" [problem]="p" />
      }
      <div class="actions">
        <button mat-flat-button type="submit" [attr.data-testid]="submitTestId() || null" [disabled]="busy() || disabled()">
          @if (busy()) {
            <mat-progress-spinner mode="indeterminate" diameter="16" aria-hidden="true" />
          }
          {{ busy() ? busyText() : submitText() }}
        </button>
        @if (cancelText()) {
          <button mat-button type="button" [attr.data-testid]="cancelTestId() || null" [disabled]="busy()" (click)="cancelled.emit()">
            {{ cancelText() }}
          </button>
        }
        <ng-content select="[actions]" />
      </div>
    </form>
  `,
  styles: `
    /* One column that may shrink: a long option in a select must not widen the form past a phone's width. */
    .action-form {
      display: grid;
      grid-template-columns: minmax(0, 1fr);
      gap: 0.5rem;
      min-width: 0;
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5rem;
      margin-top: 0.25rem;
    }
    mat-progress-spinner {
      display: inline-block;
      margin-right: 0.4rem;
      vertical-align: middle;
      --mat-progress-spinner-active-indicator-color: currentColor;
    }
  `,
})
export class ActionForm {
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);

  /** The form's busy flag and problems. */
  readonly run = input.required<FormRun>();
  /** The submit button stays off while the form cannot be sent (nothing chosen yet). */
  readonly disabled = input(false);
  readonly submitText = input('Save');
  readonly busyText = input('Saving…');
  /** No cancel button without a text. */
  readonly cancelText = input('');
  readonly label = input('');
  readonly submitTestId = input('');
  readonly cancelTestId = input('');
  readonly problemTestId = input('');
  readonly submitted = output<void>();
  readonly cancelled = output<void>();

  constructor() {
    // Only after a failed submit, never while the person edits (which also changes the problems).
    afterRenderEffect(() => {
      if (this.run().failures()) this.host.nativeElement.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
    });
  }

  protected busy(): boolean {
    return this.run().busy();
  }

  protected problems() {
    return this.run().problems();
  }

  protected submit(event: Event): void {
    event.preventDefault();
    if (!this.busy()) this.submitted.emit();
  }
}
