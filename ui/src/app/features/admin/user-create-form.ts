import { Component, inject, input, output } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { firstValueFrom } from 'rxjs';
import { Organization } from '../../core/api/directory-api';
import { DirectoryUser, USER_ROLES, UsersApi } from '../../core/api/users-api';
import { ActionForm } from '../../shared/action-form/action-form';
import { FormRun } from '../../shared/action-form/form-run';

const FIELDS = ['username', 'displayName', 'email', 'roles', 'organizationId', 'password'] as const;

const blank = () => ({ username: '', displayName: '', email: '', roles: ['agent'] as string[], organizationId: '', password: '' });

/**
 * A new user (`POST /users`). Without a password they cannot sign in with one (single sign-on, or an admin
 * sets it later); a requester belongs to a customer organisation. A taken username is named by the API.
 */
@Component({
  selector: 'app-user-create-form',
  imports: [ActionForm, FormsModule],
  template: `
    <app-action-form
      class="card"
      label="New user"
      submitText="Create user"
      busyText="Creating…"
      cancelText="Cancel"
      submitTestId="user-create-save"
      cancelTestId="user-create-cancel"
      problemTestId="user-create-problem"
      data-testid="user-create-form"
      [run]="form"
      (submitted)="save()"
      (cancelled)="closed.emit()"
    >
      <h3>New user</h3>
      <label class="field">
        <span>Username</span>
        <input
          name="username"
          autocomplete="off"
          data-testid="user-create-username"
          [(ngModel)]="draft.username"
          (ngModelChange)="form.edited('username')"
          [attr.aria-invalid]="!!form.error('username')"
        />
        <span class="field-error" data-testid="user-create-username-error">{{ form.error('username') }}</span>
      </label>
      <label class="field">
        <span>Name</span>
        <input
          name="displayName"
          autocomplete="off"
          data-testid="user-create-name"
          [(ngModel)]="draft.displayName"
          (ngModelChange)="form.edited('displayName')"
          [attr.aria-invalid]="!!form.error('displayName')"
        />
        <span class="field-error" data-testid="user-create-name-error">{{ form.error('displayName') }}</span>
      </label>
      <label class="field">
        <span>E-mail <small>(optional)</small></span>
        <input
          name="email"
          type="email"
          autocomplete="off"
          data-testid="user-create-email"
          [(ngModel)]="draft.email"
          (ngModelChange)="form.edited('email')"
          [attr.aria-invalid]="!!form.error('email')"
        />
        <span class="field-error" data-testid="user-create-email-error">{{ form.error('email') }}</span>
      </label>
      <fieldset class="field" data-testid="user-create-roles">
        <legend>Roles</legend>
        @for (r of roles; track r) {
          <label class="inline"
            ><input type="checkbox" [checked]="draft.roles.includes(r)" (change)="toggleRole(r, $event)" /> {{ r }}</label
          >
        }
        <span class="field-error" data-testid="user-create-roles-error">{{ form.error('roles') }}</span>
      </fieldset>
      <label class="field">
        <span>Customer organisation <small>(requesters)</small></span>
        <select name="organizationId" data-testid="user-create-organization" [(ngModel)]="draft.organizationId">
          <option value="">None (staff)</option>
          @for (o of organizations(); track o.id) {
            <option [value]="o.id">{{ o.name }}</option>
          }
        </select>
        <span class="field-error">{{ form.error('organizationId') }}</span>
      </label>
      <label class="field">
        <span>First password <small>(optional, at least 10 characters)</small></span>
        <input
          name="password"
          type="password"
          autocomplete="new-password"
          data-testid="user-create-password"
          [(ngModel)]="draft.password"
          (ngModelChange)="form.edited('password')"
          [attr.aria-invalid]="!!form.error('password')"
        />
        <span class="field-error" data-testid="user-create-password-error">{{ form.error('password') }}</span>
      </label>
    </app-action-form>
  `,
  styles: `
    fieldset {
      display: flex;
      flex-wrap: wrap;
      gap: 0.25rem 1rem;
    }
    legend {
      font-weight: 600;
    }
  `,
})
export class UserCreateForm {
  private readonly api = inject(UsersApi);
  readonly organizations = input<Organization[]>([]);
  readonly created = output<DirectoryUser>();
  readonly closed = output<void>();
  protected readonly roles = USER_ROLES;
  protected readonly form = new FormRun(FIELDS);
  protected draft = blank();

  protected toggleRole(role: string, event: Event): void {
    const on = (event.target as HTMLInputElement).checked;
    this.draft.roles = on ? [...this.draft.roles, role] : this.draft.roles.filter((r) => r !== role);
    this.form.edited('roles');
  }

  protected async save(): Promise<void> {
    const d = this.draft;
    const user = await this.form.run(() =>
      firstValueFrom(
        this.api.create({
          username: d.username.trim(),
          displayName: d.displayName.trim(),
          email: d.email.trim() || null,
          roles: d.roles,
          organizationId: d.organizationId || null,
          ...(d.password ? { password: d.password } : {}),
        }),
      ),
    );
    if (!user) return;
    this.draft = blank();
    this.created.emit(user);
  }
}
