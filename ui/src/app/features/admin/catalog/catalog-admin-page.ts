import { CurrencyPipe } from '@angular/common';
import { Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { ApiProblem, toApiProblem } from '../../../core/api/api-error';
import type { CatalogCategory } from '../../../core/api/catalog-api';
import { CuratedItem, CurationApi } from '../../../core/api/curation-api';
import { Confirm } from '../../../shared/confirm-dialog/confirm-dialog';
import { ListPage } from '../../../shared/list-page/list-page';
import { ViewState } from '../../../shared/state-view/state-view';
import { ProblemMessage } from '../../operate/problem-message';
import { AdminNav } from '../admin-nav';
import { CategoryShelf } from './category-shelf';

/** The catalog for its curators: the categories in their order, and every item, published or not. */
@Component({
  selector: 'app-catalog-admin-page',
  imports: [AdminNav, CategoryShelf, CurrencyPipe, FormsModule, ListPage, MatButtonModule, ProblemMessage, RouterLink],
  template: `
    <app-admin-nav />
    <div class="layout">
      <app-category-shelf (changed)="categories.set($event)" (selected)="filterBy($event)" />
      <app-list-page
        heading="Catalog items"
        testId="items"
        emptyText="No item matches."
        errorText="The catalog items could not be loaded."
        [state]="state()"
        [problem]="problem()"
        (retry)="load()"
      >
        <a mat-flat-button routerLink="/admin/catalog/items/new" data-testid="item-new" actions>New item</a>
        <form class="filters" role="search" aria-label="Find catalog items" filters (ngSubmit)="load()">
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
        <div class="table-wrap">
          <table class="data-table cards" data-testid="item-list">
            <caption class="visually-hidden">
              Catalog items
            </caption>
            <thead>
              <tr>
                <th scope="col">Item</th>
                <th scope="col">Category</th>
                <th scope="col">Price</th>
                <th scope="col">Approval</th>
                <th scope="col">State</th>
                <th scope="col"><span class="visually-hidden">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              @for (i of items(); track i.id) {
                <tr data-testid="item-row" [attr.data-name]="i.name">
                  <td data-label="Item">
                    <a [routerLink]="['/admin/catalog/items', i.id]">{{ i.name }}</a>
                  </td>
                  <td data-label="Category">{{ categoryName(i.categoryId) }}</td>
                  <td data-label="Price">
                    @if (i.price; as p) {
                      {{ p.amount | currency: p.currency }}
                    } @else {
                      —
                    }
                  </td>
                  <td data-label="Approval">{{ i.approvalPolicy.kind === 'none' ? 'none' : i.approvalPolicy.kind }}</td>
                  <td data-label="State" data-testid="item-state">{{ i.active ? 'Published' : 'Draft' }}</td>
                  <td data-label="">
                    <button type="button" data-testid="item-delete" [attr.aria-label]="'Delete ' + i.name" (click)="remove(i)">
                      Delete
                    </button>
                  </td>
                </tr>
              }
            </tbody>
          </table>
        </div>
        @if (deleteProblem(); as p) {
          <app-problem-message data-testid="item-delete-error" [problem]="p" />
        }
      </app-list-page>
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
    .filters {
      display: flex;
      gap: 0.5rem;
      align-items: center;
      flex-wrap: wrap;
    }
  `,
})
export class CatalogAdminPage {
  private readonly api = inject(CurationApi);
  private readonly confirm = inject(Confirm);
  /** Why the last delete was refused (an item somebody ordered is withdrawn, not deleted). */
  protected readonly deleteProblem = signal<ApiProblem | null>(null);
  protected readonly categories = signal<CatalogCategory[]>([]);
  protected readonly items = signal<CuratedItem[]>([]);
  protected readonly problem = signal<ApiProblem | null>(null);
  private readonly loaded = signal(false);
  protected readonly state = computed<ViewState>(() =>
    this.problem() ? 'error' : !this.loaded() ? 'loading' : this.items().length ? 'ready' : 'empty',
  );
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

  protected async remove(item: CuratedItem): Promise<void> {
    const sure = await this.confirm.ask({
      title: 'Delete catalog item',
      message: `Delete “${item.name}”? Only an item nobody ordered can be deleted; withdraw one that was ordered.`,
      confirmText: 'Delete',
      destructive: true,
    });
    if (!sure) return;
    try {
      await firstValueFrom(this.api.deleteItem(item.id));
      this.deleteProblem.set(null);
      await this.load();
    } catch (e) {
      this.deleteProblem.set(toApiProblem(e));
    }
  }

  protected async load(): Promise<void> {
    try {
      this.items.set(await firstValueFrom(this.api.items({ categoryId: this.categoryId, q: this.q.trim() })));
      this.problem.set(null);
      this.loaded.set(true);
    } catch (e) {
      this.problem.set(toApiProblem(e));
    }
  }
}
