import { Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { firstValueFrom } from 'rxjs';
import { ApiProblem, toApiProblem } from '../../../core/api/api-error';
import { Part } from '../../../core/api/field-api';
import { FieldSettingsApi } from '../../../core/api/field-settings-api';
import { ListPage } from '../../../shared/list-page/list-page';
import { ViewState } from '../../../shared/state-view/state-view';
import { AdminNav } from '../admin-nav';
import { PartForm } from './part-form';
import { WorkTypesAdmin } from './work-types-admin';

const PAGE = 25;

/**
 * What field service works with, kept by process owners: the parts catalogue technicians pick from (found by SKU
 * or name, each changed beside the list), and the work types with their dispatch setting and checklist.
 */
@Component({
  selector: 'app-field-service-admin-page',
  imports: [AdminNav, FormsModule, ListPage, MatButtonModule, PartForm, WorkTypesAdmin],
  template: `
    <app-admin-nav />
    <div class="layout">
      <app-list-page
        heading="Parts catalogue"
        hint="The provider’s parts, offered to technicians on their jobs."
        testId="parts"
        emptyText="No part matches."
        errorText="The parts could not be loaded."
        [state]="state()"
        [problem]="problem()"
        [total]="total()"
        [offset]="offset()"
        [pageSize]="pageSize"
        [shown]="parts().length"
        (page)="load($event)"
        (retry)="load(offset())"
      >
        <button mat-flat-button type="button" data-testid="part-new" actions (click)="edit(null)">New part</button>
        <form class="filters" role="search" aria-label="Find parts" filters (ngSubmit)="load(0)">
          <input type="search" name="q" placeholder="SKU or name…" aria-label="SKU or name" data-testid="part-filter-q" [(ngModel)]="q" />
          <button mat-stroked-button type="submit" data-testid="part-filter-submit">Search</button>
        </form>
        @if (parts().length) {
          <div class="table-wrap">
            <table class="data-table cards" data-testid="part-list">
              <caption class="visually-hidden">
                Parts
              </caption>
              <thead>
                <tr>
                  <th scope="col">SKU</th>
                  <th scope="col">Name</th>
                  <th scope="col">Unit</th>
                  <th scope="col">Price</th>
                  <th scope="col">In use</th>
                </tr>
              </thead>
              <tbody>
                @for (p of parts(); track p.id) {
                  <tr data-testid="part-row" [attr.data-sku]="p.sku">
                    <td data-label="SKU" class="mono">{{ p.sku }}</td>
                    <td data-label="Name">
                      <button type="button" class="link" (click)="edit(p)">{{ p.name }}</button>
                    </td>
                    <td data-label="Unit">{{ p.unit }}</td>
                    <td data-label="Price" data-testid="part-price-cell">{{ p.unitPrice ? p.unitPrice + ' ' + p.currency : '—' }}</td>
                    <td data-label="In use">{{ p.active ? 'yes' : 'no' }}</td>
                  </tr>
                }
              </tbody>
            </table>
          </div>
        }
      </app-list-page>
      @if (formOpen()) {
        <app-part-form [part]="editing()" (saved)="saved($event)" (cancelled)="formOpen.set(false)" />
      }
    </div>
    <app-work-types-admin />
  `,
  styles: `
    :host {
      display: grid;
      gap: 1rem;
    }
    .layout {
      display: grid;
      grid-template-columns: minmax(0, 3fr) minmax(16rem, 2fr);
      gap: 1rem;
      align-items: start;
    }
    @media (max-width: 900px) {
      .layout {
        grid-template-columns: minmax(0, 1fr);
      }
    }
    .filters {
      display: flex;
      gap: 0.5rem;
      align-items: center;
      flex-wrap: wrap;
    }
    .filters input {
      min-width: 0;
      flex: 1 1 12rem;
    }
    .mono {
      font-family: var(--mono);
      overflow-wrap: anywhere;
    }
  `,
})
export class FieldServiceAdminPage {
  private readonly api = inject(FieldSettingsApi);
  protected readonly pageSize = PAGE;
  protected q = '';
  protected readonly parts = signal<Part[]>([]);
  protected readonly total = signal(0);
  protected readonly offset = signal(0);
  protected readonly editing = signal<Part | null>(null);
  protected readonly formOpen = signal(false);
  protected readonly problem = signal<ApiProblem | null>(null);
  private readonly loaded = signal(false);
  protected readonly state = computed<ViewState>(() =>
    this.problem() ? 'error' : !this.loaded() ? 'loading' : this.parts().length ? 'ready' : 'empty',
  );

  constructor() {
    void this.load(0);
  }

  protected async load(offset: number): Promise<void> {
    try {
      const page = await firstValueFrom(this.api.parts({ q: this.q.trim(), offset, limit: PAGE }));
      this.parts.set(page.items);
      this.total.set(page.total);
      this.offset.set(offset);
      this.problem.set(null);
      this.loaded.set(true);
    } catch (e) {
      this.problem.set(toApiProblem(e));
    }
  }

  protected edit(part: Part | null): void {
    this.editing.set(part);
    this.formOpen.set(true);
  }

  protected async saved(part: Part): Promise<void> {
    this.editing.set(part);
    await this.load(this.offset());
  }
}
