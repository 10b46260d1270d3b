import { Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { firstValueFrom } from 'rxjs';
import { MeApi, ProfileUser } from '../../core/api/me-api';
import { isStaff } from '../../core/auth/role-routes';
import { Session } from '../../core/auth/session';
import { BROWSER_TIME_ZONE, UserTimeZone, knownTimeZones } from '../../core/time/user-time-zone';
import { ActionForm } from '../../shared/action-form/action-form';
import { FormRun } from '../../shared/action-form/form-run';
import { StateView, ViewState } from '../../shared/state-view/state-view';
import { AvailabilitySwitch } from './availability-switch';
import { PasswordForm } from './password-form';

const FIELDS = ['displayName', 'email', 'phone', 'timeZone'] as const;

/**
 * The signed-in person's own profile (`PATCH /me`): the name others see, how to reach them, the zone they
 * read times in, and their password. Staff also say here whether they take new tickets (`PUT /me/availability`).
 */
@Component({
  selector: 'app-profile-page',
  imports: [ActionForm, AvailabilitySwitch, FormsModule, PasswordForm, StateView],
  template: `
    <section class="card" aria-labelledby="profile-title" data-testid="profile">
      <h2 id="profile-title">Your profile</h2>
      <app-state-view testId="profile" [state]="state()" errorText="Your profile could not be loaded." (retry)="load()" />
      @if (me(); as m) {
        <p class="muted">
          Signed in as <span class="mono" data-testid="profile-username">{{ m.username }}</span> · {{ m.roles.join(', ') }}
        </p>
        <app-action-form label="Your details" submitTestId="profile-save" problemTestId="profile-problem" [run]="form" (submitted)="save()">
          <label class="field">
            <span>Name</span>
            <input
              name="displayName"
              autocomplete="name"
              data-testid="profile-name"
              [(ngModel)]="draft.displayName"
              (ngModelChange)="form.edited('displayName')"
              [attr.aria-invalid]="!!form.error('displayName')"
            />
            <span class="field-error" data-testid="profile-name-error">{{ form.error('displayName') }}</span>
          </label>
          <label class="field">
            <span>E-mail <small>(optional)</small></span>
            <input
              name="email"
              type="email"
              autocomplete="email"
              data-testid="profile-email"
              [(ngModel)]="draft.email"
              (ngModelChange)="form.edited('email')"
              [attr.aria-invalid]="!!form.error('email')"
            />
            <span class="field-error" data-testid="profile-email-error">{{ form.error('email') }}</span>
          </label>
          <label class="field">
            <span>Phone <small>(optional)</small></span>
            <input
              name="phone"
              type="tel"
              autocomplete="tel"
              data-testid="profile-phone"
              [(ngModel)]="draft.phone"
              (ngModelChange)="form.edited('phone')"
              [attr.aria-invalid]="!!form.error('phone')"
            />
            <span class="field-error" data-testid="profile-phone-error">{{ form.error('phone') }}</span>
          </label>
          <label class="field">
            <span>Time zone</span>
            <select name="timeZone" data-testid="profile-time-zone" [(ngModel)]="draft.timeZone" (ngModelChange)="form.edited('timeZone')">
              <option value="">This browser’s ({{ browser }})</option>
              @for (z of zones; track z) {
                <option [value]="z">{{ z }}</option>
              }
            </select>
            <span class="field-error">{{ form.error('timeZone') }}</span>
          </label>
          <span actions role="status" class="saved" data-testid="profile-saved">{{ saved() ? 'Saved' : '' }}</span>
        </app-action-form>
      }
    </section>
    @if (me(); as m) {
      @if (staff()) {
        <app-availability-switch [available]="m.available" (changed)="me.set($event)" />
      }
      <app-password-form />
    }
  `,
  styles: `
    :host {
      display: grid;
      gap: 1rem;
      max-width: 40rem;
    }
    .mono {
      font-family: var(--mono);
    }
    .saved {
      color: var(--success);
    }
  `,
})
export class ProfilePage {
  private readonly api = inject(MeApi);
  private readonly session = inject(Session);
  private readonly zone = inject(UserTimeZone);
  protected readonly browser = BROWSER_TIME_ZONE;
  protected readonly zones = knownTimeZones();
  protected readonly form = new FormRun(FIELDS);
  protected readonly me = signal<ProfileUser | null>(null);
  protected readonly state = signal<ViewState>('loading');
  protected readonly saved = signal(false);
  protected readonly staff = computed(() => isStaff(this.me()?.roles ?? []));
  protected draft = { displayName: '', email: '', phone: '', timeZone: '' };

  constructor() {
    void this.load();
  }

  protected async load(): Promise<void> {
    this.state.set('loading');
    try {
      this.fill(await firstValueFrom(this.api.get()));
      this.state.set('ready');
    } catch {
      this.state.set('error');
    }
  }

  protected async save(): Promise<void> {
    this.saved.set(false);
    const d = this.draft;
    // An emptied optional field clears it; the name is required, so an empty one goes as typed and the API names it.
    const updated = await this.form.run(() =>
      firstValueFrom(
        this.api.update({
          displayName: d.displayName.trim(),
          email: d.email.trim() || null,
          phone: d.phone.trim() || null,
          timeZone: d.timeZone || null,
        }),
      ),
    );
    if (!updated) return;
    this.fill(updated);
    this.session.renamed(updated.displayName);
    this.zone.chosen.set(updated.timeZone);
    this.saved.set(true);
  }

  private fill(me: ProfileUser): void {
    this.me.set(me);
    this.draft = { displayName: me.displayName, email: me.email ?? '', phone: me.phone ?? '', timeZone: me.timeZone ?? '' };
  }
}
