import { Component, computed, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { ApiProblem } from '../../core/api/api-error';
import { StateView, ViewState } from '../state-view/state-view';

/**
 * A list screen: a titled card with its links or actions (`[actions]`), its tabs (`[tabs]`), its filters
 * (`[filters]`: a form with role="search" when it searches), the list itself (projected: a table with class
 * "data-table cards", which turns into cards on a phone), the loading/empty/error state, and a pager when the
 * list is paged (`pageSize` > 0). The pager says where the reader is ("21–40 of 53").
 */
@Component({
  selector: 'app-list-page',
  imports: [MatButtonModule, StateView],
  template: `
    <section class="card list-page" [attr.aria-labelledby]="titleId()">
      <header class="card-header">
        <div>
          <h2 [id]="titleId()">{{ heading() }}</h2>
          @if (hint()) {
            <p class="hint">{{ hint() }}</p>
          }
        </div>
        <ng-content select="[actions]" />
      </header>
      <ng-content select="[tabs]" />
      <div class="filters">
        <ng-content select="[filters]" />
      </div>
      <ng-content />
      <app-state-view
        [state]="state()"
        [testId]="testId()"
        [emptyText]="emptyText()"
        [problem]="problem()"
        [errorText]="errorText()"
        [retryable]="retryable()"
        (retry)="retry.emit()"
      />
      @if (pageSize() > 0) {
        <nav class="pager" [attr.aria-label]="heading() + ' pages'">
          <button
            mat-stroked-button
            type="button"
            data-testid="page-prev"
            [disabled]="offset() === 0"
            (click)="page.emit(offset() - pageSize())"
          >
            Previous
          </button>
          <span class="muted" data-testid="page-info" aria-live="polite">{{ range() }}</span>
          <button
            mat-stroked-button
            type="button"
            data-testid="page-next"
            [disabled]="offset() + pageSize() >= total()"
            (click)="page.emit(offset() + pageSize())"
          >
            Next
          </button>
        </nav>
      }
    </section>
  `,
  styles: `
    .filters {
      display: flex;
      flex-wrap: wrap;
      align-items: flex-end;
      gap: 0.5rem 1rem;
      margin-bottom: 0.75rem;
    }
    .filters:empty {
      display: none;
    }
    .pager {
      display: flex;
      align-items: center;
      justify-content: flex-end;
      gap: 0.75rem;
      margin-top: 0.75rem;
    }
    @media (max-width: 640px) {
      .pager {
        justify-content: space-between;
      }
    }
  `,
})
export class ListPage {
  readonly heading = input.required<string>();
  readonly hint = input('');
  /** Prefix of the state view's test ids, and the heading's id. */
  readonly testId = input('list');
  readonly state = input<ViewState>('ready');
  readonly emptyText = input('Nothing here yet.');
  readonly errorText = input('This list could not be loaded.');
  readonly problem = input<ApiProblem | null>(null);
  /** A list that refreshes itself needs no "Try again". */
  readonly retryable = input(true);
  readonly total = input(0);
  readonly offset = input(0);
  /** 0: the list is not paged. */
  readonly pageSize = input(0);
  /** How many rows this page shows (the last page may hold fewer). */
  readonly shown = input(0);
  readonly page = output<number>();
  readonly retry = output<void>();

  protected readonly titleId = computed(() => `${this.testId()}-title`);
  protected readonly range = computed(() =>
    this.total() ? `${this.offset() + 1}–${this.offset() + this.shown()} of ${this.total()}` : '0–0 of 0',
  );
}
