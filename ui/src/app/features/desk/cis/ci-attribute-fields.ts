import { Component, computed, input, model } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { FormRun } from '../../../shared/action-form/form-run';

/** One attribute of a class's JSON Schema, as far as a form needs it. */
export interface AttributeField {
  name: string;
  label: string;
  kind: 'text' | 'long-text' | 'integer' | 'number' | 'boolean' | 'choice';
  choices: string[];
}

interface PropertySchema {
  type?: string;
  enum?: unknown[];
  maxLength?: number;
}

/** The controls a class's attribute schema asks for, in the schema's order (`cpuCores` → "Cpu cores"). */
export function attributeFields(schema: Record<string, unknown> | undefined): AttributeField[] {
  const properties = (schema?.['properties'] ?? {}) as Record<string, PropertySchema>;
  return Object.entries(properties).map(([name, p]) => ({
    name,
    label: name
      .replace(/([A-Z])/g, ' $1')
      .toLowerCase()
      .replace(/^./, (c) => c.toUpperCase()),
    kind: p.enum
      ? 'choice'
      : p.type === 'boolean'
        ? 'boolean'
        : p.type === 'integer'
          ? 'integer'
          : p.type === 'number'
            ? 'number'
            : (p.maxLength ?? 0) >= 1000
              ? 'long-text'
              : 'text',
    choices: (p.enum ?? []).map(String),
  }));
}

/** The attributes the person filled in: empty controls are left out, so the class's schema sees only values. */
export function filledAttributes(values: Record<string, unknown>, fields: AttributeField[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const v = values[f.name];
    if (v === undefined || v === null || v === '') continue;
    if (f.kind === 'boolean') out[f.name] = v === true || v === 'true';
    else if (f.kind === 'integer' || f.kind === 'number') out[f.name] = typeof v === 'number' ? v : Number(v);
    else out[f.name] = typeof v === 'string' ? v.trim() : v;
  }
  return out;
}

/**
 * The class-specific attributes of a configuration item, drawn from the class's JSON Schema (GET /cmdb/classes):
 * a choice for an enum, yes/no for a boolean, a number field for a number, text otherwise. The API checks the
 * values against the same schema and names each refused attribute; the message shows under its control.
 */
@Component({
  selector: 'app-ci-attribute-fields',
  imports: [FormsModule],
  template: `
    @if (fields().length) {
      <fieldset class="attributes" data-testid="ci-attributes">
        <legend>{{ className() }} attributes</legend>
        @for (f of fields(); track f.name) {
          <label class="field" [for]="'ci-attr-field-' + f.name">
            <span>{{ f.label }} <small>(optional)</small></span>
            @switch (f.kind) {
              @case ('choice') {
                <select
                  [id]="'ci-attr-field-' + f.name"
                  [name]="'attr-' + f.name"
                  [attr.data-testid]="'ci-attr-' + f.name"
                  [ngModel]="values()[f.name] ?? ''"
                  (ngModelChange)="set(f.name, $event)"
                  [attr.aria-invalid]="invalid(f.name)"
                >
                  <option value="">Not set</option>
                  @for (c of f.choices; track c) {
                    <option [value]="c">{{ c.replace('_', ' ') }}</option>
                  }
                </select>
              }
              @case ('boolean') {
                <select
                  [id]="'ci-attr-field-' + f.name"
                  [name]="'attr-' + f.name"
                  [attr.data-testid]="'ci-attr-' + f.name"
                  [ngModel]="boolText(values()[f.name])"
                  (ngModelChange)="set(f.name, $event)"
                  [attr.aria-invalid]="invalid(f.name)"
                >
                  <option value="">Not set</option>
                  <option value="true">Yes</option>
                  <option value="false">No</option>
                </select>
              }
              @case ('long-text') {
                <textarea
                  rows="3"
                  [id]="'ci-attr-field-' + f.name"
                  [name]="'attr-' + f.name"
                  [attr.data-testid]="'ci-attr-' + f.name"
                  [ngModel]="values()[f.name] ?? ''"
                  (ngModelChange)="set(f.name, $event)"
                  [attr.aria-invalid]="invalid(f.name)"
                ></textarea>
              }
              @default {
                <input
                  [type]="f.kind === 'text' ? 'text' : 'number'"
                  [attr.step]="f.kind === 'integer' ? 1 : 'any'"
                  [id]="'ci-attr-field-' + f.name"
                  [name]="'attr-' + f.name"
                  [attr.data-testid]="'ci-attr-' + f.name"
                  [ngModel]="values()[f.name] ?? ''"
                  (ngModelChange)="set(f.name, $event)"
                  [attr.aria-invalid]="invalid(f.name)"
                />
              }
            }
            <span class="field-error" [attr.data-testid]="'ci-attr-' + f.name + '-error'">{{ run().error('attributes.' + f.name) }}</span>
          </label>
        }
      </fieldset>
    }
  `,
  styles: `
    .attributes {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(min(100%, 14rem), 1fr));
      gap: 0.5rem 1rem;
      border: 1px solid var(--border);
      border-radius: 6px;
      padding: 0.5rem 0.75rem;
      min-width: 0;
    }
  `,
})
export class CiAttributeFields {
  readonly schema = input<Record<string, unknown> | undefined>(undefined);
  readonly className = input('Class');
  readonly run = input.required<FormRun>();
  /** Attribute name → value as the controls hold it. */
  readonly values = model<Record<string, unknown>>({});
  protected readonly fields = computed(() => attributeFields(this.schema()));

  protected set(name: string, value: unknown): void {
    this.values.update((v) => ({ ...v, [name]: value }));
    this.run().edited(`attributes.${name}`);
  }

  protected invalid(name: string): true | null {
    return this.run().error(`attributes.${name}`) ? true : null;
  }

  protected boolText(v: unknown): string {
    return v === true || v === 'true' ? 'true' : v === false || v === 'false' ? 'false' : '';
  }
}
