import { Component, inject, input, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { CmdbApi, LinkedCi } from '../../../core/api/cmdb-api';
import { DirectoryApi, Site } from '../../../core/api/directory-api';
import { FieldApi } from '../../../core/api/field-api';
import { Ticket } from '../../../core/api/ticket-types';
import { ActionForm } from '../../../shared/action-form/action-form';
import { FormRun } from '../../../shared/action-form/form-run';
import { instantOf, localOf } from '../../../shared/window-fields/local-time';
import { WindowFields, WindowSpec } from '../../../shared/window-fields/window-fields';

const FIELDS = ['title', 'siteId', 'assetIds', 'workType', 'priority', 'window', 'window.startsAt', 'window.endsAt'] as const;
const PRIORITIES = ['P1', 'P2', 'P3', 'P4', 'P5'];
const HOUR = 3_600_000;

/** When the technician is expected; the API names the whole window when its end is not after its start. */
const WINDOW: WindowSpec = {
  start: { label: 'Window starts', field: 'window.startsAt', testId: 'work-order-starts', errorId: 'work-order-starts-error' },
  end: { label: 'Window ends', field: 'window.endsAt', testId: 'work-order-ends', errorId: 'work-order-ends-error' },
  window: 'window',
};

/**
 * Sends someone on site for an incident or request: a work order for the ticket's customer, filled in
 * from what is known — the ticket's title and priority, the customer's site when it has only one, the
 * configuration items linked to the ticket as the assets — and a window starting at the next full hour.
 * The dispatch board then schedules it.
 */
@Component({
  selector: 'app-raise-work-order-form',
  imports: [ActionForm, FormsModule, MatButtonModule, RouterLink, WindowFields],
  template: `
    <section class="card" aria-labelledby="work-order-title" data-testid="raise-work-order">
      <h3 id="work-order-title">Field visit</h3>
      @if (created(); as wo) {
        <p data-testid="work-order-created">
          Work order <a [routerLink]="['/desk/tickets', wo]">{{ wo }}</a> is opened; the dispatch board schedules it.
        </p>
      }
      @if (open()) {
        <app-action-form
          data-testid="work-order-form"
          label="Raise a work order"
          submitText="Raise work order"
          busyText="Raising…"
          cancelText="Cancel"
          submitTestId="work-order-submit"
          problemTestId="work-order-error"
          [run]="form"
          (submitted)="raise()"
          (cancelled)="open.set(false)"
        >
          <label class="field">
            <span>Title</span>
            <input type="text" name="title" data-testid="work-order-title-input" [(ngModel)]="title" [attr.aria-invalid]="err('title')" />
            <span class="field-error">{{ form.error('title') }}</span>
          </label>
          <label class="field">
            <span>Site</span>
            <select
              name="siteId"
              data-testid="work-order-site"
              [(ngModel)]="siteId"
              [attr.aria-invalid]="err('siteId')"
              (ngModelChange)="form.edited('siteId')"
            >
              <option value="">Choose the site…</option>
              @for (s of sites(); track s.id) {
                <option [value]="s.id">{{ s.name }}{{ s.address ? ' · ' + s.address : '' }}</option>
              }
            </select>
            <span class="field-error" data-testid="work-order-site-error">{{ form.error('siteId') }}</span>
          </label>
          @if (assets().length) {
            <fieldset class="field" data-testid="work-order-assets">
              <legend>Assets</legend>
              @for (a of assets(); track a.id) {
                <label class="inline"
                  ><input type="checkbox" [checked]="assetIds.includes(a.id)" (change)="toggleAsset(a.id, $event)" /> {{ a.name }} ({{
                    a.key
                  }})</label
                >
              }
              <span class="field-error">{{ form.error('assetIds') }}</span>
            </fieldset>
          }
          <div class="row">
            <label class="field">
              <span>Work type</span>
              <input
                type="text"
                name="workType"
                data-testid="work-order-work-type"
                [(ngModel)]="workType"
                [attr.aria-invalid]="err('workType')"
              />
              <span class="field-error">{{ form.error('workType') }}</span>
            </label>
            <label class="field">
              <span>Priority</span>
              <select name="priority" data-testid="work-order-priority" [(ngModel)]="priority">
                @for (p of priorities; track p) {
                  <option [value]="p">{{ p }}</option>
                }
              </select>
            </label>
          </div>
          <app-window-fields [form]="form" [spec]="visitWindow" [(startsAt)]="startsAt" [(endsAt)]="endsAt" />
        </app-action-form>
      } @else {
        <button mat-stroked-button type="button" data-testid="work-order-open" (click)="start()">Raise a work order</button>
      }
    </section>
  `,
  styles: `
    .row {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
    }
    .row .field {
      flex: 1 1 10rem;
      min-width: 0;
    }
    input,
    select {
      max-width: 100%;
    }
    fieldset {
      border: 1px solid #d8dee4;
      border-radius: 6px;
      padding: 0.5rem 0.75rem;
      min-width: 0;
    }
    label.inline {
      display: flex;
      gap: 0.4rem;
      align-items: center;
      font-weight: 400;
    }
  `,
})
export class RaiseWorkOrderForm {
  private readonly field = inject(FieldApi);
  private readonly directory = inject(DirectoryApi);
  private readonly cmdb = inject(CmdbApi);
  /** The incident or request the visit is for. */
  readonly ticket = input.required<Ticket>();
  protected readonly open = signal(false);
  protected readonly created = signal<string | null>(null);
  protected readonly sites = signal<Site[]>([]);
  protected readonly assets = signal<LinkedCi[]>([]);
  protected readonly priorities = PRIORITIES;
  protected readonly visitWindow = WINDOW;
  protected readonly form = new FormRun(FIELDS, 'path');
  protected title = '';
  protected siteId = '';
  protected assetIds: string[] = [];
  protected workType = 'repair';
  protected priority = 'P3';
  protected startsAt = '';
  protected endsAt = '';

  protected err(field: string): true | null {
    return this.form.error(field) ? true : null;
  }

  protected async start(): Promise<void> {
    const t = this.ticket();
    this.title = t.title;
    this.priority = t.priority && PRIORITIES.includes(t.priority) ? t.priority : 'P3';
    const from = new Date(Math.ceil(Date.now() / HOUR) * HOUR + HOUR);
    this.startsAt = localOf(from);
    this.endsAt = localOf(new Date(from.getTime() + 4 * HOUR));
    this.form.reset();
    this.open.set(true);
    const [sites, assets] = await Promise.all([
      t.organizationId
        ? firstValueFrom(this.directory.sites(t.organizationId))
            .then((p) => p.items)
            .catch(() => [])
        : Promise.resolve([]),
      firstValueFrom(this.cmdb.ticketCis(t.number)).catch(() => []),
    ]);
    this.sites.set(sites);
    if (sites.length === 1) this.siteId = sites[0]!.id;
    // The ticket's own CIs of its customer are the assets the technician looks at.
    const own = assets.filter((a) => a.organizationId === t.organizationId);
    this.assets.set(own);
    this.assetIds = own.map((a) => a.id);
  }

  protected toggleAsset(id: string, event: Event): void {
    const on = (event.target as HTMLInputElement).checked;
    this.assetIds = on ? [...this.assetIds.filter((a) => a !== id), id] : this.assetIds.filter((a) => a !== id);
  }

  protected async raise(): Promise<void> {
    if (!this.form.checked(this.siteId ? {} : { siteId: 'Which site is the visit at?' })) return;
    const t = this.ticket();
    const wo = await this.form.run(() =>
      firstValueFrom(
        this.field.createWorkOrder({
          title: this.title.trim(),
          description: t.description,
          parentTicket: t.number,
          siteId: this.siteId,
          assetIds: this.assetIds,
          workType: this.workType.trim(),
          priority: this.priority,
          window: { startsAt: instantOf(this.startsAt), endsAt: instantOf(this.endsAt) },
        }),
      ),
    );
    if (!wo) return;
    this.created.set(wo.number);
    this.open.set(false);
  }
}
