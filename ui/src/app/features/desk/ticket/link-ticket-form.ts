import { Component, inject, input } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { firstValueFrom } from 'rxjs';
import { TicketLinkKind } from '../../../core/api/ticket-edit-types';
import { TicketsApi } from '../../../core/api/tickets-api';
import { TicketView } from '../../../core/tickets/ticket-view';
import { ActionForm } from '../../../shared/action-form/action-form';
import { FormRun } from '../../../shared/action-form/form-run';

const FIELDS = ['number', 'kind'] as const;

const KINDS: Array<{ value: TicketLinkKind; label: string }> = [
  { value: 'related', label: 'is related to' },
  { value: 'duplicate_of', label: 'is a duplicate of' },
  { value: 'caused_by', label: 'is caused by (a problem)' },
];

/**
 * Links the open ticket to another by its number: related, a duplicate, or an incident caused by a
 * problem. The API checks that the other ticket exists and is visible, and that the kind fits; the
 * links list shows the answer at once.
 */
@Component({
  selector: 'app-link-ticket-form',
  imports: [ActionForm, FormsModule],
  template: `
    <app-action-form
      data-testid="link-form"
      label="Link another ticket"
      submitText="Link"
      busyText="Linking…"
      submitTestId="link-submit"
      problemTestId="link-error"
      [run]="form"
      (submitted)="link()"
    >
      <div class="row">
        <label class="field">
          <span>This ticket</span>
          <select name="kind" data-testid="link-kind" [(ngModel)]="kind" [attr.aria-invalid]="err('kind')">
            @for (k of kinds; track k.value) {
              <option [value]="k.value">{{ k.label }}</option>
            }
          </select>
          <span class="field-error">{{ form.error('kind') }}</span>
        </label>
        <label class="field">
          <span>Ticket number</span>
          <input
            type="text"
            name="number"
            placeholder="INC0001042"
            autocomplete="off"
            data-testid="link-number"
            [(ngModel)]="other"
            [attr.aria-invalid]="err('number')"
            (input)="form.edited('number')"
          />
          <span class="field-error" data-testid="link-number-error">{{ form.error('number') }}</span>
        </label>
      </div>
    </app-action-form>
  `,
  styles: `
    .row {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
    }
    .row .field {
      flex: 1 1 9rem;
      min-width: 0;
    }
    input,
    select {
      max-width: 100%;
    }
  `,
})
export class LinkTicketForm {
  private readonly api = inject(TicketsApi);
  private readonly view = inject(TicketView);
  readonly number = input.required<string>();
  protected readonly kinds = KINDS;
  protected readonly form = new FormRun(FIELDS);
  protected kind: TicketLinkKind = 'related';
  protected other = '';

  protected err(field: string): true | null {
    return this.form.error(field) ? true : null;
  }

  protected async link(): Promise<void> {
    const other = this.other.trim().toUpperCase();
    if (!this.form.checked(other ? {} : { number: 'Which ticket? Enter its number.' })) return;
    const links = await this.form.run(() => firstValueFrom(this.api.link(this.number(), other, this.kind)));
    if (!links) return;
    this.view.links.set(links);
    this.other = '';
  }
}
