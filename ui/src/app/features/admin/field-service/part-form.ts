import { Component, computed, effect, inject, input, output, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { firstValueFrom } from 'rxjs';
import { Part } from '../../../core/api/field-api';
import { FieldSettingsApi, PartInput } from '../../../core/api/field-settings-api';
import { ActionForm } from '../../../shared/action-form/action-form';
import { FormRun } from '../../../shared/action-form/form-run';

const FIELDS = ['sku', 'name', 'unit', 'unitPrice', 'currency', 'active', 'version'] as const;

interface Draft {
  sku: string;
  name: string;
  unit: string;
  unitPrice: string;
  currency: string;
  active: boolean;
}

const blank = (): Draft => ({ sku: '', name: '', unit: 'pcs', unitPrice: '', currency: 'EUR', active: true });

/**
 * Adds a part to the provider's catalogue or changes one (with the version it read: a part someone changed
 * meanwhile is refused, 409). Work orders keep the name and price they recorded, so a change never rewrites them.
 */
@Component({
  selector: 'app-part-form',
  imports: [ActionForm, FormsModule],
  template: `
    <app-action-form
      class="card part-form"
      data-testid="part-form"
      submitTestId="part-save"
      problemTestId="part-form-error"
      cancelText="Cancel"
      [label]="title()"
      [run]="form"
      (submitted)="save()"
      (cancelled)="cancelled.emit()"
    >
      <h3>{{ title() }}</h3>
      <label class="field">
        <span>SKU</span>
        <input
          type="text"
          name="sku"
          data-testid="part-sku"
          [(ngModel)]="draft.sku"
          (ngModelChange)="form.edited('sku')"
          [attr.aria-invalid]="err('sku')"
        />
        <span class="field-error" data-testid="part-sku-error">{{ form.error('sku') }}</span>
      </label>
      <label class="field">
        <span>Name</span>
        <input
          type="text"
          name="name"
          data-testid="part-name"
          [(ngModel)]="draft.name"
          (ngModelChange)="form.edited('name')"
          [attr.aria-invalid]="err('name')"
        />
        <span class="field-error" data-testid="part-name-error">{{ form.error('name') }}</span>
      </label>
      <div class="row">
        <label class="field">
          <span>Unit</span>
          <input
            type="text"
            name="unit"
            data-testid="part-unit"
            [(ngModel)]="draft.unit"
            (ngModelChange)="form.edited('unit')"
            [attr.aria-invalid]="err('unit')"
          />
          <span class="field-error">{{ form.error('unit') }}</span>
        </label>
        <label class="field">
          <span>Unit price <small>(optional)</small></span>
          <input
            type="text"
            inputmode="decimal"
            name="unitPrice"
            data-testid="part-price"
            [(ngModel)]="draft.unitPrice"
            (ngModelChange)="form.edited('unitPrice')"
            [attr.aria-invalid]="err('unitPrice')"
          />
          <span class="field-error" data-testid="part-price-error">{{ form.error('unitPrice') }}</span>
        </label>
        <label class="field">
          <span>Currency</span>
          <input
            type="text"
            name="currency"
            data-testid="part-currency"
            [(ngModel)]="draft.currency"
            (ngModelChange)="form.edited('currency')"
            [attr.aria-invalid]="err('currency')"
          />
          <span class="field-error">{{ form.error('currency') }}</span>
        </label>
      </div>
      <label class="inline"
        ><input type="checkbox" name="active" data-testid="part-active" [(ngModel)]="draft.active" /> In use (offered to technicians)</label
      >
    </app-action-form>
  `,
  styles: `
    .part-form {
      display: block;
    }
    .row {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(min(100%, 8rem), 1fr));
      gap: 0.5rem 1rem;
    }
    label.inline {
      display: flex;
      gap: 0.4rem;
      align-items: center;
    }
  `,
})
export class PartForm {
  private readonly api = inject(FieldSettingsApi);
  /** The part being changed; null for a new one. */
  readonly part = input<Part | null>(null);
  readonly saved = output<Part>();
  readonly cancelled = output<void>();
  protected draft: Draft = blank();
  protected readonly form = new FormRun(FIELDS, 'path');
  protected readonly title = computed(() => (this.part() ? `Edit ${this.part()!.name}` : 'New part'));

  constructor() {
    effect(() => {
      const p = this.part();
      untracked(() => {
        this.draft = p
          ? { sku: p.sku, name: p.name, unit: p.unit, unitPrice: p.unitPrice ?? '', currency: p.currency ?? '', active: p.active }
          : blank();
        this.form.reset();
      });
    });
  }

  protected err(field: string): true | null {
    return this.form.error(field) ? true : null;
  }

  protected async save(): Promise<void> {
    const d = this.draft;
    const price = d.unitPrice.trim().replace(',', '.');
    if (!this.form.checked(price && Number.isNaN(Number(price)) ? { unitPrice: 'Write the price as a number, such as 12.50.' } : {}))
      return;
    const existing = this.part();
    const input: PartInput = {
      sku: d.sku.trim(),
      name: d.name.trim(),
      unit: d.unit.trim() || 'pcs',
      unitPrice: price ? Number(price) : null,
      currency: price ? d.currency.trim().toUpperCase() || null : null,
      active: d.active,
    };
    const saved = await this.form.run(() =>
      firstValueFrom(
        existing
          ? this.api.updatePart(existing.id, { ...input, version: existing.version })
          : this.api.createPart({ ...input, organizationId: null }),
      ),
    );
    if (saved) this.saved.emit(saved);
  }
}
