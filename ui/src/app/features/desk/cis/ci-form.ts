import { Component, computed, effect, inject, input, output, signal, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { firstValueFrom } from 'rxjs';
import { CiClassList, CmdbApi, ConfigurationItem, NewCi } from '../../../core/api/cmdb-api';
import { ActionForm } from '../../../shared/action-form/action-form';
import { FormRun } from '../../../shared/action-form/form-run';
import { CiAttributeFields, attributeFields, filledAttributes } from './ci-attribute-fields';
import { BASE_FIELDS, Draft, blank, draftOf } from './ci-draft';
import { CiSiteChoices } from './ci-site-choices';

/**
 * Creates or changes one configuration item: its name, class (fixed once created), lifecycle state, the
 * attributes its class declares, and an asset's model, serial number and warranty. A change carries the
 * version it was made on, so a CI someone else changed meanwhile is refused (409) instead of overwritten.
 */
@Component({
  selector: 'app-ci-form',
  imports: [ActionForm, CiAttributeFields, FormsModule],
  template: `
    <app-action-form
      class="card ci-form"
      data-testid="ci-form"
      submitTestId="ci-save"
      problemTestId="ci-form-error"
      cancelText="Cancel"
      cancelTestId="ci-cancel"
      [submitText]="ci() ? 'Save changes' : 'Create'"
      [label]="title()"
      [run]="form()"
      (submitted)="save()"
      (cancelled)="cancelled.emit()"
    >
      <h3>{{ title() }}</h3>
      <div class="grid">
        <label class="field">
          <span>Name</span>
          <input
            type="text"
            name="name"
            data-testid="ci-form-name"
            [(ngModel)]="draft.name"
            (ngModelChange)="form().edited('name')"
            [attr.aria-invalid]="err('name')"
          />
          <span class="field-error" data-testid="ci-form-name-error">{{ form().error('name') }}</span>
        </label>
        @if (!ci()) {
          <label class="field">
            <span>Class</span>
            <select
              name="classKey"
              data-testid="ci-form-class"
              [ngModel]="classKey()"
              (ngModelChange)="pickClass($event)"
              [attr.aria-invalid]="err('classKey')"
            >
              @for (c of classes()?.items ?? []; track c.key) {
                <option [value]="c.key">{{ c.name }}</option>
              }
            </select>
            <span class="field-error">{{ form().error('classKey') }}</span>
          </label>
          <label class="field">
            <span>Key <small>(optional: made from the name)</small></span>
            <input
              type="text"
              name="key"
              data-testid="ci-form-key"
              [(ngModel)]="draft.key"
              (ngModelChange)="form().edited('key')"
              [attr.aria-invalid]="err('key')"
            />
            <span class="field-error" data-testid="ci-form-key-error">{{ form().error('key') }}</span>
          </label>
        }
        @if (!ci()) {
          <label class="field">
            <span>Customer <small>(optional: one whose sites you see)</small></span>
            <select
              name="organizationId"
              data-testid="ci-form-customer"
              [(ngModel)]="draft.organizationId"
              (ngModelChange)="pickCustomer()"
              [attr.aria-invalid]="err('organizationId')"
            >
              <option value="">None (the provider’s own)</option>
              @for (c of choices.customers(); track c.id) {
                <option [value]="c.id">{{ c.name }}</option>
              }
            </select>
            <span class="field-error" data-testid="ci-form-customer-error">{{ form().error('organizationId') }}</span>
          </label>
        } @else if (ci()!.organizationId; as orgId) {
          <!-- The API keeps a CI with its customer (its sites and contracts are that customer's): said, not offered. -->
          <p class="field fixed" data-testid="ci-form-customer-fixed">
            <span>Customer</span>
            {{ choices.customerName(orgId) ?? 'a customer' }} <small>(fixed once created)</small>
          </p>
        }
        <label class="field">
          <span>Lifecycle state</span>
          <select
            name="lifecycleState"
            data-testid="ci-form-state"
            [(ngModel)]="draft.lifecycleState"
            [attr.aria-invalid]="err('lifecycleState')"
          >
            @for (s of classes()?.lifecycleStates ?? []; track s) {
              <option [value]="s">{{ s.replace('_', ' ') }}</option>
            }
          </select>
          <span class="field-error" data-testid="ci-form-state-error">{{ form().error('lifecycleState') }}</span>
        </label>
      </div>
      <app-ci-attribute-fields
        [schema]="ciClass()?.attributes"
        [className]="ciClass()?.name ?? 'Class'"
        [run]="form()"
        [(values)]="attributes"
      />
      @if (ciClass()?.asset) {
        <fieldset class="grid asset" data-testid="ci-asset-fields">
          <legend>Asset</legend>
          <label class="field">
            <span>Site <small>(optional: one of the customer’s)</small></span>
            <select
              name="siteId"
              data-testid="ci-form-site"
              [(ngModel)]="draft.siteId"
              (ngModelChange)="form().edited('siteId')"
              [attr.aria-invalid]="err('siteId')"
            >
              <option value="">No site</option>
              @for (s of choices.sitesOfCustomer(); track s.id) {
                <option [value]="s.id">{{ s.name }}</option>
              }
            </select>
            <span class="field-error" data-testid="ci-form-site-error">{{ form().error('siteId') }}</span>
          </label>
          <label class="field">
            <span>Model <small>(optional)</small></span>
            <input type="text" name="model" data-testid="ci-form-model" [(ngModel)]="draft.model" [attr.aria-invalid]="err('model')" />
            <span class="field-error">{{ form().error('model') }}</span>
          </label>
          <label class="field">
            <span>Serial number <small>(optional)</small></span>
            <input
              type="text"
              name="serialNumber"
              data-testid="ci-form-serial"
              [(ngModel)]="draft.serialNumber"
              [attr.aria-invalid]="err('serialNumber')"
            />
            <span class="field-error">{{ form().error('serialNumber') }}</span>
          </label>
          <label class="field">
            <span>Warranty until <small>(optional)</small></span>
            <input
              type="date"
              name="warrantyUntil"
              data-testid="ci-form-warranty"
              [(ngModel)]="draft.warrantyUntil"
              [attr.aria-invalid]="err('warrantyUntil')"
            />
            <span class="field-error">{{ form().error('warrantyUntil') }}</span>
          </label>
        </fieldset>
      }
    </app-action-form>
  `,
  styles: `
    .ci-form {
      display: block;
    }
    .grid {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(min(100%, 14rem), 1fr));
      gap: 0.5rem 1rem;
      min-width: 0;
    }
    fieldset.asset {
      border: 1px solid var(--border);
      border-radius: 6px;
      padding: 0.5rem 0.75rem;
    }
  `,
})
export class CiForm {
  private readonly api = inject(CmdbApi);
  /** The CI being changed; null for a new one. */
  readonly ci = input<ConfigurationItem | null>(null);
  readonly classes = input<CiClassList | null>(null);
  readonly saved = output<ConfigurationItem>();
  readonly cancelled = output<void>();
  protected draft: Draft = blank();
  protected readonly classKey = signal('');
  protected readonly choices = new CiSiteChoices();
  protected readonly attributes = signal<Record<string, unknown>>({});
  protected readonly ciClass = computed(() => this.classes()?.items.find((c) => c.key === this.classKey()) ?? null);
  /** Every attribute any class declares is a field a problem may name (`attributes.ramGb`). */
  protected readonly form = computed(
    () =>
      new FormRun(
        [...BASE_FIELDS, ...(this.classes()?.items ?? []).flatMap((c) => attributeFields(c.attributes).map((f) => `attributes.${f.name}`))],
        'path',
      ),
  );
  protected readonly title = computed(() => (this.ci() ? `Edit ${this.ci()!.name}` : 'New configuration item'));

  constructor() {
    void this.choices.load((offset) => this.api.sites(offset, 100)).catch(() => undefined);
    effect(() => {
      const ci = this.ci();
      const first = this.classes()?.items[0]?.key ?? '';
      untracked(() => {
        this.draft = ci ? draftOf(ci) : blank(this.classKey() || first);
        this.classKey.set(this.draft.classKey);
        this.choices.customerId.set(this.draft.organizationId);
        this.attributes.set(ci ? { ...ci.attributes } : {});
        this.form().reset();
      });
    });
  }

  protected pickCustomer(): void {
    this.choices.customerId.set(this.draft.organizationId);
    // Another customer's site would be refused: the choice starts over.
    this.draft.siteId = '';
    this.form().edited('organizationId');
  }

  protected err(field: string): true | null {
    return this.form().error(field) ? true : null;
  }

  protected pickClass(key: string): void {
    this.classKey.set(key);
    // Another class declares other attributes: what was typed for the old one would be refused by name.
    this.attributes.set({});
    this.form().edited('classKey');
  }

  protected async save(): Promise<void> {
    const existing = this.ci();
    const fields = attributeFields(this.ciClass()?.attributes);
    const asset = this.ciClass()?.asset ?? false;
    const d = this.draft;
    const common = {
      name: d.name.trim(),
      lifecycleState: d.lifecycleState,
      attributes: filledAttributes(this.attributes(), fields),
      ...(asset
        ? {
            model: d.model.trim() || null,
            serialNumber: d.serialNumber.trim() || null,
            warrantyUntil: d.warrantyUntil || null,
            siteId: d.siteId || null,
          }
        : {}),
    };
    const saved = await this.form().run(() => {
      if (existing) return firstValueFrom(this.api.update(existing.id, { ...common, version: existing.version }));
      const created: NewCi = {
        ...common,
        classKey: this.classKey(),
        organizationId: d.organizationId || null,
        ...(d.key.trim() ? { key: d.key.trim() } : {}),
      };
      return firstValueFrom(this.api.create(created));
    });
    if (saved) this.saved.emit(saved);
  }
}
