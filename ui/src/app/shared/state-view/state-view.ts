import { Component, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { ApiProblem } from '../../core/api/api-error';
import { ProblemMessage } from '../../features/operate/problem-message';

/** What a list or a page shows besides its content: still loading, nothing there, or what went wrong. */
export type ViewState = 'loading' | 'empty' | 'error' | 'ready';

/**
 * The one way a page says "loading", "nothing here" and "that failed": a polite live region, so a screen
 * reader hears the change, and a retry beside the problem. Shows nothing when the state is `ready`.
 */
@Component({
  selector: 'app-state-view',
  imports: [MatButtonModule, MatProgressSpinnerModule, ProblemMessage],
  template: `
    <div class="state-view" aria-live="polite" [attr.data-state]="state()">
      @switch (state()) {
        @case ('loading') {
          <p class="loading" role="status" [attr.data-testid]="testId() + '-loading'">
            <mat-progress-spinner mode="indeterminate" diameter="20" aria-hidden="true" />
            <span>{{ loadingText() }}</span>
          </p>
        }
        @case ('empty') {
          <p class="empty" [attr.data-testid]="testId() + '-empty'">{{ emptyText() }}</p>
        }
        @case ('error') {
          <div class="error" [attr.data-testid]="testId() + '-error'">
            @if (problem(); as p) {
              <app-problem-message [problem]="p" />
            } @else {
              <p class="status error" role="alert">{{ errorText() }}</p>
            }
            @if (retryable()) {
              <button mat-stroked-button type="button" (click)="retry.emit()">Try again</button>
            }
          </div>
        }
      }
    </div>
  `,
  styles: `
    .loading {
      display: flex;
      align-items: center;
      gap: 0.5rem;
      color: var(--muted);
    }
    .empty {
      margin: 0.75rem 0;
      color: var(--muted);
    }
    .error {
      display: grid;
      gap: 0.5rem;
      justify-items: start;
      margin: 0.5rem 0;
    }
  `,
})
export class StateView {
  readonly state = input.required<ViewState>();
  /** Prefix of the data-testid of each state (`users` → `users-empty`). */
  readonly testId = input('state');
  readonly loadingText = input('Loading…');
  readonly emptyText = input('Nothing here yet.');
  /** Said when no API problem explains the failure (a network error). */
  readonly errorText = input('This could not be loaded.');
  readonly problem = input<ApiProblem | null>(null);
  readonly retryable = input(true);
  readonly retry = output<void>();
}
