import { Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { Router, RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { ApiProblem, toApiProblem } from '../../../core/api/api-error';
import { CiClassList, CmdbApi, ConfigurationItem } from '../../../core/api/cmdb-api';
import { ListPage } from '../../../shared/list-page/list-page';
import { ViewState } from '../../../shared/state-view/state-view';
import { CiForm } from './ci-form';

const PAGE = 25;

/**
 * The configuration items an agent may see, found by words (name and attributes), class and lifecycle state, and
 * a new one made beside the list; a CI opens on its own page (desk/cis/:id) to change, relate or delete it.
 */
@Component({
  selector: 'app-desk-cis-page',
  imports: [CiForm, FormsModule, ListPage, MatButtonModule, RouterLink],
  template: `
    <div class="layout">
      <app-list-page
        heading="Configuration items"
        hint="Servers, applications, services and the relations between them."
        testId="cis"
        emptyText="No configuration item matches."
        errorText="The configuration items could not be loaded."
        [state]="state()"
        [problem]="problem()"
        [total]="total()"
        [offset]="offset()"
        [pageSize]="pageSize"
        [shown]="items().length"
        (page)="load($event)"
        (retry)="load(offset())"
      >
        <button mat-flat-button type="button" data-testid="ci-new" actions (click)="formOpen.set(true)">New configuration item</button>
        <form class="filters" role="search" aria-label="Find configuration items" filters (ngSubmit)="load(0)">
          <input
            type="search"
            name="q"
            placeholder="Words in name or attributes…"
            aria-label="Words"
            data-testid="ci-filter-q"
            [(ngModel)]="q"
          />
          <select name="classKey" aria-label="Class" data-testid="ci-filter-class" [(ngModel)]="classKey" (ngModelChange)="load(0)">
            <option value="">Any class</option>
            @for (c of classes()?.items ?? []; track c.key) {
              <option [value]="c.key">{{ c.name }}</option>
            }
          </select>
          <select
            name="lifecycleState"
            aria-label="Lifecycle state"
            data-testid="ci-filter-state"
            [(ngModel)]="lifecycleState"
            (ngModelChange)="load(0)"
          >
            <option value="">Any state</option>
            @for (s of classes()?.lifecycleStates ?? []; track s) {
              <option [value]="s">{{ s.replace('_', ' ') }}</option>
            }
          </select>
          <button mat-stroked-button type="submit" data-testid="ci-filter-submit">Search</button>
        </form>
        @if (items().length) {
          <div class="table-wrap">
            <table class="data-table cards" data-testid="ci-list">
              <caption class="visually-hidden">
                Configuration items
              </caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Key</th>
                  <th scope="col">Class</th>
                  <th scope="col">State</th>
                </tr>
              </thead>
              <tbody>
                @for (c of items(); track c.id) {
                  <tr data-testid="ci-row" [attr.data-id]="c.id">
                    <td data-label="Name">
                      <a [routerLink]="['/desk/cis', c.id]">{{ c.name }}</a>
                    </td>
                    <td data-label="Key" class="mono">{{ c.key }}</td>
                    <td data-label="Class">{{ className(c.classKey) }}</td>
                    <td data-label="State">{{ c.lifecycleState.replace('_', ' ') }}</td>
                  </tr>
                }
              </tbody>
            </table>
          </div>
        }
      </app-list-page>
      @if (formOpen()) {
        <app-ci-form [classes]="classes()" (saved)="created($event)" (cancelled)="formOpen.set(false)" />
      }
    </div>
  `,
  styles: `
    .layout {
      display: grid;
      grid-template-columns: minmax(0, 3fr) minmax(18rem, 2fr);
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
export class DeskCisPage {
  private readonly api = inject(CmdbApi);
  private readonly router = inject(Router);
  protected readonly pageSize = PAGE;
  protected q = '';
  protected classKey = '';
  protected lifecycleState = '';
  protected readonly classes = signal<CiClassList | null>(null);
  protected readonly items = signal<ConfigurationItem[]>([]);
  protected readonly total = signal(0);
  protected readonly offset = signal(0);
  protected readonly formOpen = signal(false);
  protected readonly problem = signal<ApiProblem | null>(null);
  private readonly loaded = signal(false);
  protected readonly state = computed<ViewState>(() =>
    this.problem() ? 'error' : !this.loaded() ? 'loading' : this.items().length ? 'ready' : 'empty',
  );

  constructor() {
    void this.load(0);
    void this.loadClasses();
  }

  protected async load(offset: number): Promise<void> {
    try {
      const page = await firstValueFrom(
        this.api.list({ q: this.q.trim(), classKey: this.classKey, lifecycleState: this.lifecycleState, offset, limit: PAGE }),
      );
      this.items.set(page.items);
      this.total.set(page.total);
      this.offset.set(offset);
      this.problem.set(null);
      this.loaded.set(true);
    } catch (e) {
      this.problem.set(toApiProblem(e));
    }
  }

  protected className(key: string): string {
    return this.classes()?.items.find((c) => c.key === key)?.name ?? key.replace('_', ' ');
  }

  protected created(ci: ConfigurationItem): void {
    void this.router.navigate(['/desk/cis', ci.id]);
  }

  private async loadClasses(): Promise<void> {
    try {
      this.classes.set(await firstValueFrom(this.api.classes()));
    } catch (e) {
      this.problem.set(toApiProblem(e));
    }
  }
}
