import { Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { firstValueFrom } from 'rxjs';
import { toApiProblem } from '../../core/api/api-error';
import { CALL_OUTCOMES, CallOutcome, CallerLookup, CallsApi, LoggedCallResult } from '../../core/api/calls-api';
import { ProblemMessage } from '../operate/problem-message';
import { NO_PATH_PROBLEMS, PathProblems, pathProblems } from '../admin/path-problems';

const FIELDS = ['callerNumber', 'durationSeconds', 'notes', 'outcome', 'ticketNumber'] as const;

/**
 * Log a phone call (issue 25) in two clicks: "Log a call" opens this, "Log call" saves it. The caller is
 * looked up by number as soon as it is typed, with their open tickets; the call becomes a new ticket on
 * the phone channel (the default) or an internal note on one of those tickets.
 */
@Component({
  selector: 'app-log-call-dialog',
  imports: [FormsModule, MatButtonModule, MatDialogModule, ProblemMessage],
  template: `
    <h2 mat-dialog-title>Log a call</h2>
    <form (ngSubmit)="save()" novalidate aria-label="Call" data-testid="log-call-form">
      <mat-dialog-content class="fields">
        <label class="field"
          ><span>Phone number</span
          ><input
            name="callerNumber"
            type="tel"
            autocomplete="off"
            data-testid="call-number"
            cdkFocusInitial
            [(ngModel)]="draft.callerNumber"
            (ngModelChange)="numberChanged()"
            [attr.aria-invalid]="!!problems().fields['callerNumber']"
          />
          <span class="field-error" data-testid="call-number-error">{{ problems().fields['callerNumber'] }}</span></label
        >
        <p class="caller" role="status" data-testid="call-caller">
          @if (lookup(); as l) {
            @if (l.caller; as c) {
              <strong>{{ c.displayName }}</strong>
              <span class="muted">{{ c.organizationName ?? 'internal' }}{{ c.email ? ' · ' + c.email : '' }}</span>
            } @else {
              <span class="muted">Nobody you serve has this number: the ticket will have no caller.</span>
            }
          }
        </p>
        <fieldset class="choice">
          <legend>Log it on</legend>
          <label
            ><input type="radio" name="ticket" value="" [(ngModel)]="draft.ticketNumber" data-testid="call-new-ticket" /> a new
            ticket</label
          >
          @for (t of lookup()?.openTickets ?? []; track t.number) {
            <label
              ><input
                type="radio"
                name="ticket"
                [value]="t.number"
                [(ngModel)]="draft.ticketNumber"
                [attr.data-testid]="'call-on-' + t.number"
              />
              {{ t.number }} {{ t.title }} <span class="muted">({{ t.state }})</span></label
            >
          }
        </fieldset>
        <div class="row">
          <label class="field"
            ><span>Direction</span>
            <select name="direction" data-testid="call-direction" [(ngModel)]="draft.direction">
              <option value="inbound">They called</option>
              <option value="outbound">We called</option>
            </select></label
          >
          <label class="field"
            ><span>Minutes</span
            ><input name="minutes" inputmode="numeric" class="short" data-testid="call-minutes" [(ngModel)]="draft.minutes"
          /></label>
          <label class="field"
            ><span>Seconds</span
            ><input name="seconds" inputmode="numeric" class="short" data-testid="call-seconds" [(ngModel)]="draft.seconds"
          /></label>
          <label class="field"
            ><span>Outcome</span>
            <select name="outcome" data-testid="call-outcome" [(ngModel)]="draft.outcome">
              @for (o of outcomes; track o.value) {
                <option [value]="o.value">{{ o.label }}</option>
              }
            </select></label
          >
        </div>
        <span class="field-error" data-testid="call-duration-error">{{ problems().fields['durationSeconds'] }}</span>
        <label class="field"
          ><span>Notes</span><textarea name="notes" rows="4" data-testid="call-notes" [(ngModel)]="draft.notes"></textarea>
          <span class="field-error">{{ problems().fields['notes'] }}</span></label
        >
        @if (problems().general; as p) {
          <app-problem-message [problem]="p" data-testid="call-problem" />
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close data-testid="call-cancel">Cancel</button>
        <button mat-flat-button type="submit" [disabled]="busy()" data-testid="call-save">Log call</button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .fields {
      display: grid;
      gap: 0.5rem;
    }
    .row {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem 1rem;
      align-items: flex-end;
    }
    .short {
      width: 5rem;
    }
    .choice {
      display: grid;
      gap: 0.25rem;
      border: 1px solid var(--border);
      padding: 0.5rem;
    }
    .caller {
      min-height: 1.5em;
      margin: 0;
    }
  `,
})
export class LogCallDialog {
  private readonly api = inject(CallsApi);
  private readonly ref = inject<MatDialogRef<LogCallDialog, LoggedCallResult>>(MatDialogRef);
  protected readonly outcomes = CALL_OUTCOMES;
  protected readonly lookup = signal<CallerLookup | null>(null);
  protected readonly busy = signal(false);
  protected readonly problems = signal<PathProblems>(NO_PATH_PROBLEMS);
  protected draft = {
    callerNumber: '',
    ticketNumber: '',
    direction: 'inbound' as 'inbound' | 'outbound',
    minutes: '',
    seconds: '',
    outcome: 'resolved' as CallOutcome,
    notes: '',
  };
  private timer: ReturnType<typeof setTimeout> | undefined;

  /** Looks the caller up a moment after the typing stops; a number too short to be one finds nobody yet. */
  protected numberChanged(): void {
    clearTimeout(this.timer);
    const number = this.draft.callerNumber.trim();
    this.draft.ticketNumber = '';
    this.lookup.set(null);
    if (!/^\+?[0-9 ()-]{3,40}$/.test(number)) return;
    this.timer = setTimeout(() => {
      firstValueFrom(this.api.caller(number))
        .then((found) => {
          if (this.draft.callerNumber.trim() === number) this.lookup.set(found);
        })
        .catch(() => this.lookup.set(null));
    }, 300);
  }

  protected async save(): Promise<void> {
    this.busy.set(true);
    this.problems.set(NO_PATH_PROBLEMS);
    const whole = (s: string) => (s.trim() === '' ? 0 : Number(s));
    const seconds = whole(this.draft.minutes) * 60 + whole(this.draft.seconds);
    try {
      const result = await firstValueFrom(
        this.api.log({
          callerNumber: this.draft.callerNumber,
          direction: this.draft.direction,
          // Not a number: sent as typed, so the answer names the field.
          durationSeconds: Number.isFinite(seconds) ? seconds : (`${this.draft.minutes}:${this.draft.seconds}` as unknown as number),
          notes: this.draft.notes,
          outcome: this.draft.outcome,
          ...(this.draft.ticketNumber ? { ticketNumber: this.draft.ticketNumber } : {}),
        }),
      );
      this.ref.close(result);
    } catch (err) {
      this.problems.set(pathProblems(toApiProblem(err), FIELDS));
    } finally {
      this.busy.set(false);
    }
  }
}
