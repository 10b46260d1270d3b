import { Component, effect, inject, input, output, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { firstValueFrom } from 'rxjs';
import { FieldSettingsApi, RequiredSkill, WorkTypeSetting } from '../../../core/api/field-settings-api';
import { ActionForm } from '../../../shared/action-form/action-form';
import { FormRun } from '../../../shared/action-form/form-run';

/** `gas-safety:3, hvac` as the skills a job needs (a skill without a level needs level 1), or null when it does not read. */
export function parseRequiredSkills(text: string): RequiredSkill[] | null {
  const skills: RequiredSkill[] = [];
  for (const entry of text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const m = /^([a-z0-9][a-z0-9-]{0,59})(?:\s*:\s*([1-5]))?$/.exec(entry);
    if (!m || skills.some((s) => s.skill === m[1])) return null;
    skills.push({ skill: m[1]!, level: Number(m[2] ?? 1) });
  }
  return skills;
}

export const requiredSkillsInWords = (skills: RequiredSkill[]) => skills.map((s) => `${s.skill}:${s.level}`).join(', ');

/**
 * What a new work order of a type gets when its creator leaves it out: the window's length (so a dispatcher
 * gives only the start) and the skills the job needs (so dispatch ranks qualified technicians first).
 */
@Component({
  selector: 'app-work-type-defaults-form',
  imports: [ActionForm, FormsModule],
  template: `
    <app-action-form
      class="card defaults-form"
      data-testid="work-type-defaults-form"
      submitTestId="work-type-defaults-save"
      problemTestId="work-type-defaults-error"
      cancelText="Close"
      cancelTestId="work-type-defaults-close"
      [label]="'Defaults of ' + setting().workType"
      [run]="form"
      (submitted)="save()"
      (cancelled)="closed.emit()"
    >
      <h3>Defaults of {{ setting().workType }}</h3>
      <div class="row">
        <label class="field">
          <span>Usual duration in minutes <small>(empty: each work order gives its end)</small></span>
          <input
            type="text"
            inputmode="numeric"
            name="duration"
            data-testid="work-type-duration"
            [(ngModel)]="duration"
            (ngModelChange)="form.edited('defaultDurationMinutes')"
            [attr.aria-invalid]="form.error('defaultDurationMinutes') ? true : null"
          />
          <span class="field-error" data-testid="work-type-duration-error">{{ form.error('defaultDurationMinutes') }}</span>
        </label>
        <label class="field">
          <span>Required skills (<code>gas-safety:3, hvac:1</code>)</span>
          <input
            type="text"
            name="skills"
            data-testid="work-type-skills"
            [(ngModel)]="skills"
            (ngModelChange)="form.edited('requiredSkills')"
            [attr.aria-invalid]="form.error('requiredSkills') ? true : null"
          />
          <span class="field-error" data-testid="work-type-skills-error">{{ form.error('requiredSkills') }}</span>
        </label>
      </div>
    </app-action-form>
  `,
  styles: `
    .defaults-form {
      display: block;
    }
    .row {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(min(100%, 14rem), 1fr));
      gap: 0.5rem 1rem;
    }
    input {
      min-width: 0;
      max-width: 100%;
    }
  `,
})
export class WorkTypeDefaultsForm {
  private readonly api = inject(FieldSettingsApi);
  readonly setting = input.required<WorkTypeSetting>();
  readonly saved = output<WorkTypeSetting>();
  readonly closed = output<void>();
  protected readonly form = new FormRun(['defaultDurationMinutes', 'requiredSkills'], 'path');
  protected duration = '';
  protected skills = '';

  constructor() {
    effect(() => {
      const s = this.setting();
      untracked(() => {
        this.duration = s.defaultDurationMinutes === null ? '' : String(s.defaultDurationMinutes);
        this.skills = requiredSkillsInWords(s.requiredSkills);
        this.form.reset();
      });
    });
  }

  protected async save(): Promise<void> {
    const wrong: Record<string, string> = {};
    const minutes = this.duration.trim() === '' ? null : Number(this.duration.trim());
    if (minutes !== null && !Number.isInteger(minutes)) wrong['defaultDurationMinutes'] = 'Whole minutes, such as 90.';
    const requiredSkills = parseRequiredSkills(this.skills);
    if (!requiredSkills)
      wrong['requiredSkills'] = 'Write each skill once as key:level (1 to 5), separated by commas, such as gas-safety:3.';
    // The range (5 minutes to a day) is the API's to say, so the message matches what any client gets.
    if (!this.form.checked(wrong) || !requiredSkills) return;
    const s = this.setting();
    const saved = await this.form.run(() =>
      firstValueFrom(this.api.setWorkType(s.workType, { autoDispatch: s.autoDispatch, defaultDurationMinutes: minutes, requiredSkills })),
    );
    if (saved) this.saved.emit(saved);
  }
}
