import { Component, inject, input, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { Router } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { ProblemsApi } from '../../../core/api/problems-api';
import { Ticket } from '../../../core/api/ticket-types';
import { ActionForm } from '../../../shared/action-form/action-form';
import { FormRun } from '../../../shared/action-form/form-run';

const FIELDS = ['title', 'description', 'incidents'] as const;

/**
 * Raises a problem from an incident whose cause is unknown (or which keeps coming back): the form
 * starts from the incident's title and description, the incident is linked caused_by to the new
 * problem, and the desk goes to the problem to analyse it.
 */
@Component({
  selector: 'app-raise-problem-form',
  imports: [ActionForm, FormsModule, MatButtonModule],
  template: `
    <section class="card" aria-labelledby="raise-problem-title" data-testid="raise-problem">
      <h3 id="raise-problem-title">Problem</h3>
      @if (open()) {
        <app-action-form
          data-testid="raise-problem-form"
          label="Raise a problem"
          submitText="Raise problem"
          busyText="Raising…"
          cancelText="Cancel"
          submitTestId="raise-problem-submit"
          problemTestId="raise-problem-error"
          [run]="form"
          (submitted)="raise()"
          (cancelled)="open.set(false)"
        >
          <label class="field">
            <span>Title</span>
            <input
              type="text"
              name="title"
              data-testid="raise-problem-title"
              [(ngModel)]="title"
              [attr.aria-invalid]="err('title')"
              (input)="form.edited('title')"
            />
            <span class="field-error" data-testid="raise-problem-title-error">{{ form.error('title') }}</span>
          </label>
          <label class="field">
            <span>What is known so far</span>
            <textarea
              name="description"
              rows="3"
              data-testid="raise-problem-description"
              [(ngModel)]="description"
              [attr.aria-invalid]="err('description')"
            ></textarea>
            <span class="field-error">{{ form.error('description') }}</span>
          </label>
          <p class="muted">{{ ticket().number }} is linked to the new problem as caused by it.</p>
        </app-action-form>
      } @else {
        <p class="muted">The cause is unknown, or it keeps happening?</p>
        <button mat-stroked-button type="button" data-testid="raise-problem-open" (click)="start()">Raise a problem</button>
      }
    </section>
  `,
  styles: `
    input,
    textarea {
      max-width: 100%;
    }
  `,
})
export class RaiseProblemForm {
  private readonly api = inject(ProblemsApi);
  private readonly router = inject(Router);
  /** The incident the problem is raised from. */
  readonly ticket = input.required<Ticket>();
  protected readonly open = signal(false);
  protected readonly form = new FormRun(FIELDS);
  protected title = '';
  protected description = '';

  protected err(field: string): true | null {
    return this.form.error(field) ? true : null;
  }

  /** Prefilled from the incident: the agent sharpens the words rather than retyping them. */
  protected start(): void {
    const t = this.ticket();
    this.title = t.title;
    this.description = t.description || t.title;
    this.form.reset();
    this.open.set(true);
  }

  protected async raise(): Promise<void> {
    const t = this.ticket();
    const payload = { title: this.title.trim(), description: this.description.trim(), incidents: [t.number] };
    const created = await this.form.run(() => firstValueFrom(this.api.open(payload)));
    if (created) await this.router.navigate(['/desk/tickets', created.number]);
  }
}
