import { Component, OnInit, inject, input, output, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { firstValueFrom } from 'rxjs';
import { toApiProblem } from '../../../core/api/api-error';
import { BusinessCalendar, CalendarDefinition, DeskConfigApi, OpeningHours } from '../../../core/api/desk-config-api';
import { ProblemMessage } from '../../operate/problem-message';
import { NO_PATH_PROBLEMS, PathProblems, pathProblems } from '../path-problems';

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
  imports: [FormsModule, ProblemMessage],
  template: `
    <form
      class="editor"
      (ngSubmit)="save()"
      [attr.data-testid]="editing() ? 'calendar-edit-form' : 'calendar-form'"
      [attr.aria-label]="editing() ? 'Edit calendar ' + editing()!.name : 'New business calendar'"
    >
      <label class="field"><span>Name</span><input name="name" [(ngModel)]="name" required data-testid="calendar-name" /></label>
      <p class="field-error">{{ problems().fields['name'] }}</p>
      <label class="field"
        ><span>Time zone (IANA, like Europe/Vilnius)</span
        ><input name="timeZone" [(ngModel)]="timeZone" required data-testid="calendar-zone"
      /></label>
      <p class="field-error" data-testid="calendar-zone-error">{{ problems().fields['definition.timeZone'] }}</p>
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
            <span class="field-error">{{ problems().fields['definition.weekly.' + ($index + 1)] }}</span>
          </div>
        }
        <p class="field-error" data-testid="calendar-weekly-error">{{ problems().fields['definition.weekly'] }}</p>
      </fieldset>
      <label class="field"
        ><span>Holidays (YYYY-MM-DD, one a line)</span
        ><textarea name="holidays" rows="3" [(ngModel)]="holidays" data-testid="calendar-holidays"></textarea>
      </label>
      <p class="field-error" data-testid="calendar-holidays-error">{{ problems().fields['definition.holidays'] }}</p>
      @if (problems().general; as p) {
        <app-problem-message data-testid="calendar-problem" [problem]="p" />
      }
      @if (editing()) {
        <div class="actions">
          <button type="submit" [disabled]="busy()" data-testid="calendar-save">Save calendar</button>
          <button type="button" (click)="cancelled.emit()" data-testid="calendar-cancel">Cancel</button>
        </div>
      } @else {
        <button type="submit" [disabled]="busy()" data-testid="calendar-create">Create calendar</button>
      }
    </form>
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
    .actions {
      display: flex;
      gap: 0.5rem;
      flex-wrap: wrap;
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
  protected readonly problems = signal<PathProblems>(NO_PATH_PROBLEMS);
  protected readonly busy = signal(false);
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
    this.busy.set(true);
    this.problems.set(NO_PATH_PROBLEMS);
    const input = { name: this.name.trim(), definition: this.definition() };
    const editing = this.editing();
    try {
      const saved = await firstValueFrom(editing ? this.api.updateCalendar(editing.id, input) : this.api.createCalendar(input));
      this.created.emit(saved);
      if (!editing) this.name = '';
    } catch (e) {
      this.problems.set(pathProblems(toApiProblem(e), FIELD_PATHS));
    } finally {
      this.busy.set(false);
    }
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
