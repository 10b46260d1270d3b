import { Component, inject, input, output, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { toApiProblem } from '../../../core/api/api-error';
import { Approval, ApprovalsApi } from '../../../core/api/approvals-api';
import { FormProblems, NO_PROBLEMS, formProblems } from '../../../core/api/field-problems';
import { ProblemMessage } from '../../operate/problem-message';

/**
 * Hands one approval of the inbox to another member of staff (on leave, not the right person), with
 * the reason the audit trail and the new holder's mail carry. The API decides who may take it (active
 * staff serving the customer) and names `payload.to` when not, so the answer shows beside the field.
 */
@Component({
  selector: 'app-approval-delegation',
  imports: [FormsModule, ProblemMessage],
  template: `
    @if (!open()) {
      <button type="button" data-testid="delegate-button" [disabled]="disabled()" (click)="open.set(true)">Hand on…</button>
    } @else {
      <form class="delegation" data-testid="delegate-form" (submit)="submit($event)" novalidate>
        <label>
          Hand on to (username)
          <input
            type="text"
            name="to"
            autocomplete="off"
            data-testid="delegate-to"
            [(ngModel)]="to"
            [attr.aria-invalid]="problems().fields['to'] ? true : null"
            [attr.aria-describedby]="'delegate-error-' + approval().id"
          />
        </label>
        <p class="field-error" [id]="'delegate-error-' + approval().id" data-testid="delegate-to-error">{{ problems().fields['to'] }}</p>
        <label>
          Reason
          <input type="text" name="reason" data-testid="delegate-reason" [(ngModel)]="reason" />
        </label>
        @if (problems().general; as p) {
          <app-problem-message data-testid="delegate-error" [problem]="p" />
        }
        <div class="buttons">
          <button type="submit" data-testid="delegate-submit" [disabled]="busy()">Hand on</button>
          <button type="button" (click)="close()">Cancel</button>
        </div>
      </form>
    }
  `,
  styles: `
    .delegation {
      margin-top: 0.5rem;
      display: grid;
      gap: 0.25rem;
    }
    label {
      display: block;
    }
    input {
      display: block;
      width: 100%;
    }
    .field-error {
      color: #b42318;
      margin: 0;
      min-height: 1em;
    }
    .buttons {
      display: flex;
      gap: 0.5rem;
    }
  `,
})
export class ApprovalDelegation {
  private readonly api = inject(ApprovalsApi);
  readonly approval = input.required<Approval>();
  readonly disabled = input(false);
  /** The approval left this inbox: it is the new holder's now. */
  readonly delegated = output<Approval>();
  protected readonly open = signal(false);
  protected readonly busy = signal(false);
  protected readonly problems = signal<FormProblems>(NO_PROBLEMS);
  protected to = '';
  protected reason = '';

  protected submit(event: Event): void {
    event.preventDefault();
    this.busy.set(true);
    this.problems.set(NO_PROBLEMS);
    this.api.delegate(this.approval().id, this.to.trim(), this.reason.trim() || undefined).subscribe({
      next: (moved) => {
        this.busy.set(false);
        this.close();
        this.delegated.emit(moved);
      },
      error: (err: unknown) => {
        this.busy.set(false);
        this.problems.set(formProblems(toApiProblem(err), ['to']));
      },
    });
  }

  protected close(): void {
    this.open.set(false);
    this.problems.set(NO_PROBLEMS);
    this.to = '';
    this.reason = '';
  }
}
