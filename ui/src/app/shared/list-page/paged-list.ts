import { computed, signal } from '@angular/core';
import { ApiProblem, toApiProblem } from '../../core/api/api-error';
import { Page } from '../../core/api/api-types';
import { ViewState } from '../state-view/state-view';

/**
 * What a paged list screen holds (the page shown, where it starts, the total, the problem of the last load)
 * and the view state ListPage shows from it: loading until the first page came, then the list, its empty
 * text or the problem. A failed load keeps the rows shown before it, so a retry does not blank the screen.
 */
export class PagedList<T> {
  readonly items = signal<T[]>([]);
  readonly total = signal(0);
  readonly offset = signal(0);
  readonly problem = signal<ApiProblem | null>(null);
  private readonly loaded = signal(false);
  readonly state = computed<ViewState>(() =>
    this.problem() ? 'error' : !this.loaded() ? 'loading' : this.items().length ? 'ready' : 'empty',
  );

  constructor(
    readonly pageSize: number,
    private readonly fetch: (offset: number, limit: number) => Promise<Page<T>>,
  ) {}

  async load(offset: number): Promise<void> {
    try {
      const page = await this.fetch(offset, this.pageSize);
      this.items.set(page.items);
      this.total.set(page.total);
      this.offset.set(offset);
      this.problem.set(null);
      this.loaded.set(true);
    } catch (e) {
      this.problem.set(toApiProblem(e));
    }
  }

  /** The page shown, again (after a record on it changed). */
  reload(): Promise<void> {
    return this.load(this.offset());
  }
}
