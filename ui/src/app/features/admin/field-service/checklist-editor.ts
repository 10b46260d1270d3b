import { Component, effect, inject, input, output, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { firstValueFrom } from 'rxjs';
import { ChecklistTemplate, ChecklistTemplateItem, FieldSettingsApi } from '../../../core/api/field-settings-api';
import { ActionForm } from '../../../shared/action-form/action-form';
import { FormRun } from '../../../shared/action-form/form-run';

/** A checklist item's key from its label: "Check the fans" → "check-the-fans". */
const keyOf = (label: string) =>
  label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);

/**
 * The checklist of one work type: its items in order, each required or not. Work orders opened from now on take a
 * copy; a required item blocks completing the job. An item's key is made from its label when it is new and then kept,
 * so the records of jobs done stay comparable.
 */
@Component({
  selector: 'app-checklist-editor',
  imports: [ActionForm, FormsModule, MatButtonModule],
  template: `
    <app-action-form
      class="card"
      data-testid="checklist-form"
      submitText="Save checklist"
      submitTestId="checklist-save"
      problemTestId="checklist-error"
      cancelText="Close"
      [label]="'Checklist of ' + workType()"
      [run]="form"
      (submitted)="save()"
      (cancelled)="closed.emit()"
    >
      <h3>Checklist of {{ workType() }}</h3>
      <ol class="items">
        @for (item of items; track $index; let i = $index) {
          <li data-testid="checklist-item">
            <label class="field">
              <span>Item {{ i + 1 }}</span>
              <input
                type="text"
                [name]="'label-' + i"
                data-testid="checklist-label"
                [(ngModel)]="item.label"
                [attr.aria-invalid]="form.error('items') ? true : null"
              />
            </label>
            <label class="inline"
              ><input type="checkbox" [name]="'required-' + i" data-testid="checklist-required" [(ngModel)]="item.required" />
              Required</label
            >
            <button mat-button type="button" [attr.aria-label]="'Remove item ' + (i + 1)" (click)="items.splice(i, 1)">Remove</button>
          </li>
        }
      </ol>
      <span class="field-error" data-testid="checklist-items-error">{{ form.error('items') }}</span>
      <button
        mat-stroked-button
        type="button"
        actions
        data-testid="checklist-add"
        (click)="items.push({ key: '', label: '', required: false })"
      >
        Add item
      </button>
    </app-action-form>
  `,
  styles: `
    .items {
      padding-left: 1.25rem;
      margin: 0;
      display: grid;
      gap: 0.25rem;
    }
    .items li {
      display: flex;
      flex-wrap: wrap;
      align-items: flex-end;
      gap: 0.25rem 0.75rem;
    }
    .items .field {
      flex: 1 1 12rem;
      min-width: 0;
    }
    label.inline {
      display: flex;
      gap: 0.4rem;
      align-items: center;
    }
  `,
})
export class ChecklistEditor {
  private readonly api = inject(FieldSettingsApi);
  readonly workType = input.required<string>();
  readonly template = input<ChecklistTemplate | null>(null);
  readonly saved = output<ChecklistTemplate>();
  readonly closed = output<void>();
  protected readonly form = new FormRun(['items'], 'path');
  protected items: ChecklistTemplateItem[] = [];

  constructor() {
    effect(() => {
      const t = this.template();
      untracked(() => {
        this.items = t?.items.length ? t.items.map((i) => ({ ...i })) : [{ key: '', label: '', required: true }];
        this.form.reset();
      });
    });
  }

  protected async save(): Promise<void> {
    const items = this.items
      .filter((i) => i.label.trim())
      .map((i) => ({ key: i.key || keyOf(i.label), label: i.label.trim(), required: i.required }));
    if (!this.form.checked(items.length ? {} : { items: 'Give the checklist at least one item.' })) return;
    const saved = await this.form.run(() => firstValueFrom(this.api.setChecklist(this.workType(), items)));
    if (saved) this.saved.emit(saved);
  }
}
