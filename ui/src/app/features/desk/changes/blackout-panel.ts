import { DatePipe } from '@angular/common';
import { Component, computed, inject, input, output } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { firstValueFrom } from 'rxjs';
import { BlackoutWindow, ChangesApi } from '../../../core/api/changes-api';
import { Session } from '../../../core/auth/session';
import { ActionForm } from '../../../shared/action-form/action-form';
import { FormRun } from '../../../shared/action-form/form-run';
import { Confirm } from '../../../shared/confirm-dialog/confirm-dialog';

const FIELDS = ['name', 'startsAt', 'endsAt', 'services'] as const;

/** A datetime-local value (the person's own clock) as an instant; a bad one goes as typed for the API to name. */
const instant = (local: string): string => {
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? local : d.toISOString();
};

/**
 * The blackout windows the calendar shows, and for process owners and admins (whom the API lets) a
 * form to add one and a button to remove one. A change planned into a window is flagged before its
 * approval, so the page reloads its conflicts after every edit.
 */
@Component({
  selector: 'app-blackout-panel',
  imports: [ActionForm, DatePipe, FormsModule, MatButtonModule],
  template: `
    <section class="card" aria-labelledby="blackouts-title" data-testid="blackout-panel">
      <h3 id="blackouts-title">Blackout windows in view</h3>
      <ul class="list">
        @for (b of blackouts(); track b.id) {
          <li data-testid="blackout-row" [attr.data-name]="b.name">
            <span class="name">{{ b.name }}</span>
            <span class="muted">{{ b.startsAt | date: 'short' }} – {{ b.endsAt | date: 'short' }}</span>
            <span class="muted">{{ b.services.length ? b.services.join(', ') : 'every service' }}</span>
            @if (owner()) {
              <button mat-button type="button" data-testid="blackout-delete" [attr.aria-label]="'Remove ' + b.name" (click)="remove(b)">
                Remove
              </button>
            }
          </li>
        } @empty {
          <li class="muted">No blackout window in this period.</li>
        }
      </ul>
      @if (owner()) {
        <app-action-form
          data-testid="blackout-form"
          label="New blackout window"
          submitText="Add blackout"
          busyText="Adding…"
          submitTestId="blackout-add"
          problemTestId="blackout-error"
          [run]="form"
          (submitted)="add()"
        >
          <h4>New blackout window</h4>
          <label class="field">
            <span>Name</span>
            <input
              type="text"
              name="name"
              data-testid="blackout-name"
              [(ngModel)]="name"
              [attr.aria-invalid]="err('name')"
              (input)="form.edited('name')"
            />
            <span class="field-error">{{ form.error('name') }}</span>
          </label>
          <div class="when">
            <label class="field">
              <span>Starts</span>
              <input
                type="datetime-local"
                name="startsAt"
                data-testid="blackout-starts"
                [(ngModel)]="startsAt"
                [attr.aria-invalid]="err('startsAt')"
              />
              <span class="field-error">{{ form.error('startsAt') }}</span>
            </label>
            <label class="field">
              <span>Ends</span>
              <input
                type="datetime-local"
                name="endsAt"
                data-testid="blackout-ends"
                [(ngModel)]="endsAt"
                [attr.aria-invalid]="err('endsAt')"
              />
              <span class="field-error" data-testid="blackout-ends-error">{{ form.error('endsAt') }}</span>
            </label>
          </div>
          <label class="field">
            <span>Services <small>(none: every service)</small></span>
            <select
              name="services"
              multiple
              size="4"
              data-testid="blackout-services"
              [(ngModel)]="services"
              [attr.aria-invalid]="err('services')"
            >
              @for (s of serviceNames(); track s) {
                <option [value]="s">{{ s }}</option>
              }
            </select>
            <span class="field-error">{{ form.error('services') }}</span>
          </label>
        </app-action-form>
      }
    </section>
  `,
  styles: `
    .list {
      list-style: none;
      margin: 0 0 0.75rem;
      padding: 0;
      display: grid;
      gap: 0.35rem;
    }
    .list li {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
      align-items: center;
    }
    .name {
      font-weight: 600;
    }
    .when {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
    }
    .when .field {
      flex: 1 1 12rem;
      min-width: 0;
    }
    input,
    select {
      max-width: 100%;
    }
  `,
})
export class BlackoutPanel {
  private readonly api = inject(ChangesApi);
  private readonly confirm = inject(Confirm);
  private readonly session = inject(Session);
  /** The windows overlapping the calendar's period. */
  readonly blackouts = input<BlackoutWindow[]>([]);
  readonly serviceNames = input<string[]>([]);
  /** A window was added or removed: the calendar reloads (and re-reads its changes' conflicts). */
  readonly changed = output<void>();
  protected readonly owner = computed(() => (this.session.user()?.roles ?? []).some((r) => r === 'process-owner' || r === 'admin'));
  protected readonly form = new FormRun(FIELDS);
  protected name = '';
  protected startsAt = '';
  protected endsAt = '';
  protected services: string[] = [];

  protected err(field: string): true | null {
    return this.form.error(field) ? true : null;
  }

  protected async add(): Promise<void> {
    const missing: Record<string, string> = {};
    if (!this.startsAt) missing['startsAt'] = 'When does it start?';
    if (!this.endsAt) missing['endsAt'] = 'When does it end?';
    if (!this.form.checked(missing)) return;
    const payload = { name: this.name.trim(), startsAt: instant(this.startsAt), endsAt: instant(this.endsAt), services: this.services };
    const created = await this.form.run(() => firstValueFrom(this.api.createBlackout(payload)));
    if (!created) return;
    this.name = '';
    this.startsAt = '';
    this.endsAt = '';
    this.services = [];
    this.changed.emit();
  }

  protected async remove(b: BlackoutWindow): Promise<void> {
    const sure = await this.confirm.ask({
      title: 'Remove blackout window',
      message: `Remove the blackout window “${b.name}”? Changes planned into it are no longer flagged.`,
      confirmText: 'Remove',
      destructive: true,
    });
    if (!sure) return;
    const done = await this.form.run(async () => {
      await firstValueFrom(this.api.deleteBlackout(b.id));
      return true;
    });
    if (done) this.changed.emit();
  }
}
