import { Component, computed, effect, inject, input, output, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { firstValueFrom } from 'rxjs';
import { CiMaintenanceSchedule, CmdbApi, MaintenanceScheduleInput } from '../../../core/api/cmdb-api';
import { ActionForm } from '../../../shared/action-form/action-form';
import { FormRun } from '../../../shared/action-form/form-run';

const EVERY = [
  ['P1W', 'every week'],
  ['P2W', 'every two weeks'],
  ['P1M', 'every month'],
  ['P3M', 'every three months'],
  ['P6M', 'every six months'],
  ['P1Y', 'every year'],
] as const;

/**
 * An asset's maintenance schedule (PUT /assets/{id}/maintenance-schedule): how often, the next due date, the task
 * and the work type of the planned work orders it opens, and how many days ahead they open. Clearing it stops them.
 * The API refuses a CI without a site (422): the technician would not know where to go.
 */
@Component({
  selector: 'app-ci-maintenance',
  imports: [ActionForm, FormsModule, MatButtonModule],
  template: `
    <app-action-form
      label="Maintenance schedule"
      submitText="Save schedule"
      submitTestId="maintenance-save"
      problemTestId="maintenance-error"
      [run]="form"
      (submitted)="save()"
    >
      <div class="row">
        <label class="field">
          <span>How often</span>
          <select name="every" data-testid="maintenance-every" [(ngModel)]="draft.every" [attr.aria-invalid]="err('every')">
            @for (e of everyChoices(); track e[0]) {
              <option [value]="e[0]">{{ e[1] }}</option>
            }
          </select>
          <span class="field-error">{{ form.error('every') }}</span>
        </label>
        <label class="field">
          <span>Next due on</span>
          <input
            type="date"
            name="nextDueOn"
            data-testid="maintenance-next"
            [(ngModel)]="draft.nextDueOn"
            (ngModelChange)="form.edited('nextDueOn')"
            [attr.aria-invalid]="err('nextDueOn')"
          />
          <span class="field-error" data-testid="maintenance-next-error">{{ form.error('nextDueOn') }}</span>
        </label>
        <label class="field">
          <span>Task <small>(optional)</small></span>
          <input type="text" name="task" data-testid="maintenance-task" [(ngModel)]="draft.task" [attr.aria-invalid]="err('task')" />
          <span class="field-error">{{ form.error('task') }}</span>
        </label>
        <label class="field">
          <span>Work type <small>(optional)</small></span>
          <input
            type="text"
            name="workType"
            data-testid="maintenance-work-type"
            [(ngModel)]="draft.workType"
            (ngModelChange)="form.edited('workType')"
            [attr.aria-invalid]="err('workType')"
          />
          <span class="field-error" data-testid="maintenance-work-type-error">{{ form.error('workType') }}</span>
        </label>
        <label class="field">
          <span>Opens days ahead <small>(optional)</small></span>
          <input
            type="number"
            min="0"
            max="365"
            name="leadDays"
            data-testid="maintenance-lead"
            [(ngModel)]="draft.leadDays"
            [attr.aria-invalid]="err('leadDays')"
          />
          <span class="field-error">{{ form.error('leadDays') }}</span>
        </label>
      </div>
      @if (schedule()) {
        <button mat-button type="button" actions data-testid="maintenance-clear" [disabled]="form.busy()" (click)="clear()">
          Stop maintenance
        </button>
      }
    </app-action-form>
  `,
  styles: `
    .row {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(min(100%, 11rem), 1fr));
      gap: 0.5rem 1rem;
    }
  `,
})
export class CiMaintenance {
  private readonly api = inject(CmdbApi);
  readonly assetId = input.required<string>();
  readonly schedule = input<CiMaintenanceSchedule | null>(null);
  readonly changed = output<void>();
  /** The usual intervals, and the schedule's own when it is another (P4M set through the API stays as it is). */
  protected readonly everyChoices = computed<ReadonlyArray<readonly [string, string]>>(() => {
    const own = this.schedule()?.every;
    return own && !EVERY.some(([v]) => v === own) ? [...EVERY, [own, own] as const] : EVERY;
  });
  protected readonly form = new FormRun(['every', 'nextDueOn', 'task', 'workType', 'leadDays'], 'path');
  protected draft = { every: 'P3M', nextDueOn: '', task: '', workType: '', leadDays: null as number | null };

  constructor() {
    effect(() => {
      const s = this.schedule() as (CiMaintenanceSchedule & { leadDays?: number }) | null;
      untracked(() => {
        this.draft = {
          every: s?.every ?? 'P3M',
          nextDueOn: s?.nextDueOn ?? '',
          task: s?.task ?? '',
          workType: s?.workType ?? '',
          leadDays: s?.leadDays ?? null,
        };
      });
    });
  }

  protected err(field: string): true | null {
    return this.form.error(field) ? true : null;
  }

  protected async save(): Promise<void> {
    const d = this.draft;
    if (!this.form.checked(d.nextDueOn ? {} : { nextDueOn: 'Pick the date the next visit is due.' })) return;
    const body: MaintenanceScheduleInput = {
      every: d.every,
      nextDueOn: d.nextDueOn,
      ...(d.task.trim() ? { task: d.task.trim() } : {}),
      ...(d.workType.trim() ? { workType: d.workType.trim() } : {}),
      ...(d.leadDays !== null && `${d.leadDays}` !== '' ? { leadDays: Number(d.leadDays) } : {}),
    };
    const done = await this.form.run(() => firstValueFrom(this.api.setMaintenance(this.assetId(), body)));
    if (done) this.changed.emit();
  }

  protected async clear(): Promise<void> {
    const done = await this.form.run(() => firstValueFrom(this.api.setMaintenance(this.assetId(), null)));
    if (done) this.changed.emit();
  }
}
