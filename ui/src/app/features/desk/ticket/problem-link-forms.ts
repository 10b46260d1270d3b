import { Component, inject, input, output, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { ProblemsApi, ProblemView } from '../../../core/api/problems-api';
import { TicketView } from '../../../core/tickets/ticket-view';
import { RaiseChangeData, RaiseChangeDialog } from '../changes/raise-change-dialog';
import { ActionForm } from '../../../shared/action-form/action-form';
import { FormRun } from '../../../shared/action-form/form-run';

/** Ticket numbers typed with commas, spaces or new lines between them. */
const numbersIn = (text: string) =>
  text
    .split(/[\s,;]+/)
    .map((n) => n.trim().toUpperCase())
    .filter(Boolean);

/**
 * What a problem gathers as it is worked: more incidents it explains (linked caused_by), and the
 * change that removes its root cause (when that change closes successful, the problem and its open
 * incidents are resolved by the process). The API names a number it cannot link.
 */
@Component({
  selector: 'app-problem-link-forms',
  imports: [ActionForm, FormsModule, MatButtonModule, RouterLink],
  template: `
    <app-action-form
      data-testid="problem-link-incidents"
      label="Link incidents"
      submitText="Link incidents"
      busyText="Linking…"
      submitTestId="problem-link-incidents-submit"
      problemTestId="problem-link-incidents-error"
      [run]="incidentsForm"
      (submitted)="linkIncidents()"
    >
      <label class="field">
        <span>Incidents it explains <small>(numbers, separated by commas)</small></span>
        <input
          type="text"
          name="incidents"
          placeholder="INC0001042, INC0001043"
          autocomplete="off"
          data-testid="problem-link-incidents-input"
          [(ngModel)]="incidents"
          [attr.aria-invalid]="incidentsForm.error('incidents') ? true : null"
          (input)="incidentsForm.edited('incidents')"
        />
        <span class="field-error" data-testid="problem-link-incidents-field-error">{{ incidentsForm.error('incidents') }}</span>
      </label>
    </app-action-form>
    <app-action-form
      data-testid="problem-link-change"
      label="Link the change that removes the root cause"
      submitText="Link change"
      busyText="Linking…"
      submitTestId="problem-link-change-submit"
      problemTestId="problem-link-change-error"
      [run]="changeForm"
      (submitted)="linkChange()"
    >
      <label class="field">
        <span>Change that removes the root cause <small>(resolves the problem when it closes successful)</small></span>
        <input
          type="text"
          name="change"
          placeholder="CHG0000042"
          autocomplete="off"
          data-testid="problem-link-change-input"
          [(ngModel)]="change"
          [attr.aria-invalid]="changeForm.error('change') ? true : null"
          (input)="changeForm.edited('change')"
        />
        <span class="field-error" data-testid="problem-link-change-field-error">{{ changeForm.error('change') }}</span>
      </label>
      <button
        mat-stroked-button
        type="button"
        actions
        data-testid="problem-raise-change"
        [disabled]="changeForm.busy()"
        (click)="raiseChange()"
      >
        Raise a new change
      </button>
    </app-action-form>
    @if (raised(); as number) {
      <p data-testid="problem-raised-change">
        Change <a [routerLink]="['/desk/tickets', number]">{{ number }}</a> is raised and linked: its page follows the assessment and
        approvals.
      </p>
    }
  `,
  styles: `
    :host {
      display: grid;
      gap: 0.75rem;
      margin-top: 0.75rem;
    }
    input {
      max-width: 100%;
    }
  `,
})
export class ProblemLinkForms {
  private readonly api = inject(ProblemsApi);
  private readonly ticketView = inject(TicketView);
  private readonly dialog = inject(MatDialog);
  /** The change last raised from here. */
  protected readonly raised = signal<string | null>(null);
  /** The problem's number. */
  readonly number = input.required<string>();
  /** The problem as the API answered after a link. */
  readonly linked = output<ProblemView>();
  protected readonly incidentsForm = new FormRun(['incidents'], 'path');
  protected readonly changeForm = new FormRun(['change']);
  protected incidents = '';
  protected change = '';

  protected async linkIncidents(): Promise<void> {
    const numbers = numbersIn(this.incidents);
    if (!this.incidentsForm.checked(numbers.length ? {} : { incidents: 'Which incidents? Enter their numbers.' })) return;
    const view = await this.incidentsForm.run(() => firstValueFrom(this.api.linkIncidents(this.number(), numbers)));
    if (!view) return;
    this.incidents = '';
    this.linked.emit(view);
  }

  protected async linkChange(): Promise<void> {
    const change = this.change.trim().toUpperCase();
    if (!this.changeForm.checked(change ? {} : { change: 'Which change? Enter its number.' })) return;
    const view = await this.changeForm.run(() => firstValueFrom(this.api.linkChange(this.number(), change)));
    if (!view) return;
    this.change = '';
    this.linked.emit(view);
  }

  /**
   * No change exists yet: raise one, planned in the change dialog, for the problem's customer (a problem
   * links only a change of its own customer), titled after the problem, and link it.
   */
  protected async raiseChange(): Promise<void> {
    const problem = this.ticketView.ticket();
    if (!problem) return;
    const ref = this.dialog.open<RaiseChangeDialog, RaiseChangeData, string>(RaiseChangeDialog, {
      width: 'min(44rem, calc(100vw - 2rem))',
      maxWidth: 'calc(100vw - 2rem)',
      ariaModal: true,
      data: {
        title: `Remove the root cause of ${problem.number}: ${problem.title}`.slice(0, 200),
        description: problem.description,
        organizationId: problem.organizationId,
      },
    });
    const number = await firstValueFrom(ref.afterClosed());
    if (!number) return;
    this.raised.set(number);
    const view = await this.changeForm.run(() => firstValueFrom(this.api.linkChange(this.number(), number)));
    if (view) this.linked.emit(view);
  }
}
