import { Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { firstValueFrom } from 'rxjs';
import { MeApi } from '../../core/api/me-api';
import { ActionForm } from '../../shared/action-form/action-form';
import { FormRun } from '../../shared/action-form/form-run';

const FIELDS = ['currentPassword', 'password', 'repeat'] as const;

/**
 * A new password for the signed-in person: the API wants the current one with it and names it when it
 * does not match; the repetition is checked here, before anything is sent.
 */
@Component({
  selector: 'app-password-form',
  imports: [ActionForm, FormsModule],
  template: `
    <section class="card" aria-labelledby="password-title">
      <h2 id="password-title">Password</h2>
      <app-action-form
        label="Change your password"
        submitText="Change password"
        busyText="Changing…"
        submitTestId="password-save"
        problemTestId="password-problem"
        [run]="form"
        (submitted)="save()"
      >
        <label class="field">
          <span>Current password</span>
          <input
            type="password"
            name="currentPassword"
            autocomplete="current-password"
            data-testid="password-current"
            [(ngModel)]="current"
            (ngModelChange)="form.edited('currentPassword')"
            [attr.aria-invalid]="!!form.error('currentPassword')"
          />
          <span class="field-error" data-testid="password-current-error">{{ form.error('currentPassword') }}</span>
        </label>
        <label class="field">
          <span>New password <small>(at least 10 characters)</small></span>
          <input
            type="password"
            name="password"
            autocomplete="new-password"
            data-testid="password-new"
            [(ngModel)]="next"
            (ngModelChange)="form.edited('password')"
            [attr.aria-invalid]="!!form.error('password')"
          />
          <span class="field-error" data-testid="password-new-error">{{ form.error('password') }}</span>
        </label>
        <label class="field">
          <span>New password again</span>
          <input
            type="password"
            name="repeat"
            autocomplete="new-password"
            data-testid="password-repeat"
            [(ngModel)]="repeat"
            (ngModelChange)="form.edited('repeat')"
            [attr.aria-invalid]="!!form.error('repeat')"
          />
          <span class="field-error" data-testid="password-repeat-error">{{ form.error('repeat') }}</span>
        </label>
        <span actions role="status" class="saved" data-testid="password-saved">{{ changed() ? 'Password changed' : '' }}</span>
      </app-action-form>
    </section>
  `,
  styles: `
    .saved {
      color: var(--success);
    }
  `,
})
export class PasswordForm {
  private readonly api = inject(MeApi);
  protected readonly form = new FormRun(FIELDS);
  protected readonly changed = signal(false);
  protected current = '';
  protected next = '';
  protected repeat = '';

  protected async save(): Promise<void> {
    this.changed.set(false);
    if (!this.form.checked(this.next === this.repeat ? {} : { repeat: 'does not match the new password' })) return;
    const done = await this.form.run(() => firstValueFrom(this.api.update({ currentPassword: this.current, password: this.next })));
    if (!done) return;
    this.current = this.next = this.repeat = '';
    this.changed.set(true);
  }
}
