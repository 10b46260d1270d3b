import { Component, computed, inject, signal } from '@angular/core';
import { CurrencyPipe } from '@angular/common';
import { RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { ApiProblem, toApiProblem } from '../../../core/api/api-error';
import { CatalogApi, CatalogCategory, CatalogItem } from '../../../core/api/catalog-api';
import { ProblemMessage } from '../../operate/problem-message';

/** The service catalog as a requester sees it: only the items meant for her organisation and role (the API decides). */
@Component({
  selector: 'app-catalog-page',
  imports: [CurrencyPipe, ProblemMessage, RouterLink],
  template: `
    <section class="card" aria-labelledby="catalog-title">
      <header class="card-header">
        <div>
          <h2 id="catalog-title">Order from the catalog</h2>
          <p class="hint">Pick what you need; the service desk delivers it and you can follow your request.</p>
        </div>
        <a routerLink="/portal">My tickets</a>
      </header>
      <form class="filters" role="search" aria-label="Search the catalog" (submit)="$event.preventDefault(); search(box.value)">
        <label class="field inline"
          ><span>Search</span><input #box type="text" data-testid="catalog-search" placeholder="laptop, access…"
        /></label>
        <button type="submit">Search</button>
      </form>
      <nav class="shelves" aria-label="Categories">
        <button type="button" [class.on]="!categoryId()" (click)="pick(null)" data-testid="catalog-category-all">All</button>
        @for (c of shelvesWithItems(); track c.id) {
          <button type="button" [class.on]="categoryId() === c.id" (click)="pick(c.id)" data-testid="catalog-category">{{ c.name }}</button>
        }
      </nav>
      @if (problem(); as p) {
        <app-problem-message data-testid="catalog-error" [problem]="p" />
      }
      <ul class="items" data-testid="catalog-items" [attr.aria-busy]="busy()">
        @for (i of items(); track i.id) {
          <li data-testid="catalog-item" [attr.data-name]="i.name">
            <a [routerLink]="['/portal/catalog', i.id]" data-testid="catalog-item-link">{{ i.name }}</a>
            <span class="muted">{{ shelf(i) }}</span>
            @if (i.price; as price) {
              <span class="price">{{ price.amount | currency: price.currency }}</span>
            }
            <p class="muted">{{ i.description }}</p>
          </li>
        } @empty {
          <li class="muted">{{ busy() ? 'Loading…' : 'Nothing in the catalog matches.' }}</li>
        }
      </ul>
    </section>
  `,
  styles: `
    .filters {
      display: flex;
      gap: 0.5rem 0.75rem;
      align-items: center;
      margin-bottom: 0.75rem;
    }
    .filters .field {
      flex: 1 1 12rem;
      min-width: 0;
    }
    .shelves {
      display: flex;
      flex-wrap: wrap;
      gap: 0.4rem;
      margin-bottom: 0.75rem;
    }
    .shelves .on {
      background: var(--accent);
      color: #fff;
      border-color: var(--accent);
    }
    .items {
      list-style: none;
      padding: 0;
      display: grid;
      gap: 0.75rem;
      grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr));
    }
    .items li {
      border: 1px solid var(--border, #ddd);
      border-radius: 6px;
      padding: 0.75rem;
      display: grid;
      gap: 0.25rem;
    }
    .items a {
      font-weight: 600;
    }
    .price {
      font-family: var(--mono);
    }
    .items p {
      margin: 0;
    }
  `,
})
export class CatalogPage {
  private readonly api = inject(CatalogApi);
  protected readonly categories = signal<CatalogCategory[]>([]);
  protected readonly items = signal<CatalogItem[]>([]);
  protected readonly categoryId = signal<string | null>(null);
  protected readonly q = signal('');
  protected readonly busy = signal(false);
  protected readonly problem = signal<ApiProblem | null>(null);
  private readonly shelves = computed(() => new Map(this.categories().map((c) => [c.id, c.name])));
  /** The categories holding something she may order: a shelf with nothing for her is not shown. */
  private readonly offered = signal<ReadonlySet<string>>(new Set());
  protected readonly shelvesWithItems = computed(() => this.categories().filter((c) => this.offered().has(c.id)));

  constructor() {
    void firstValueFrom(this.api.categories())
      .then((c) => this.categories.set(c))
      .catch((e: unknown) => this.problem.set(toApiProblem(e)));
    void this.load();
  }

  protected shelf(item: CatalogItem): string {
    return this.shelves().get(item.categoryId) ?? '';
  }

  protected pick(categoryId: string | null): void {
    this.categoryId.set(categoryId);
    void this.load();
  }

  protected search(q: string): void {
    this.q.set(q.trim());
    void this.load();
  }

  private async load(): Promise<void> {
    this.busy.set(true);
    try {
      const filter = { ...(this.categoryId() ? { categoryId: this.categoryId()! } : {}), ...(this.q() ? { q: this.q() } : {}) };
      const items = await firstValueFrom(this.api.items(filter));
      this.items.set(items);
      if (!filter.categoryId && !filter.q) this.offered.set(new Set(items.map((i) => i.categoryId)));
      this.problem.set(null);
    } catch (e) {
      this.problem.set(toApiProblem(e));
    } finally {
      this.busy.set(false);
    }
  }
}
