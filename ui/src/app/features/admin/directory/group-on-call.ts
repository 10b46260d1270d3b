import { Component, computed, effect, inject, input, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { firstValueFrom } from 'rxjs';
import { Group } from '../../../core/api/directory-api';
import { OnCall, OnCallApi, OnCallShift } from '../../../core/api/on-call-api';
import { DirectoryUser } from '../../../core/api/users-api';
import { BROWSER_TIME_ZONE, knownTimeZones } from '../../../core/time/user-time-zone';
import { ZonedDatePipe } from '../../../core/time/zoned-date.pipe';
import { ActionForm } from '../../../shared/action-form/action-form';
import { FormRun } from '../../../shared/action-form/form-run';

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/**
 * Who a group has on call: its weekly rota (`PUT /groups/{key}/on-call/rota`, replaced whole) and overrides
 * for a period (`POST …/overrides`: a swap, holiday cover). The major-incident branch pages whoever is on call.
 */
@Component({
  selector: 'app-group-on-call',
  imports: [ActionForm, FormsModule, ZonedDatePipe],
  template: `
    <section class="card" aria-labelledby="on-call-title" data-testid="group-on-call">
      <h2 id="on-call-title">On call for {{ group().name }}</h2>
      <p role="status" data-testid="on-call-now">
        @if (view(); as v) {
          @if (v.onCall; as p) {
            On call now: <strong>{{ p.displayName }}</strong> ({{ v.source === 'override' ? 'override' : 'rota' }})
          } @else {
            Nobody is on call now.
          }
        } @else {
          Loading…
        }
      </p>
      <h3>Weekly rota</h3>
      <app-action-form
        label="Weekly rota"
        submitText="Save rota"
        submitTestId="rota-save"
        problemTestId="rota-problem"
        [run]="rotaForm"
        (submitted)="saveRota()"
      >
        <label class="field">
          <span>Time zone of the shift times</span>
          <select name="timeZone" data-testid="rota-time-zone" [(ngModel)]="timeZone">
            @for (z of zones; track z) {
              <option [value]="z">{{ z }}</option>
            }
          </select>
        </label>
        @for (s of shifts(); track $index; let i = $index) {
          <fieldset class="shift" data-testid="rota-shift">
            <legend>Shift {{ i + 1 }}</legend>
            <label class="field"
              ><span>Who</span>
              <select [name]="'user' + i" data-testid="shift-user" [(ngModel)]="s.userId">
                @for (m of members(); track m.id) {
                  <option [value]="m.id">{{ m.displayName }}</option>
                }
              </select>
            </label>
            <label class="field"
              ><span>Day</span>
              <select [name]="'day' + i" data-testid="shift-weekday" [(ngModel)]="s.weekday">
                @for (d of weekdays; track $index) {
                  <option [ngValue]="$index + 1">{{ d }}</option>
                }
              </select>
            </label>
            <label class="field"
              ><span>From</span><input type="time" [name]="'start' + i" data-testid="shift-start" [(ngModel)]="s.start"
            /></label>
            <label class="field"
              ><span>Until</span><input type="time" [name]="'end' + i" data-testid="shift-end" [(ngModel)]="s.end"
            /></label>
            <button type="button" class="link" [attr.aria-label]="'Remove shift ' + (i + 1)" (click)="removeShift(i)">Remove</button>
          </fieldset>
        }
        <span class="field-error">{{ rotaForm.error('shifts') }}</span>
        <button actions type="button" data-testid="shift-add" [disabled]="!members().length" (click)="addShift()">Add a shift</button>
      </app-action-form>

      <h3>Overrides</h3>
      <ul data-testid="on-call-overrides">
        @for (o of view()?.overrides ?? []; track o.id) {
          <li data-testid="on-call-override">
            {{ nameOf(o.userId) }}: {{ o.startsAt | zonedDate: 'short' }} – {{ o.endsAt | zonedDate: 'short' }}
            @if (o.reason) {
              <span class="muted">({{ o.reason }})</span>
            }
          </li>
        } @empty {
          <li class="muted">No override is coming.</li>
        }
      </ul>
      <app-action-form
        label="New override"
        submitText="Add override"
        submitTestId="override-save"
        problemTestId="override-problem"
        [run]="overrideForm"
        (submitted)="addOverride()"
      >
        <label class="field"
          ><span>Who</span>
          <select name="overrideUser" data-testid="override-user" [(ngModel)]="override.userId">
            @for (m of members(); track m.id) {
              <option [value]="m.id">{{ m.displayName }}</option>
            }
          </select>
          <span class="field-error">{{ overrideForm.error('userId') }}</span>
        </label>
        <label class="field"
          ><span>From (your time)</span
          ><input type="datetime-local" name="startsAt" data-testid="override-start" [(ngModel)]="override.startsAt" />
          <span class="field-error" data-testid="override-start-error">{{ overrideForm.error('startsAt') }}</span></label
        >
        <label class="field"
          ><span>Until (your time)</span
          ><input type="datetime-local" name="endsAt" data-testid="override-end" [(ngModel)]="override.endsAt" />
          <span class="field-error" data-testid="override-end-error">{{ overrideForm.error('endsAt') }}</span></label
        >
        <label class="field"
          ><span>Reason <small>(optional)</small></span
          ><input name="reason" data-testid="override-reason" [(ngModel)]="override.reason"
        /></label>
      </app-action-form>
    </section>
  `,
  styles: `
    /* A grid item of the groups page: without min-width 0 a long zone name would widen the page on a phone. */
    :host {
      display: block;
      min-width: 0;
    }
    select,
    input {
      max-width: 100%;
    }
    .field {
      min-width: 0;
    }
    .shift {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem 1rem;
      align-items: flex-end;
      min-width: 0;
    }
  `,
})
export class GroupOnCall {
  private readonly api = inject(OnCallApi);
  readonly group = input.required<Group>();
  readonly users = input<DirectoryUser[]>([]);
  protected readonly weekdays = WEEKDAYS;
  protected readonly zones = knownTimeZones();
  protected readonly members = computed(() => this.users().filter((u) => u.groupIds.includes(this.group().id)));
  protected readonly view = signal<OnCall | null>(null);
  protected readonly shifts = signal<OnCallShift[]>([]);
  protected readonly rotaForm = new FormRun(['timeZone', 'shifts'], 'path');
  protected readonly overrideForm = new FormRun(['userId', 'startsAt', 'endsAt', 'reason']);
  protected timeZone = BROWSER_TIME_ZONE;
  protected override = { userId: '', startsAt: '', endsAt: '', reason: '' };

  constructor() {
    effect(() => {
      const key = this.group().key;
      firstValueFrom(this.api.get(key)).then(
        (v) => this.show(v),
        () => this.view.set(null),
      );
    });
  }

  protected nameOf(id: string): string {
    return this.users().find((u) => u.id === id)?.displayName ?? 'someone';
  }

  protected addShift(): void {
    this.shifts.update((list) => [...list, { userId: this.members()[0]?.id ?? '', weekday: 1, start: '09:00', end: '17:00' }]);
  }

  protected removeShift(i: number): void {
    this.shifts.update((list) => list.filter((_, j) => j !== i));
  }

  protected async saveRota(): Promise<void> {
    const v = await this.rotaForm.run(() =>
      firstValueFrom(this.api.setRota(this.group().key, { timeZone: this.timeZone, shifts: this.shifts().map((s) => ({ ...s })) })),
    );
    if (v) this.show(v);
  }

  protected async addOverride(): Promise<void> {
    const o = this.override;
    // datetime-local is the reader's local time; the API takes an instant.
    const instant = (local: string) => (local ? new Date(local).toISOString() : local);
    const v = await this.overrideForm.run(() =>
      firstValueFrom(
        this.api.addOverride(this.group().key, {
          userId: o.userId,
          startsAt: instant(o.startsAt),
          endsAt: instant(o.endsAt),
          ...(o.reason.trim() ? { reason: o.reason.trim() } : {}),
        }),
      ),
    );
    if (!v) return;
    this.override = { userId: '', startsAt: '', endsAt: '', reason: '' };
    this.show(v);
  }

  private show(v: OnCall): void {
    this.view.set(v);
    this.shifts.set((v.rota?.shifts ?? []).map((s) => ({ ...s })));
    if (v.rota) this.timeZone = v.rota.timeZone;
  }
}
