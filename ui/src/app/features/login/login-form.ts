import { Component, inject, output, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { HttpErrorResponse } from '@angular/common/http';
import { Session } from '../../core/auth/session';

/** Sign-in with a local account; `npm start` prints the demo accounts. */
@Component({
  selector: 'app-login-form',
  imports: [FormsModule],
  template: `
    <form class="login" (ngSubmit)="submit()">
      <h2>Sign in</h2>
      <!-- eslint-disable @angular-eslint/template/no-autofocus -- the sign-in page exists for this form: start in its first field -->
      <label
        >Username <input autofocus name="username" data-testid="login-username" [(ngModel)]="username" autocomplete="username" required
      /></label>
      <!-- eslint-enable @angular-eslint/template/no-autofocus -->
      <label
        >Password
        <input name="password" type="password" data-testid="login-password" [(ngModel)]="password" autocomplete="current-password" required
      /></label>
      <button type="submit" data-testid="login-button" [disabled]="busy()">Sign in</button>
      @if (error()) {
        <p class="error" data-testid="login-error" role="alert">{{ error() }}</p>
      }
    </form>
  `,
  styles: `
    .login {
      display: grid;
      gap: 0.75rem;
      max-width: 22rem;
    }
    label {
      display: grid;
      gap: 0.25rem;
    }
    .error {
      color: #b00020;
    }
  `,
})
export class LoginForm {
  private readonly session = inject(Session);
  /** The user is signed in: the page decides where to go. */
  readonly signedIn = output<void>();
  protected username = '';
  protected password = '';
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);

  protected async submit(): Promise<void> {
    this.busy.set(true);
    this.error.set(null);
    try {
      await this.session.login(this.username, this.password);
      this.signedIn.emit();
    } catch (err) {
      this.error.set(
        err instanceof HttpErrorResponse && err.status === 429 ? 'Too many attempts; wait a minute.' : 'Wrong username or password.',
      );
    } finally {
      this.busy.set(false);
    }
  }
}
