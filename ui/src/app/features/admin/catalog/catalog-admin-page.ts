import { CurrencyPipe } from '@angular/common';
import { Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { ApiProblem, toApiProblem } from '../../../core/api/api-error';
import type { CatalogCategory } from '../../../core/api/catalog-api';
import { CuratedItem, CurationApi } from '../../../core/api/curation-api';
import { ProblemMessage } from '../../operate/problem-message';
import { AdminNav } from '../admin-nav';
import { CategoryShelf } from './category-shelf';

/** The catalog for its curators: the categories in their order, and every item, published or not. */
@Component({
  selector: 'app-catalog-admin-page',
  imports: [AdminNav, CategoryShelf, CurrencyPipe, FormsModule, ProblemMessage, RouterLink],
  template: `
    <app-admin-nav />
    <div class="layout">
      <app-category-shelf (changed)="categories.set($event)" (selected)="filterBy($event)" />
      <section class="card" aria-labelledby="items-title">
        <div class="head">
          <h3 id="items-title">Catalog items</h3>
          <a class="button primary" routerLink="/admin/catalog/items/new" data-testid="item-new">New item</a>
        </div>
        <form class="filters" (ngSubmit)="load()" role="search">
          <select
            name="categoryId"
            aria-label="Category"
            data-testid="item-filter-category"
            [(ngModel)]="categoryId"
            (ngModelChange)="load()"
          >
            <option value="">Every category</option>
            @for (c of categories(); track c.id) {
              <option [value]="c.id">{{ c.name }}</option>
            }
          </select>
          <input
            type="text"
            name="q"
            aria-label="Words in name or description"
            placeholder="Search…"
            data-testid="item-filter-q"
            [(ngModel)]="q"
          />
          <button type="submit">Search</button>
        </form>
        @if (problem(); as p) {
          <app-problem-message [problem]="p" />
        }
        <table class="list" data-testid="item-list">
          <thead>
            <tr>
              <th>Item</th>
              <th>Category</th>
              <th>Price</th>
              <th>Approval</th>
              <th>State</th>
            </tr>
          </thead>
          <tbody>
            @for (i of items(); track i.id) {
              <tr data-testid="item-row" [attr.data-name]="i.name">
                <td>
                  <a [routerLink]="['/admin/catalog/items', i.id]">{{ i.name }}</a>
                </td>
                <td>{{ categoryName(i.categoryId) }}</td>
                <td>
                  @if (i.price; as p) {
                    {{ p.amount | currency: p.currency }}
                  } @else {
                    —
                  }
                </td>
                <td>{{ i.approvalPolicy.kind === 'none' ? 'none' : i.approvalPolicy.kind }}</td>
                <td data-testid="item-state">{{ i.active ? 'Published' : 'Draft' }}</td>
              </tr>
            } @empty {
              <tr>
                <td colspan="5" class="muted">No item matches.</td>
              </tr>
            }
          </tbody>
        </table>
      </section>
    </div>
  `,
  styles: `
    .layout {
      display: grid;
      grid-template-columns: minmax(16rem, 2fr) minmax(0, 3fr);
      gap: 1rem;
      align-items: start;
    }
    @media (max-width: 900px) {
      .layout {
        grid-template-columns: 1fr;
      }
    }
    .head,
    .filters {
      display: flex;
      gap: 0.5rem;
      align-items: center;
      flex-wrap: wrap;
    }
    .head {
      justify-content: space-between;
    }
    .list {
      width: 100%;
      border-collapse: collapse;
      margin-top: 0.75rem;
      font-size: 0.875rem;
    }
    .list th,
    .list td {
      text-align: left;
      padding: 0.35rem 0.5rem;
      border-bottom: 1px solid #e4e8ee;
    }
  `,
})
export class CatalogAdminPage {
  private readonly api = inject(CurationApi);
  protected readonly categories = signal<CatalogCategory[]>([]);
  protected readonly items = signal<CuratedItem[]>([]);
  protected readonly problem = signal<ApiProblem | null>(null);
  protected categoryId = '';
  protected q = '';

  constructor() {
    void this.load();
  }

  protected filterBy(categoryId: string): void {
    this.categoryId = categoryId;
    void this.load();
  }

  protected categoryName(id: string): string {
    return this.categories().find((c) => c.id === id)?.name ?? '—';
  }

  protected async load(): Promise<void> {
    try {
      this.items.set(await firstValueFrom(this.api.items({ categoryId: this.categoryId, q: this.q.trim() })));
      this.problem.set(null);
    } catch (e) {
      this.problem.set(toApiProblem(e));
    }
  }
}
