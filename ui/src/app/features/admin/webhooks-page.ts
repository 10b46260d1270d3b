// Over 300 lines because the admin page binds subscriptions, the secret shown once, deliveries and replays on one class.
import { DatePipe } from '@angular/common';
import { HttpClient } from '@angular/common/http';
import { Component, OnInit, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { ApiProblem, toApiProblem } from '../../core/api/api-error';
import { ActionForm } from '../../shared/action-form/action-form';
import { FormRun } from '../../shared/action-form/form-run';
import { Confirm } from '../../shared/confirm-dialog/confirm-dialog';
import { StateView, ViewState } from '../../shared/state-view/state-view';
import { ProblemMessage } from '../operate/problem-message';
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
  imports: [ActionForm, DatePipe, FormsModule, ProblemMessage, RouterLink, StateView],
  template: `
    <div class="webhooks">
      <header>
        <h1>Webhooks</h1>
        <a routerLink="/">Home</a>
      </header>
      @if (problem(); as p) {
        <app-problem-message data-testid="webhook-action-problem" [problem]="p" />
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
        <app-action-form
          class="new"
          label="New subscription"
          submitText="Subscribe"
          busyText="Subscribing…"
          submitTestId="webhook-create"
          problemTestId="webhook-problem"
          [run]="form"
          (submitted)="create()"
        >
          <label class="field" for="webhook-name">Name</label>
          <input
            id="webhook-name"
            name="name"
            [(ngModel)]="draft.name"
            (ngModelChange)="form.edited('name')"
            required
            data-testid="webhook-name"
            [attr.aria-invalid]="form.error('name') ? true : null"
            aria-describedby="webhook-name-error"
          />
          <p id="webhook-name-error" class="field-error" data-testid="webhook-name-error">{{ form.error('name') }}</p>
          <label class="field" for="webhook-url">URL</label>
          <input
            id="webhook-url"
            name="url"
            type="url"
            [(ngModel)]="draft.url"
            (ngModelChange)="form.edited('url')"
            required
            placeholder="https://…"
            data-testid="webhook-url"
            [attr.aria-invalid]="form.error('url') ? true : null"
            aria-describedby="webhook-url-error"
          />
          <p id="webhook-url-error" class="field-error" data-testid="webhook-url-error">{{ form.error('url') }}</p>
          <label class="field" for="webhook-organization">Events of</label>
          <select id="webhook-organization" name="organizationId" [(ngModel)]="draft.organizationId" data-testid="webhook-organization">
            <option [ngValue]="null">every organisation (the desk's own integration)</option>
            @for (o of organizations(); track o.id) {
              <option [ngValue]="o.id">{{ o.name }}</option>
            }
          </select>
          <fieldset [attr.aria-invalid]="form.error('eventTypes') ? true : null" aria-describedby="webhook-events-error">
            <legend>Event types</legend>
            @for (t of eventTypes(); track t) {
              <label class="check">
                <input type="checkbox" [checked]="draft.eventTypes.includes(t)" (change)="toggle(t)" [attr.data-testid]="'event-' + t" />
                {{ t }}
              </label>
            }
          </fieldset>
          <p id="webhook-events-error" class="field-error">{{ form.error('eventTypes') }}</p>
        </app-action-form>
      </section>
      <section>
        <h2>Subscriptions</h2>
        <app-state-view testId="webhooks" emptyText="No subscription yet." [state]="listState()" (retry)="load()" />
        <table class="data-table cards">
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
                <td data-label="Name">
                  <button type="button" class="link" (click)="select(s)">{{ s.name }}</button>
                </td>
                <td data-label="URL" class="url">{{ s.url }}</td>
                <td data-label="Events of">{{ organizationName(s.organizationId) }}</td>
                <td data-label="Event types">{{ s.eventTypes.join(', ') }}</td>
                <td data-label="Active">
                  <input type="checkbox" [checked]="s.active" (change)="setActive(s, !s.active)" [attr.aria-label]="'Active: ' + s.name" />
                </td>
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
          <label class="field inline">
            <span>Show</span>
            <select name="state" [(ngModel)]="stateFilter" (ngModelChange)="loadDeliveries()" data-testid="delivery-filter">
              <option value="">all</option>
              <option value="pending">pending</option>
              <option value="delivered">delivered</option>
              <option value="dead">dead letters</option>
            </select>
          </label>
          <button type="button" (click)="loadDeliveries()">Refresh</button>
          <table class="data-table cards">
            <thead>
              <tr>
                <th scope="col">Event</th>
                <th scope="col">About</th>
                <th scope="col">State</th>
                <th scope="col">Attempts</th>
                <th scope="col">Last answer</th>
                <th scope="col">Created</th>
                <th scope="col"><span class="visually-hidden">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              @for (d of deliveries(); track d.id) {
                <tr [attr.data-testid]="'delivery-' + d.event.subject + '-' + d.event.type" [attr.data-state]="d.state">
                  <td data-label="Event">{{ d.event.type }}</td>
                  <td data-label="About">{{ d.event.subject }}</td>
                  <td data-label="State" class="state">{{ d.state }}</td>
                  <td data-label="Attempts">{{ d.attempts }}</td>
                  <td data-label="Last answer">{{ d.lastStatus ?? '' }} {{ d.lastError ?? '' }}</td>
                  <td data-label="Created">{{ d.createdAt | date: 'medium' }}</td>
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
    </div>
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
      display: block;
      max-width: 40rem;
    }
    .new label.check {
      display: inline-flex;
      gap: 0.25rem;
      margin-right: 1rem;
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
  /** What went wrong with an action on a listed subscription or delivery (the new-subscription form has its own). */
  readonly problem = signal<ApiProblem | null>(null);
  readonly listed = signal<'loading' | 'error' | 'done'>('loading');
  readonly listState = computed<ViewState>(() =>
    this.listed() === 'done' ? (this.subscriptions().length ? 'ready' : 'empty') : this.listed() === 'loading' ? 'loading' : 'error',
  );
  protected readonly form = new FormRun(['name', 'url', 'organizationId', 'eventTypes'], 'path');
  private readonly confirm = inject(Confirm);
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
    this.form.edited('eventTypes');
  }

  async create(): Promise<void> {
    const created = await this.form.run(() => firstValueFrom(this.api.create(this.draft)));
    if (!created) return;
    this.shownSecret.set(created);
    this.draft = { name: '', url: '', organizationId: null, eventTypes: ['ticket.created'] };
    this.load();
  }

  setActive(s: WebhookSubscription, active: boolean): void {
    this.api.update(s.id, { active }).subscribe({ next: () => this.load(), error: (e) => this.fail(e) });
  }

  rotate(s: WebhookSubscription): void {
    this.api.rotateSecret(s.id).subscribe({ next: (r) => this.shownSecret.set(r), error: (e) => this.fail(e) });
  }

  async remove(s: WebhookSubscription): Promise<void> {
    const sure = await this.confirm.ask({
      title: 'Delete subscription',
      message: `Delete the subscription “${s.name}” and its deliveries? The receiver gets no more events.`,
      confirmText: 'Delete',
      destructive: true,
    });
    if (!sure) return;
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

  load(): void {
    this.api.list().subscribe({
      next: (r) => {
        this.subscriptions.set(r.items);
        this.listed.set('done');
      },
      error: () => this.listed.set('error'),
    });
  }

  private fail(error: unknown): void {
    this.problem.set(toApiProblem(error));
  }
}
