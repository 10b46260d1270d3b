import { Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { firstValueFrom } from 'rxjs';
import { ApiProblem, toApiProblem } from '../../../core/api/api-error';
import { ChecklistTemplate, FieldSettingsApi, WorkTypeSetting } from '../../../core/api/field-settings-api';
import { ActionForm } from '../../../shared/action-form/action-form';
import { FormRun } from '../../../shared/action-form/form-run';
import { ListPage } from '../../../shared/list-page/list-page';
import { ViewState } from '../../../shared/state-view/state-view';
import { ChecklistEditor } from './checklist-editor';
import { WorkTypeDefaultsForm, requiredSkillsInWords } from './work-type-defaults-form';

/** A work type as this screen shows it: how it is dispatched, what its work orders default to, its checklist. */
interface WorkTypeRow {
  workType: string;
  setting: WorkTypeSetting;
  checklist: ChecklistTemplate | null;
}

/** A type known only by its checklist has the API's defaults: dispatched by hand, no duration, no skills. */
const unset = (workType: string): WorkTypeSetting => ({
  workType,
  autoDispatch: false,
  defaultDurationMinutes: null,
  requiredSkills: [],
  updatedAt: '',
});

/**
 * The work types field service knows (those with a dispatch setting or a checklist): whether new work orders of a
 * type go straight to the top suggested technician, and the checklist they copy. A new type is added by its key.
 */
@Component({
  selector: 'app-work-types-admin',
  imports: [ActionForm, ChecklistEditor, FormsModule, ListPage, MatButtonModule, WorkTypeDefaultsForm],
  template: `
    <app-list-page
      heading="Work types"
      hint="Auto-dispatch hands a new work order to the best suggested technician who is free; a new job takes the type's duration and skills when it names none, and copies its checklist."
      testId="work-types"
      emptyText="No work type is set up yet."
      errorText="The work types could not be loaded."
      [state]="state()"
      [problem]="problem()"
      (retry)="load()"
    >
      @if (rows().length) {
        <div class="table-wrap">
          <table class="data-table cards" data-testid="work-type-list">
            <caption class="visually-hidden">
              Work types
            </caption>
            <thead>
              <tr>
                <th scope="col">Work type</th>
                <th scope="col">Dispatch</th>
                <th scope="col">Defaults</th>
                <th scope="col">Checklist</th>
              </tr>
            </thead>
            <tbody>
              @for (r of rows(); track r.workType) {
                <tr data-testid="work-type-row" [attr.data-work-type]="r.workType">
                  <td data-label="Work type" class="mono">{{ r.workType }}</td>
                  <td data-label="Dispatch">
                    <label class="inline">
                      <input
                        type="checkbox"
                        data-testid="work-type-auto"
                        [checked]="r.setting.autoDispatch"
                        [attr.aria-label]="'Auto-dispatch ' + r.workType"
                        (change)="setAuto(r.workType, $any($event.target).checked)"
                      />
                      Automatic
                    </label>
                  </td>
                  <td data-label="Defaults">
                    <button type="button" class="link" data-testid="work-type-defaults" (click)="defaultsOf.set(r.workType)">
                      <span data-testid="work-type-duration-cell">{{
                        r.setting.defaultDurationMinutes ? r.setting.defaultDurationMinutes + ' min' : 'No duration'
                      }}</span>
                      · <span data-testid="work-type-skills-cell">{{ skillsOf(r) || 'no skills' }}</span><span class="visually-hidden">
                        — edit the defaults of {{ r.workType }}</span
                      >
                    </button>
                  </td>
                  <td data-label="Checklist">
                    <button type="button" class="link" data-testid="work-type-checklist" (click)="editing.set(r.workType)">
                      {{ r.checklist ? r.checklist.items.length + ' item(s)' : 'None yet'
                      }}<span class="visually-hidden"> — edit the checklist of {{ r.workType }}</span>
                    </button>
                  </td>
                </tr>
              }
            </tbody>
          </table>
        </div>
      }
      <app-action-form
        label="Add a work type"
        submitText="Add work type"
        busyText="Adding…"
        submitTestId="work-type-add"
        problemTestId="work-type-error"
        [run]="form"
        (submitted)="add()"
      >
        <div class="row">
          <label class="field">
            <span>New work type key</span>
            <input
              type="text"
              name="workType"
              data-testid="work-type-key"
              [(ngModel)]="newKey"
              (ngModelChange)="form.edited('workType')"
              [attr.aria-invalid]="form.error('workType') ? true : null"
            />
            <span class="field-error" data-testid="work-type-key-error">{{ form.error('workType') }}</span>
          </label>
          <label class="inline"
            ><input type="checkbox" name="autoDispatch" data-testid="work-type-new-auto" [(ngModel)]="newAuto" /> Auto-dispatch</label
          >
        </div>
      </app-action-form>
    </app-list-page>
    @if (defaultsOf(); as w) {
      <app-work-type-defaults-form [setting]="settingOf(w)" (saved)="defaultsSaved($event)" (closed)="defaultsOf.set(null)" />
    }
    @if (editing(); as w) {
      <app-checklist-editor [workType]="w" [template]="checklistOf(w)" (saved)="checklistSaved($event)" (closed)="editing.set(null)" />
    }
  `,
  styles: `
    :host {
      display: grid;
      gap: 1rem;
    }
    .mono {
      font-family: var(--mono);
    }
    .row {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5rem 1rem;
    }
    label.inline {
      display: flex;
      gap: 0.4rem;
      align-items: center;
    }
  `,
})
export class WorkTypesAdmin {
  private readonly api = inject(FieldSettingsApi);
  protected readonly settings = signal<WorkTypeSetting[]>([]);
  protected readonly checklists = signal<ChecklistTemplate[]>([]);
  protected readonly editing = signal<string | null>(null);
  protected readonly defaultsOf = signal<string | null>(null);
  protected readonly problem = signal<ApiProblem | null>(null);
  private readonly loaded = signal(false);
  protected readonly form = new FormRun(['workType', 'autoDispatch'], 'path');
  protected newKey = '';
  protected newAuto = false;
  protected readonly rows = computed<WorkTypeRow[]>(() => {
    const keys = new Set([...this.settings().map((s) => s.workType), ...this.checklists().map((c) => c.workType)]);
    return [...keys].sort().map((workType) => ({
      workType,
      setting: this.settingOf(workType),
      checklist: this.checklistOf(workType),
    }));
  });
  protected readonly state = computed<ViewState>(() =>
    this.problem() ? 'error' : !this.loaded() ? 'loading' : this.rows().length ? 'ready' : 'empty',
  );

  constructor() {
    void this.load();
  }

  protected settingOf(workType: string): WorkTypeSetting {
    return this.settings().find((s) => s.workType === workType) ?? unset(workType);
  }

  protected skillsOf(r: WorkTypeRow): string {
    return requiredSkillsInWords(r.setting.requiredSkills);
  }

  protected defaultsSaved(saved: WorkTypeSetting): void {
    this.settings.update((list) => [...list.filter((s) => s.workType !== saved.workType), saved]);
    this.defaultsOf.set(null);
  }

  protected checklistOf(workType: string): ChecklistTemplate | null {
    return this.checklists().find((c) => c.workType === workType) ?? null;
  }

  protected async load(): Promise<void> {
    try {
      const [settings, checklists] = await Promise.all([firstValueFrom(this.api.workTypes()), firstValueFrom(this.api.checklists())]);
      this.settings.set(settings);
      this.checklists.set(checklists);
      this.problem.set(null);
      this.loaded.set(true);
    } catch (e) {
      this.problem.set(toApiProblem(e));
    }
  }

  protected async setAuto(workType: string, autoDispatch: boolean): Promise<void> {
    try {
      const saved = await firstValueFrom(this.api.setWorkType(workType, { autoDispatch }));
      this.settings.update((list) => [...list.filter((s) => s.workType !== workType), saved]);
    } catch (e) {
      this.problem.set(toApiProblem(e));
    }
  }

  protected async add(): Promise<void> {
    const key = this.newKey.trim();
    // The key is part of the address (PUT /work-types/{workType}): checked here, where the field can say so.
    const wrong: Record<string, string> = /^[a-z0-9][a-z0-9-]{0,59}$/.test(key)
      ? {}
      : { workType: 'Use a lowercase key of letters, digits and dashes, such as boiler-service.' };
    if (!this.form.checked(wrong)) return;
    const saved = await this.form.run(() => firstValueFrom(this.api.setWorkType(key, { autoDispatch: this.newAuto })));
    if (!saved) return;
    this.settings.update((list) => [...list.filter((s) => s.workType !== key), saved]);
    this.newKey = '';
    this.newAuto = false;
    this.editing.set(key);
  }

  protected checklistSaved(t: ChecklistTemplate): void {
    this.checklists.update((list) => [...list.filter((c) => c.workType !== t.workType), t]);
    this.editing.set(null);
  }
}
