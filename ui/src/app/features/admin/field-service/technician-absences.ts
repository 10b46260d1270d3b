import { Component, effect, inject, input, signal, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { firstValueFrom } from 'rxjs';
import { ApiProblem, toApiProblem } from '../../../core/api/api-error';
import { TechnicianAbsence, TechniciansApi } from '../../../core/api/technicians-api';
import { ZonedDatePipe } from '../../../core/time/zoned-date.pipe';
import { ProblemMessage } from '../../operate/problem-message';
import { ActionForm } from '../../../shared/action-form/action-form';
import { FormRun } from '../../../shared/action-form/form-run';

/**
 * A technician's absences that are not over yet — what dispatch plans around — with a form to add one and a
 * button to take one back (cancelled leave), which offers the technician for that time again.
 */
@Component({
  selector: 'app-technician-absences',
  imports: [ActionForm, FormsModule, MatButtonModule, ProblemMessage, ZonedDatePipe],
  template: `
    <section class="card" data-testid="technician-absences" [attr.aria-label]="'Absences of ' + name()">
      <h3>Absences of {{ name() }}</h3>
      @if (problem(); as p) {
        <app-problem-message data-testid="absence-problem" [problem]="p" />
      }
      @if (absences().length) {
        <ul class="absences">
          @for (a of absences(); track a.id) {
            <li data-testid="absence-row">
              <span>{{ a.startsAt | zonedDate: 'short' }} – {{ a.endsAt | zonedDate: 'short' }}{{ a.reason ? ' · ' + a.reason : '' }}</span>
              <button mat-stroked-button type="button" data-testid="absence-remove" (click)="remove(a)">
                Remove<span class="visually-hidden"> the absence from {{ a.startsAt | zonedDate: 'short' }}</span>
              </button>
            </li>
          }
        </ul>
      } @else {
        <p class="muted" data-testid="absences-empty">No absence planned.</p>
      }
      <app-action-form
        label="Add an absence"
        submitText="Add absence"
        busyText="Adding…"
        submitTestId="absence-add"
        problemTestId="absence-form-error"
        [run]="form"
        (submitted)="add()"
      >
        <div class="row">
          <label class="field"
            ><span>From (your time)</span
            ><input
              type="datetime-local"
              name="startsAt"
              data-testid="absence-start"
              [(ngModel)]="startsAt"
              (ngModelChange)="form.edited('startsAt')"
              [attr.aria-invalid]="form.error('startsAt') ? true : null"
            />
            <span class="field-error" data-testid="absence-start-error">{{ form.error('startsAt') }}</span></label
          >
          <label class="field"
            ><span>Until (your time)</span
            ><input
              type="datetime-local"
              name="endsAt"
              data-testid="absence-end"
              [(ngModel)]="endsAt"
              (ngModelChange)="form.edited('endsAt')"
              [attr.aria-invalid]="form.error('endsAt') ? true : null"
            />
            <span class="field-error" data-testid="absence-end-error">{{ form.error('endsAt') }}</span></label
          >
          <label class="field"
            ><span>Reason <small>(optional)</small></span
            ><input type="text" name="reason" data-testid="absence-reason" [(ngModel)]="reason"
          /></label>
        </div>
      </app-action-form>
    </section>
  `,
  styles: `
    .absences {
      list-style: none;
      padding: 0;
      display: grid;
      gap: 0.4rem;
    }
    .absences li {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
      align-items: center;
      justify-content: space-between;
    }
    .row {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(min(100%, 12rem), 1fr));
      gap: 0.5rem 1rem;
    }
    input {
      min-width: 0;
      max-width: 100%;
    }
  `,
})
export class TechnicianAbsences {
  private readonly api = inject(TechniciansApi);
  readonly technicianId = input.required<string>();
  readonly name = input('');
  protected readonly absences = signal<TechnicianAbsence[]>([]);
  protected readonly problem = signal<ApiProblem | null>(null);
  protected readonly form = new FormRun(['startsAt', 'endsAt', 'reason'], 'path');
  protected startsAt = '';
  protected endsAt = '';
  protected reason = '';

  constructor() {
    effect(() => {
      const id = this.technicianId();
      untracked(() => void this.load(id));
    });
  }

  private async load(id: string): Promise<void> {
    try {
      this.absences.set((await firstValueFrom(this.api.get(id))).absences ?? []);
      this.problem.set(null);
    } catch (e) {
      this.problem.set(toApiProblem(e));
    }
  }

  protected async add(): Promise<void> {
    const missing: Record<string, string> = {};
    if (!this.startsAt) missing['startsAt'] = 'When does the absence start?';
    if (!this.endsAt) missing['endsAt'] = 'When does it end?';
    if (!this.form.checked(missing)) return;
    // datetime-local is the reader's local time; the API takes an instant.
    const body = {
      startsAt: new Date(this.startsAt).toISOString(),
      endsAt: new Date(this.endsAt).toISOString(),
      reason: this.reason.trim() || null,
    };
    const added = await this.form.run(() => firstValueFrom(this.api.addAbsence(this.technicianId(), body)));
    if (!added) return;
    this.startsAt = this.endsAt = this.reason = '';
    await this.load(this.technicianId());
  }

  protected async remove(a: TechnicianAbsence): Promise<void> {
    try {
      await firstValueFrom(this.api.removeAbsence(this.technicianId(), a.id));
      this.absences.update((list) => list.filter((x) => x.id !== a.id));
    } catch (e) {
      this.problem.set(toApiProblem(e));
    }
  }
}
