import { Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { firstValueFrom } from 'rxjs';
import { Part } from '../../../core/api/field-api';
import { FieldSettingsApi } from '../../../core/api/field-settings-api';
import { PagedList } from '../../../shared/list-page/paged-list';
import { AdminListShell } from '../admin-list-shell';
import { PartForm } from './part-form';
import { WorkTypesAdmin } from './work-types-admin';

const PAGE = 25;

/**
 * What field service works with, kept by process owners: the parts catalogue technicians pick from (found by SKU
 * or name, each changed beside the list), and the work types with their dispatch setting and checklist.
 */
@Component({
  selector: 'app-field-service-admin-page',
  imports: [AdminListShell, FormsModule, MatButtonModule, PartForm, WorkTypesAdmin],
  template: `
    <app-admin-list-shell
      heading="Parts catalogue"
      hint="The provider’s parts, offered to technicians on their jobs."
      testId="parts"
      emptyText="No part matches."
      errorText="The parts could not be loaded."
      [list]="parts"
    >
      <button mat-flat-button type="button" data-testid="part-new" actions (click)="edit(null)">New part</button>
      <form class="filters" role="search" aria-label="Find parts" filters (ngSubmit)="parts.load(0)">
        <input type="search" name="q" placeholder="SKU or name…" aria-label="SKU or name" data-testid="part-filter-q" [(ngModel)]="q" />
        <button mat-stroked-button type="submit" data-testid="part-filter-submit">Search</button>
      </form>
      @if (parts.items().length) {
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
              @for (p of parts.items(); track p.id) {
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
      @if (formOpen()) {
        <app-part-form side [part]="editing()" (saved)="saved($event)" (cancelled)="formOpen.set(false)" />
      }
    </app-admin-list-shell>
    <app-work-types-admin />
  `,
  styles: `
    :host {
      display: grid;
      gap: 1rem;
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
  protected q = '';
  protected readonly parts = new PagedList<Part>(PAGE, (offset, limit) =>
    firstValueFrom(this.api.parts({ q: this.q.trim(), offset, limit })),
  );
  protected readonly editing = signal<Part | null>(null);
  protected readonly formOpen = signal(false);

  constructor() {
    void this.parts.load(0);
  }

  protected edit(part: Part | null): void {
    this.editing.set(part);
    this.formOpen.set(true);
  }

  protected async saved(part: Part): Promise<void> {
    this.editing.set(part);
    await this.parts.reload();
  }
}
