import { Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { firstValueFrom } from 'rxjs';
import { ApiProblem, toApiProblem } from '../../../core/api/api-error';
import { CurationApi, CurationChoices, Service, SlaPolicyChoice } from '../../../core/api/curation-api';
import { ProblemMessage } from '../../operate/problem-message';
import { AdminNav } from '../admin-nav';
import { ServiceForm } from './service-form';

/**
 * The service portfolio for its curators (process owners, admins): business and technical services,
 * filtered by words, type and status, each opened beside the list to change it.
 */
@Component({
  selector: 'app-services-admin-page',
  imports: [AdminNav, FormsModule, ProblemMessage, ServiceForm],
  template: `
    <app-admin-nav />
    <div class="layout">
      <section class="card" aria-labelledby="services-title">
        <div class="head">
          <h2 id="services-title">Services</h2>
          <button type="button" class="primary" data-testid="service-new" (click)="edit(null)">New service</button>
        </div>
        <form class="filters" (ngSubmit)="load()" role="search">
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
        @if (problem(); as p) {
          <app-problem-message [problem]="p" />
        }
        <table class="list" data-testid="service-list">
          <thead>
            <tr>
              <th>Name</th>
              <th>Type</th>
              <th>Status</th>
              <th>Support group</th>
              <th>Owner</th>
              <th>Customers</th>
            </tr>
          </thead>
          <tbody>
            @for (s of services(); track s.id) {
              <tr data-testid="service-row" [attr.data-name]="s.name" [class.selected]="editing()?.id === s.id">
                <td>
                  <button type="button" class="link" (click)="edit(s)">{{ s.name }}</button>
                </td>
                <td>{{ s.kind }}</td>
                <td>
                  <span class="status-{{ s.status }}">{{ s.status }}</span>
                </td>
                <td>{{ groupName(s.supportGroup) }}</td>
                <td>{{ ownerName(s.ownerId) }}</td>
                <td>{{ customers(s) }}</td>
              </tr>
            } @empty {
              <tr>
                <td colspan="6" class="muted">No service matches.</td>
              </tr>
            }
          </tbody>
        </table>
        <p class="muted">{{ total() }} service(s)</p>
      </section>
      @if (formOpen()) {
        <app-service-form
          [service]="editing()"
          [choices]="choices()"
          [slaPolicies]="slaPolicies()"
          (saved)="onSaved($event)"
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
    .list button.link {
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
