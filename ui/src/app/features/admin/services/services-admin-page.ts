import { Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { firstValueFrom } from 'rxjs';
import { ApiProblem, toApiProblem } from '../../../core/api/api-error';
import { CurationApi, CurationChoices, Service, SlaPolicyChoice } from '../../../core/api/curation-api';
import { ListPage } from '../../../shared/list-page/list-page';
import { ViewState } from '../../../shared/state-view/state-view';
import { AdminNav } from '../admin-nav';
import { ServiceForm } from './service-form';

/**
 * The service portfolio for its curators (process owners, admins): business and technical services,
 * filtered by words, type and status, each opened beside the list to change it.
 */
@Component({
  selector: 'app-services-admin-page',
  imports: [AdminNav, FormsModule, ListPage, MatButtonModule, ServiceForm],
  template: `
    <app-admin-nav />
    <div class="layout">
      <app-list-page
        heading="Services"
        testId="services"
        emptyText="No service matches."
        errorText="The services could not be loaded."
        [state]="state()"
        [problem]="problem()"
        (retry)="load()"
      >
        <button mat-flat-button type="button" data-testid="service-new" actions (click)="edit(null)">New service</button>
        <form class="filters" role="search" aria-label="Find services" filters (ngSubmit)="load()">
          <input
            type="text"
            name="q"
            placeholder="Name contains…"
            aria-label="Name contains"
            data-testid="service-filter-q"
            [(ngModel)]="q"
          />
          <select name="kind" aria-label="Type" data-testid="service-filter-kind" [(ngModel)]="kind" (ngModelChange)="load()">
            <option value="">Any type</option>
            <option value="business">Business</option>
            <option value="technical">Technical</option>
          </select>
          <select name="status" aria-label="Status" data-testid="service-filter-status" [(ngModel)]="status" (ngModelChange)="load()">
            <option value="">Any status</option>
            <option value="planned">Planned</option>
            <option value="live">Live</option>
            <option value="retired">Retired</option>
          </select>
          <button type="submit">Search</button>
        </form>
        <div class="table-wrap">
          <table class="data-table cards" data-testid="service-list">
            <caption class="visually-hidden">
              Services
            </caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Type</th>
                <th scope="col">Status</th>
                <th scope="col">Support group</th>
                <th scope="col">Owner</th>
                <th scope="col">Customers</th>
              </tr>
            </thead>
            <tbody>
              @for (s of services(); track s.id) {
                <tr data-testid="service-row" [attr.data-name]="s.name" [class.selected]="editing()?.id === s.id">
                  <td data-label="Name">
                    <button type="button" class="link" (click)="edit(s)">{{ s.name }}</button>
                  </td>
                  <td data-label="Type">{{ s.kind }}</td>
                  <td data-label="Status">
                    <span class="status-{{ s.status }}">{{ s.status }}</span>
                  </td>
                  <td data-label="Support group">{{ groupName(s.supportGroup) }}</td>
                  <td data-label="Owner">{{ ownerName(s.ownerId) }}</td>
                  <td data-label="Customers">{{ customers(s) }}</td>
                </tr>
              }
            </tbody>
          </table>
        </div>
        <p class="muted">{{ total() }} service(s)</p>
      </app-list-page>
      @if (formOpen()) {
        <app-service-form
          [service]="editing()"
          [choices]="choices()"
          [slaPolicies]="slaPolicies()"
          (saved)="onSaved($event)"
          (deleted)="onDeleted()"
          (cancelled)="formOpen.set(false)"
        />
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
        grid-template-columns: 1fr;
      }
    }
    .filters {
      display: flex;
      gap: 0.5rem;
      align-items: center;
      flex-wrap: wrap;
    }
    .data-table button.link {
      text-align: left;
    }
    tr.selected {
      background: #eef4fb;
    }
    .status-retired {
      color: var(--muted);
      text-decoration: line-through;
    }
  `,
})
export class ServicesAdminPage {
  private readonly api = inject(CurationApi);
  protected q = '';
  protected kind = '';
  protected status = '';
  protected readonly services = signal<Service[]>([]);
  protected readonly total = signal(0);
  protected readonly choices = signal<CurationChoices | null>(null);
  protected readonly slaPolicies = signal<SlaPolicyChoice[]>([]);
  protected readonly editing = signal<Service | null>(null);
  protected readonly formOpen = signal(false);
  protected readonly problem = signal<ApiProblem | null>(null);
  private readonly loaded = signal(false);
  protected readonly state = computed<ViewState>(() =>
    this.problem() ? 'error' : !this.loaded() ? 'loading' : this.services().length ? 'ready' : 'empty',
  );
  private readonly orgNames = computed(() => new Map((this.choices()?.organizations ?? []).map((o) => [o.id, o.name])));

  constructor() {
    void this.load();
    void this.loadChoices();
  }

  protected async load(): Promise<void> {
    try {
      const page = await firstValueFrom(this.api.services({ q: this.q.trim(), kind: this.kind, status: this.status }));
      this.services.set(page.items);
      this.total.set(page.total);
      this.problem.set(null);
      this.loaded.set(true);
    } catch (e) {
      this.problem.set(toApiProblem(e));
    }
  }

  protected edit(service: Service | null): void {
    this.editing.set(service);
    this.formOpen.set(true);
  }

  protected async onSaved(service: Service): Promise<void> {
    this.editing.set(service);
    await this.load();
  }

  protected async onDeleted(): Promise<void> {
    this.formOpen.set(false);
    this.editing.set(null);
    await this.load();
  }

  protected groupName(key: string | null): string {
    if (!key) return '—';
    return this.choices()?.groups.find((g) => g.key === key)?.name ?? key;
  }

  protected ownerName(id: string | null): string {
    if (!id) return '—';
    return this.choices()?.owners.find((o) => o.id === id)?.displayName ?? '(someone else)';
  }

  protected customers(s: Service): string {
    if (!s.customerOrganizationIds.length) return '—';
    return s.customerOrganizationIds.map((id) => this.orgNames().get(id) ?? 'another customer').join(', ');
  }

  private async loadChoices(): Promise<void> {
    try {
      const [choices, policies] = await Promise.all([firstValueFrom(this.api.choices()), firstValueFrom(this.api.slaPolicies())]);
      this.choices.set(choices);
      this.slaPolicies.set(policies);
    } catch (e) {
      this.problem.set(toApiProblem(e));
    }
  }
}
