// Over 300 lines because the admin page binds subscriptions, the secret shown once, deliveries and replays on one class.
import { DatePipe } from '@angular/common';
import { HttpClient } from '@angular/common/http';
import { Component, OnInit, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { toApiProblem } from '../../core/api/api-error';
import { problemInWords } from '../../core/api/problem-words';
import { WebhookDelivery, WebhookSubscription, WebhookWithSecret, WebhooksApi } from '../../core/api/webhooks-api';

interface Organization {
  id: string;
  name: string;
}

/**
 * The admin's webhooks: who gets which events, the signing secret shown once when a subscription is made
 * (or its secret rotated), and each subscription's deliveries — with the dead-letter list and a replay for
 * each dead delivery once the receiver is mended.
 */
@Component({
  selector: 'app-webhooks-page',
  imports: [DatePipe, FormsModule, RouterLink],
  template: `
    <main class="webhooks">
      <header>
        <h1>Webhooks</h1>
        <a routerLink="/">Home</a>
      </header>
      @if (problem()) {
        <div role="alert" class="problem" data-testid="webhook-problem">
          <p>{{ problem()!.message }}</p>
          @for (d of problem()!.details; track d) {
            <p>{{ d }}</p>
          }
        </div>
      }
      @if (shownSecret(); as s) {
        <div class="secret" role="status" data-testid="webhook-secret">
          <p>
            Signing secret of <strong>{{ s.name }}</strong> — copy it now, it is not shown again:
          </p>
          <code>{{ s.secret }}</code>
          <button type="button" (click)="shownSecret.set(null)">Done</button>
        </div>
      }
      <section>
        <h2>New subscription</h2>
        <form (ngSubmit)="create()" class="new">
          <label>Name <input name="name" [(ngModel)]="draft.name" required data-testid="webhook-name" /></label>
          <label>URL <input name="url" [(ngModel)]="draft.url" required placeholder="https://…" data-testid="webhook-url" /></label>
          <label>
            Events of
            <select name="organizationId" [(ngModel)]="draft.organizationId" data-testid="webhook-organization">
              <option [ngValue]="null">every organisation (the desk's own integration)</option>
              @for (o of organizations(); track o.id) {
                <option [ngValue]="o.id">{{ o.name }}</option>
              }
            </select>
          </label>
          <fieldset>
            <legend>Event types</legend>
            @for (t of eventTypes(); track t) {
              <label class="check">
                <input type="checkbox" [checked]="draft.eventTypes.includes(t)" (change)="toggle(t)" [attr.data-testid]="'event-' + t" />
                {{ t }}
              </label>
            }
          </fieldset>
          <button type="submit" [disabled]="busy()" data-testid="webhook-create">Subscribe</button>
        </form>
      </section>
      <section>
        <h2>Subscriptions</h2>
        @if (!subscriptions().length) {
          <p>No subscription yet.</p>
        }
        <table>
          <thead>
            <tr>
              <th>Name</th>
              <th>URL</th>
              <th>Events of</th>
              <th>Event types</th>
              <th>Active</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            @for (s of subscriptions(); track s.id) {
              <tr [attr.data-testid]="'webhook-' + s.name" [class.selected]="selected()?.id === s.id">
                <td>
                  <button type="button" class="link" (click)="select(s)">{{ s.name }}</button>
                </td>
                <td class="url">{{ s.url }}</td>
                <td>{{ organizationName(s.organizationId) }}</td>
                <td>{{ s.eventTypes.join(', ') }}</td>
                <td><input type="checkbox" [checked]="s.active" (change)="setActive(s, !s.active)" aria-label="Active" /></td>
                <td class="actions">
                  <button type="button" (click)="rotate(s)">New secret</button>
                  <button type="button" (click)="remove(s)">Delete</button>
                </td>
              </tr>
            }
          </tbody>
        </table>
      </section>
      @if (selected(); as s) {
        <section data-testid="webhook-deliveries">
          <h2>Deliveries of {{ s.name }}</h2>
          <label>
            Show
            <select name="state" [(ngModel)]="stateFilter" (ngModelChange)="loadDeliveries()" data-testid="delivery-filter">
              <option value="">all</option>
              <option value="pending">pending</option>
              <option value="delivered">delivered</option>
              <option value="dead">dead letters</option>
            </select>
          </label>
          <button type="button" (click)="loadDeliveries()">Refresh</button>
          <table>
            <thead>
              <tr>
                <th>Event</th>
                <th>About</th>
                <th>State</th>
                <th>Attempts</th>
                <th>Last answer</th>
                <th>Created</th>
                <th></th>
              </tr>
            </thead>
            <tbody>
              @for (d of deliveries(); track d.id) {
                <tr [attr.data-testid]="'delivery-' + d.event.subject + '-' + d.event.type" [attr.data-state]="d.state">
                  <td>{{ d.event.type }}</td>
                  <td>{{ d.event.subject }}</td>
                  <td class="state">{{ d.state }}</td>
                  <td>{{ d.attempts }}</td>
                  <td>{{ d.lastStatus ?? '' }} {{ d.lastError ?? '' }}</td>
                  <td>{{ d.createdAt | date: 'medium' }}</td>
                  <td>
                    @if (d.state === 'dead') {
                      <button type="button" (click)="replay(d)" data-testid="delivery-replay">Replay</button>
                    }
                  </td>
                </tr>
              }
            </tbody>
          </table>
        </section>
      }
    </main>
  `,
  styles: `
    .webhooks {
      max-width: 72rem;
      margin: 0 auto;
      padding: 1rem;
    }
    header {
      display: flex;
      justify-content: space-between;
      align-items: baseline;
    }
    .new {
      display: grid;
      gap: 0.5rem;
      max-width: 40rem;
    }
    .new label {
      display: grid;
      gap: 0.25rem;
    }
    .new label.check {
      display: inline-flex;
      gap: 0.25rem;
      margin-right: 1rem;
    }
    table {
      width: 100%;
      border-collapse: collapse;
    }
    th,
    td {
      text-align: left;
      padding: 0.25rem 0.5rem;
      border-bottom: 1px solid #d0d7de;
      vertical-align: top;
    }
    td.url {
      word-break: break-all;
    }
    tr.selected {
      background: #f6f8fa;
    }
    tr[data-state='dead'] .state {
      color: #b42318;
      font-weight: 600;
    }
    .secret {
      border: 2px solid #1a7f37;
      border-radius: 6px;
      padding: 0.5rem 1rem;
      margin: 1rem 0;
    }
    .secret code {
      display: block;
      word-break: break-all;
      margin-bottom: 0.5rem;
    }
    .problem {
      color: #b42318;
    }
    button.link {
      background: none;
      border: none;
      color: #0969da;
      cursor: pointer;
      padding: 0;
      text-decoration: underline;
    }
  `,
})
export class WebhooksPage implements OnInit {
  private readonly api = inject(WebhooksApi);
  private readonly http = inject(HttpClient);

  readonly subscriptions = signal<WebhookSubscription[]>([]);
  readonly organizations = signal<Organization[]>([]);
  readonly eventTypes = signal<string[]>([]);
  readonly deliveries = signal<WebhookDelivery[]>([]);
  readonly selected = signal<WebhookSubscription | null>(null);
  readonly shownSecret = signal<WebhookWithSecret | null>(null);
  readonly problem = signal<{ message: string; details: string[] } | null>(null);
  readonly busy = signal(false);
  draft = { name: '', url: '', organizationId: null as string | null, eventTypes: ['ticket.created'] as string[] };
  stateFilter: '' | 'pending' | 'delivered' | 'dead' = '';

  ngOnInit(): void {
    this.api.eventTypes().subscribe({ next: (r) => this.eventTypes.set(r.items), error: (e) => this.fail(e) });
    void this.loadOrganizations();
    this.load();
  }

  organizationName(id: string | null): string {
    return id === null ? 'every organisation' : (this.organizations().find((o) => o.id === id)?.name ?? id);
  }

  toggle(type: string): void {
    const types = this.draft.eventTypes;
    this.draft.eventTypes = types.includes(type) ? types.filter((t) => t !== type) : [...types, type];
  }

  create(): void {
    this.busy.set(true);
    this.problem.set(null);
    this.api.create(this.draft).subscribe({
      next: (created) => {
        this.busy.set(false);
        this.shownSecret.set(created);
        this.draft = { name: '', url: '', organizationId: null, eventTypes: ['ticket.created'] };
        this.load();
      },
      error: (e) => this.fail(e),
    });
  }

  setActive(s: WebhookSubscription, active: boolean): void {
    this.api.update(s.id, { active }).subscribe({ next: () => this.load(), error: (e) => this.fail(e) });
  }

  rotate(s: WebhookSubscription): void {
    this.api.rotateSecret(s.id).subscribe({ next: (r) => this.shownSecret.set(r), error: (e) => this.fail(e) });
  }

  remove(s: WebhookSubscription): void {
    if (!confirm(`Delete the subscription “${s.name}” and its deliveries?`)) return;
    this.api.remove(s.id).subscribe({
      next: () => {
        if (this.selected()?.id === s.id) this.selected.set(null);
        this.load();
      },
      error: (e) => this.fail(e),
    });
  }

  select(s: WebhookSubscription): void {
    this.selected.set(s);
    this.loadDeliveries();
  }

  loadDeliveries(): void {
    const s = this.selected();
    if (!s) return;
    this.api
      .deliveries(s.id, this.stateFilter || undefined)
      .subscribe({ next: (r) => this.deliveries.set(r.items), error: (e) => this.fail(e) });
  }

  replay(d: WebhookDelivery): void {
    this.api.replay(d.id).subscribe({ next: () => this.loadDeliveries(), error: (e) => this.fail(e) });
  }

  /** Every customer organisation, page by page (the API gives at most 100 at a time). */
  private async loadOrganizations(): Promise<void> {
    try {
      const all: Organization[] = [];
      for (let offset = 0; offset < 10_000; offset += 100) {
        const page = await firstValueFrom(
          this.http.get<{ items: Organization[]; total: number }>('/organizations', { params: { limit: 100, offset } }),
        );
        all.push(...page.items);
        if (!page.items.length || all.length >= page.total) break;
      }
      this.organizations.set(all.sort((a, b) => a.name.localeCompare(b.name)));
    } catch (e) {
      this.fail(e);
    }
  }

  private load(): void {
    this.api.list().subscribe({ next: (r) => this.subscriptions.set(r.items), error: (e) => this.fail(e) });
  }

  private fail(error: unknown): void {
    this.busy.set(false);
    this.problem.set(problemInWords(toApiProblem(error)));
  }
}
