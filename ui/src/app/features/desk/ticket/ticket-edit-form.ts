import { Component, ElementRef, afterNextRender, inject, input, output } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { firstValueFrom } from 'rxjs';
import { TicketEdit } from '../../../core/api/ticket-edit-types';
import { LEVELS, Level, Ticket } from '../../../core/api/ticket-types';
import { TicketsApi } from '../../../core/api/tickets-api';
import { TicketView } from '../../../core/tickets/ticket-view';
import { ActionForm } from '../../../shared/action-form/action-form';
import { FormRun } from '../../../shared/action-form/form-run';

const FIELDS = ['title', 'description', 'impact', 'urgency', 'version'] as const;

/**
 * Corrects what the caller wrote and how bad it is: title, description, impact and urgency (the
 * priority follows from the last two). Only what changed is sent, with the version read: when a
 * colleague saved first, the API answers 409 and the page shows the ticket as it is now.
 */
@Component({
  selector: 'app-ticket-edit-form',
  imports: [ActionForm, FormsModule],
  template: `
    <app-action-form
      data-testid="ticket-edit-form"
      label="Edit the ticket"
      submitText="Save changes"
      cancelText="Cancel"
      submitTestId="ticket-edit-save"
      cancelTestId="ticket-edit-cancel"
      problemTestId="ticket-edit-error"
      [run]="form"
      (submitted)="save()"
      (cancelled)="closed.emit()"
    >
      <label class="field">
        <span>Title</span>
        <input
          type="text"
          name="title"
          data-testid="ticket-edit-title"
          [(ngModel)]="title"
          [attr.aria-invalid]="err('title')"
          (input)="form.edited('title')"
        />
        <span class="field-error" data-testid="ticket-edit-title-error">{{ form.error('title') }}</span>
      </label>
      <label class="field">
        <span>Description</span>
        <textarea
          name="description"
          rows="4"
          data-testid="ticket-edit-description"
          [(ngModel)]="description"
          [attr.aria-invalid]="err('description')"
        ></textarea>
        <span class="field-error">{{ form.error('description') }}</span>
      </label>
      <div class="levels">
        <label class="field">
          <span>Impact</span>
          <select name="impact" data-testid="ticket-edit-impact" [(ngModel)]="impact" [attr.aria-invalid]="err('impact')">
            @if (!impact) {
              <option [ngValue]="null">Not set</option>
            }
            @for (l of levels; track l) {
              <option [ngValue]="l">{{ l }}</option>
            }
          </select>
          <span class="field-error">{{ form.error('impact') }}</span>
        </label>
        <label class="field">
          <span>Urgency</span>
          <select name="urgency" data-testid="ticket-edit-urgency" [(ngModel)]="urgency" [attr.aria-invalid]="err('urgency')">
            @if (!urgency) {
              <option [ngValue]="null">Not set</option>
            }
            @for (l of levels; track l) {
              <option [ngValue]="l">{{ l }}</option>
            }
          </select>
          <span class="field-error">{{ form.error('urgency') }}</span>
        </label>
      </div>
    </app-action-form>
  `,
  styles: `
    .levels {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
    }
    .levels .field {
      flex: 1 1 8rem;
      min-width: 0;
    }
    input,
    textarea,
    select {
      max-width: 100%;
    }
  `,
})
export class TicketEditForm {
  private readonly api = inject(TicketsApi);
  private readonly view = inject(TicketView);
  /** The ticket as read when the form opened: what is compared and whose version is sent. */
  readonly ticket = input.required<Ticket>();
  readonly closed = output<void>();
  protected readonly levels = LEVELS;
  protected readonly form = new FormRun(FIELDS);
  protected title = '';
  protected description = '';
  protected impact: Level | null = null;
  protected urgency: Level | null = null;

  constructor() {
    const host = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;
    afterNextRender(() => {
      const t = this.ticket();
      this.title = t.title;
      this.description = t.description;
      this.impact = t.impact as Level | null;
      this.urgency = t.urgency as Level | null;
      host.querySelector<HTMLElement>('input')?.focus();
    });
  }

  protected err(field: string): true | null {
    return this.form.error(field) ? true : null;
  }

  protected async save(): Promise<void> {
    const t = this.ticket();
    const changes: TicketEdit = {};
    if (this.title.trim() !== t.title) changes.title = this.title.trim();
    if (this.description !== t.description) changes.description = this.description;
    if (this.impact && this.impact !== t.impact) changes.impact = this.impact;
    if (this.urgency && this.urgency !== t.urgency) changes.urgency = this.urgency;
    if (!Object.keys(changes).length) {
      this.closed.emit();
      return;
    }
    const saved = await this.form.run(() => firstValueFrom(this.api.update(t.number, t.version, changes)));
    if (!saved) {
      // A stale version: show the ticket as it is now beside the message.
      void this.view.refresh();
      return;
    }
    this.view.accept(saved);
    this.closed.emit();
  }
}
