import { Component, OnInit, inject, input, output } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { firstValueFrom } from 'rxjs';
import { BusinessCalendar, CalendarDefinition, DeskConfigApi, OpeningHours } from '../../../core/api/desk-config-api';
import { ActionForm } from '../../../shared/action-form/action-form';
import { FormRun } from '../../../shared/action-form/form-run';

const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const FIELD_PATHS = [
  'name',
  'definition.timeZone',
  'definition.holidays',
  'definition.weekly',
  ...DAYS.map((_, i) => `definition.weekly.${i + 1}`),
] as const;

interface DayDraft {
  open: boolean;
  start: string;
  end: string;
  /** Further spans of the day (a lunch break) an edited calendar has: kept as they are, not shown. */
  more: OpeningHours[];
}

/**
 * A business calendar, new or (with `editing`) an existing one: its time zone, one opening span per
 * weekday (a night shift may end after midnight) and holidays, one date a line. The API's problem lands
 * at the day, zone or list it names.
 */
@Component({
  selector: 'app-calendar-form',
  imports: [ActionForm, FormsModule],
  template: `
    <app-action-form
      [attr.data-testid]="editing() ? 'calendar-edit-form' : 'calendar-form'"
      [label]="editing() ? 'Edit calendar ' + editing()!.name : 'New business calendar'"
      [submitText]="editing() ? 'Save calendar' : 'Create calendar'"
      [submitTestId]="editing() ? 'calendar-save' : 'calendar-create'"
      [cancelText]="editing() ? 'Cancel' : ''"
      cancelTestId="calendar-cancel"
      problemTestId="calendar-problem"
      [run]="form"
      (submitted)="save()"
      (cancelled)="cancelled.emit()"
    >
      <label class="field"
        ><span>Name</span
        ><input name="name" [(ngModel)]="name" data-testid="calendar-name" [attr.aria-invalid]="form.error('name') ? true : null"
      /></label>
      <p class="field-error">{{ form.error('name') }}</p>
      <label class="field"
        ><span>Time zone (IANA, like Europe/Vilnius)</span
        ><input
          name="timeZone"
          [(ngModel)]="timeZone"
          (ngModelChange)="form.edited('definition.timeZone')"
          data-testid="calendar-zone"
          [attr.aria-invalid]="form.error('definition.timeZone') ? true : null"
      /></label>
      <p class="field-error" data-testid="calendar-zone-error">{{ form.error('definition.timeZone') }}</p>
      <fieldset>
        <legend>Weekly hours</legend>
        @for (day of days; track $index) {
          <div class="day" [attr.data-testid]="'calendar-day-' + ($index + 1)">
            <label class="check"><input type="checkbox" [name]="'open' + $index" [(ngModel)]="day.open" /> {{ dayNames[$index] }}</label>
            <label
              ><span class="visually-hidden">{{ dayNames[$index] }} opens</span
              ><input type="time" [name]="'start' + $index" [(ngModel)]="day.start" [disabled]="!day.open" data-testid="calendar-start"
            /></label>
            –
            <label
              ><span class="visually-hidden">{{ dayNames[$index] }} closes</span
              ><input type="time" [name]="'end' + $index" [(ngModel)]="day.end" [disabled]="!day.open" data-testid="calendar-end"
            /></label>
            <span class="field-error">{{ form.error('definition.weekly.' + ($index + 1)) }}</span>
          </div>
        }
        <p class="field-error" data-testid="calendar-weekly-error">{{ form.error('definition.weekly') }}</p>
      </fieldset>
      <label class="field"
        ><span>Holidays (YYYY-MM-DD, one a line)</span
        ><textarea name="holidays" rows="3" [(ngModel)]="holidays" data-testid="calendar-holidays"></textarea>
      </label>
      <p class="field-error" data-testid="calendar-holidays-error">{{ form.error('definition.holidays') }}</p>
    </app-action-form>
  `,
  styles: `
    .day {
      display: flex;
      gap: 0.5rem;
      align-items: center;
      flex-wrap: wrap;
    }
    .day .check {
      min-width: 8rem;
    }
  `,
})
export class CalendarForm implements OnInit {
  private readonly api = inject(DeskConfigApi);
  /** The calendar to change; none: the form makes a new one. */
  readonly editing = input<BusinessCalendar | null>(null);
  /** A calendar made or changed. */
  readonly created = output<BusinessCalendar>();
  readonly cancelled = output<void>();
  protected readonly form = new FormRun(FIELD_PATHS, 'path');
  protected readonly dayNames = DAYS;
  protected name = '';
  protected timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  protected holidays = '';
  protected days: DayDraft[] = DAYS.map((_, i) => ({ open: i < 5, start: '08:00', end: '17:00', more: [] }));

  ngOnInit(): void {
    const c = this.editing();
    if (!c) return;
    this.name = c.name;
    this.timeZone = c.definition.timeZone;
    this.holidays = c.definition.holidays.join('\n');
    this.days = DAYS.map((_, i) => {
      const [first, ...more] = c.definition.weekly[String(i + 1)] ?? [];
      return first ? { open: true, start: first.start, end: first.end, more } : { open: false, start: '08:00', end: '17:00', more: [] };
    });
  }

  protected async save(): Promise<void> {
    const input = { name: this.name.trim(), definition: this.definition() };
    const editing = this.editing();
    const saved = await this.form.run(() =>
      firstValueFrom(editing ? this.api.updateCalendar(editing.id, input) : this.api.createCalendar(input)),
    );
    if (!saved) return;
    this.created.emit(saved);
    if (!editing) this.name = '';
  }

  private definition(): CalendarDefinition {
    const weekly: CalendarDefinition['weekly'] = {};
    this.days.forEach((d, i) => {
      if (d.open) weekly[String(i + 1)] = [{ start: d.start, end: d.end }, ...d.more];
    });
    const holidays = this.holidays
      .split(/[\n,]/)
      .map((h) => h.trim())
      .filter(Boolean);
    return { timeZone: this.timeZone.trim(), weekly, holidays };
  }
}
