import { Component, computed, effect, inject, input, output, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { firstValueFrom } from 'rxjs';
import { CurationApi, CurationChoices, Service, ServiceInput, SlaPolicyChoice } from '../../../core/api/curation-api';
import { MatButtonModule } from '@angular/material/button';
import { ActionForm } from '../../../shared/action-form/action-form';
import { FormRun } from '../../../shared/action-form/form-run';
import { Confirm } from '../../../shared/confirm-dialog/confirm-dialog';

const FIELDS = ['name', 'kind', 'description', 'ownerId', 'supportGroup', 'slaPolicyId', 'status', 'customerOrganizationIds'] as const;

const blank = (): ServiceInput => ({
  name: '',
  kind: 'business',
  description: '',
  ownerId: null,
  supportGroup: null,
  slaPolicyId: null,
  status: 'live',
  customerOrganizationIds: [],
});

/**
 * Creates or changes one service. The API decides what is valid (a taken name, an unknown group, a
 * customer the curator does not serve); its refusal is shown next to the field it names.
 */
@Component({
  selector: 'app-service-form',
  imports: [ActionForm, FormsModule, MatButtonModule],
  template: `
    <app-action-form
      class="card service-form"
      data-testid="service-form"
      submitTestId="service-save"
      problemTestId="service-form-error"
      cancelText="Cancel"
      [label]="title()"
      [run]="form"
      (submitted)="save()"
      (cancelled)="cancelled.emit()"
    >
      <h3>{{ title() }}</h3>
      <label class="field">
        <span>Name</span>
        <input type="text" name="name" data-testid="service-name" [(ngModel)]="draft.name" [attr.aria-invalid]="err('name')" />
        <span class="field-error" data-testid="service-name-error">{{ form.problems().fields['name'] }}</span>
      </label>
      <fieldset class="field">
        <legend>Type</legend>
        <label class="inline"><input type="radio" name="kind" value="business" [(ngModel)]="draft.kind" /> Business service</label>
        <label class="inline"><input type="radio" name="kind" value="technical" [(ngModel)]="draft.kind" /> Technical service</label>
        <span class="field-error">{{ form.problems().fields['kind'] }}</span>
      </fieldset>
      <label class="field">
        <span>Description <small>(optional)</small></span>
        <textarea name="description" rows="3" data-testid="service-description" [(ngModel)]="draft.description"></textarea>
        <span class="field-error">{{ form.problems().fields['description'] }}</span>
      </label>
      <label class="field">
        <span>Owner</span>
        <select name="ownerId" data-testid="service-owner" [(ngModel)]="draft.ownerId" [attr.aria-invalid]="err('ownerId')">
          <option [ngValue]="null">Nobody yet</option>
          @for (o of choices()?.owners ?? []; track o.id) {
            <option [ngValue]="o.id">{{ o.displayName }}</option>
          }
        </select>
        <span class="field-error">{{ form.problems().fields['ownerId'] }}</span>
      </label>
      <label class="field">
        <span>Support group</span>
        <select
          name="supportGroup"
          data-testid="service-support-group"
          [(ngModel)]="draft.supportGroup"
          [attr.aria-invalid]="err('supportGroup')"
        >
          <option [ngValue]="null">None</option>
          @for (g of choices()?.groups ?? []; track g.key) {
            <option [ngValue]="g.key">{{ g.name }}</option>
          }
        </select>
        <span class="field-error" data-testid="service-support-group-error">{{ form.problems().fields['supportGroup'] }}</span>
      </label>
      <label class="field">
        <span>SLA policy</span>
        <select
          name="slaPolicyId"
          data-testid="service-sla-policy"
          [(ngModel)]="draft.slaPolicyId"
          [attr.aria-invalid]="err('slaPolicyId')"
        >
          <option [ngValue]="null">The desk's default</option>
          @for (p of slaPolicies(); track p.id) {
            <option [ngValue]="p.id">{{ p.name }}</option>
          }
        </select>
        <span class="field-error">{{ form.problems().fields['slaPolicyId'] }}</span>
      </label>
      <label class="field">
        <span>Status</span>
        <select name="status" data-testid="service-status" [(ngModel)]="draft.status">
          <option value="planned">Planned (pipeline)</option>
          <option value="live">Live (in the catalogue)</option>
          <option value="retired">Retired</option>
        </select>
        <span class="field-error">{{ form.problems().fields['status'] }}</span>
      </label>
      <fieldset class="field" data-testid="service-customers">
        <legend>Customer organisations it serves</legend>
        @for (o of choices()?.organizations ?? []; track o.id) {
          <label class="inline">
            <input type="checkbox" [checked]="draft.customerOrganizationIds.includes(o.id)" (change)="toggleCustomer(o.id, $event)" />
            {{ o.name }}
          </label>
        } @empty {
          <p class="muted">You serve no customer organisation.</p>
        }
        <span class="field-error" data-testid="service-customers-error">{{ form.problems().fields['customerOrganizationIds'] }}</span>
      </fieldset>
      @if (service(); as s) {
        <button mat-button type="button" class="delete" data-testid="service-delete" actions [disabled]="form.busy()" (click)="remove(s)">
          Delete
        </button>
      }
    </app-action-form>
  `,
  styles: `
    .service-form {
      display: block;
    }
    .service-form .field + .field {
      margin-top: 0.5rem;
    }
    fieldset {
      border: 1px solid #d8dee4;
      border-radius: 6px;
      padding: 0.5rem 0.75rem;
    }
    .delete {
      margin-left: auto;
      --mat-button-text-label-text-color: var(--danger);
    }
    label.inline {
      display: flex;
      gap: 0.4rem;
      align-items: center;
      font-weight: 400;
      color: var(--text);
    }
  `,
})
export class ServiceForm {
  private readonly api = inject(CurationApi);
  /** The service being edited; null for a new one. */
  readonly service = input<Service | null>(null);
  readonly choices = input<CurationChoices | null>(null);
  readonly slaPolicies = input<SlaPolicyChoice[]>([]);
  readonly saved = output<Service>();
  readonly cancelled = output<void>();
  /** The service is gone; the page closes the form and reloads. */
  readonly deleted = output<void>();
  private readonly confirm = inject(Confirm);
  protected draft: ServiceInput = blank();
  protected readonly form = new FormRun(FIELDS, 'path');
  protected readonly title = computed(() => (this.service() ? `Edit ${this.service()!.name}` : 'New service'));

  constructor() {
    effect(() => {
      const s = this.service();
      untracked(() => {
        this.draft = s ? { ...s, customerOrganizationIds: [...s.customerOrganizationIds] } : blank();
        this.form.reset();
      });
    });
  }

  protected err(field: string): true | null {
    return this.form.error(field) ? true : null;
  }

  protected toggleCustomer(id: string, event: Event): void {
    const on = (event.target as HTMLInputElement).checked;
    const rest = this.draft.customerOrganizationIds.filter((o) => o !== id);
    this.draft.customerOrganizationIds = on ? [...rest, id] : rest;
  }

  protected async save(): Promise<void> {
    const existing = this.service();
    const { name, kind, description, ownerId, supportGroup, slaPolicyId, status, customerOrganizationIds } = this.draft;
    const payload: ServiceInput = { name, kind, description, ownerId, supportGroup, slaPolicyId, status, customerOrganizationIds };
    const saved = await this.form.run(() =>
      firstValueFrom(existing ? this.api.updateService(existing.id, payload) : this.api.createService(payload)),
    );
    if (saved) this.saved.emit(saved);
  }

  /**
   * Deleting is for a service entered by mistake: the API refuses one that tickets, items or contracts
   * refer to (SERVICE_IN_USE), and the refusal says to retire it instead, which keeps the history.
   */
  protected async remove(s: Service): Promise<void> {
    const sure = await this.confirm.ask({
      title: 'Delete service',
      message: `Delete the service “${s.name}”? Only a service nothing refers to can be deleted; retire one that is in use.`,
      confirmText: 'Delete',
      destructive: true,
    });
    if (!sure) return;
    const done = await this.form.run(async () => {
      await firstValueFrom(this.api.deleteService(s.id));
      return true;
    });
    if (done) this.deleted.emit();
  }
}
