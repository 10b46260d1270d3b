import { Component, computed, effect, inject, input, output, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { firstValueFrom } from 'rxjs';
import { Technician, TechniciansApi } from '../../../core/api/technicians-api';
import { DirectoryUser } from '../../../core/api/users-api';
import { ActionForm } from '../../../shared/action-form/action-form';
import { FormRun } from '../../../shared/action-form/form-run';
import { TechnicianDraft, WEEKDAYS, blankDraft, draftOf, inputOf } from './technician-draft';

const FIELDS = [
  'userId',
  'skills',
  'territories',
  'workingHours',
  ...WEEKDAYS.map(([d]) => `workingHours.${d}`),
  'homeBase.latitude',
  'homeBase.longitude',
  'version',
];

/**
 * Creates a technician's field profile (for a user with the technician role who has none) or changes one with
 * the version it read, so two admins editing at once cannot silently undo each other's skills (409).
 */
@Component({
  selector: 'app-technician-form',
  imports: [ActionForm, FormsModule],
  template: `
    <app-action-form
      class="card technician-form"
      data-testid="technician-form"
      submitTestId="technician-save"
      problemTestId="technician-form-error"
      cancelText="Close"
      cancelTestId="technician-close"
      [label]="title()"
      [run]="form"
      (submitted)="save()"
      (cancelled)="closed.emit()"
    >
      <h3>{{ title() }}</h3>
      @if (!technician()) {
        <label class="field">
          <span>Technician (a user with the technician role)</span>
          <select
            name="userId"
            data-testid="technician-user"
            [(ngModel)]="userId"
            (ngModelChange)="form.edited('userId')"
            [attr.aria-invalid]="err('userId')"
          >
            <option value="">Choose…</option>
            @for (u of candidates(); track u.id) {
              <option [value]="u.id">{{ u.displayName }} ({{ u.username }})</option>
            }
          </select>
          <span class="field-error" data-testid="technician-user-error">{{ form.error('userId') }}</span>
        </label>
      }
      <label class="field">
        <span>Skills with levels 1–5 (<code>hvac:3, gas-safety:2</code>)</span>
        <input
          type="text"
          name="skills"
          data-testid="technician-skills"
          [(ngModel)]="draft.skills"
          (ngModelChange)="form.edited('skills')"
          [attr.aria-invalid]="err('skills')"
        />
        <span class="field-error" data-testid="technician-skills-error">{{ form.error('skills') }}</span>
      </label>
      <label class="field">
        <span>Territories (<code>kaunas, vilnius</code>)</span>
        <input
          type="text"
          name="territories"
          data-testid="technician-territories"
          [(ngModel)]="draft.territories"
          (ngModelChange)="form.edited('territories')"
          [attr.aria-invalid]="err('territories')"
        />
        <span class="field-error">{{ form.error('territories') }}</span>
      </label>
      <fieldset class="hours">
        <legend>Working hours (UTC; empty: off)</legend>
        @for (d of weekdays; track d[0]) {
          <label class="field">
            <span>{{ d[1] }}</span>
            <input
              type="text"
              [name]="'hours' + d[0]"
              [attr.data-testid]="'technician-hours-' + d[0]"
              [(ngModel)]="draft.hours[d[0]]"
              (ngModelChange)="form.edited('workingHours.' + d[0])"
              [attr.aria-invalid]="err('workingHours.' + d[0])"
            />
            <span class="field-error">{{ form.error('workingHours.' + d[0]) }}</span>
          </label>
        }
      </fieldset>
      <div class="row">
        <label class="field">
          <span>Home base latitude</span>
          <input
            type="text"
            inputmode="decimal"
            name="latitude"
            data-testid="technician-latitude"
            [(ngModel)]="draft.latitude"
            (ngModelChange)="form.edited('homeBase.latitude')"
            [attr.aria-invalid]="err('homeBase.latitude')"
          />
          <span class="field-error" data-testid="technician-latitude-error">{{ form.error('homeBase.latitude') }}</span>
        </label>
        <label class="field">
          <span>Home base longitude</span>
          <input
            type="text"
            inputmode="decimal"
            name="longitude"
            data-testid="technician-longitude"
            [(ngModel)]="draft.longitude"
            (ngModelChange)="form.edited('homeBase.longitude')"
            [attr.aria-invalid]="err('homeBase.longitude')"
          />
          <span class="field-error">{{ form.error('homeBase.longitude') }}</span>
        </label>
      </div>
    </app-action-form>
  `,
  styles: `
    .technician-form {
      display: block;
    }
    .row,
    .hours {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(min(100%, 9rem), 1fr));
      gap: 0.5rem 1rem;
      min-width: 0;
    }
    .hours {
      border: 1px solid var(--border, #ccc);
      padding: 0.5rem;
      margin: 0;
    }
    input,
    select {
      min-width: 0;
      max-width: 100%;
    }
  `,
})
export class TechnicianForm {
  private readonly api = inject(TechniciansApi);
  /** The profile being changed; null for a new one. */
  readonly technician = input<Technician | null>(null);
  /** Users with the technician role who have no profile yet: whom a new profile may be for. */
  readonly candidates = input<DirectoryUser[]>([]);
  /** Display name of the profile's user, for the heading. */
  readonly name = input('');
  readonly saved = output<Technician>();
  readonly closed = output<void>();
  protected readonly weekdays = WEEKDAYS;
  protected draft: TechnicianDraft = blankDraft();
  protected userId = '';
  protected readonly form = new FormRun(FIELDS, 'path');
  protected readonly title = computed(() => (this.technician() ? `Profile of ${this.name()}` : 'New technician profile'));

  constructor() {
    effect(() => {
      const t = this.technician();
      untracked(() => {
        this.draft = t ? draftOf(t) : blankDraft();
        this.userId = '';
        this.form.reset();
      });
    });
  }

  protected err(field: string): true | null {
    return this.form.error(field) ? true : null;
  }

  protected async save(): Promise<void> {
    const parsed = inputOf(this.draft);
    const t = this.technician();
    const problems = 'problems' in parsed ? { ...parsed.problems } : {};
    if (!t && !this.userId) problems['userId'] = 'Choose whose profile this is.';
    if (!this.form.checked(problems) || !('input' in parsed)) return;
    const saved = await this.form.run(() =>
      firstValueFrom(t ? this.api.update(t.id, t.version, parsed.input) : this.api.create(this.userId, parsed.input)),
    );
    if (saved) this.saved.emit(saved);
  }
}
