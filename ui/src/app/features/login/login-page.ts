import { Component, OnInit, inject, input } from '@angular/core';
import { Router } from '@angular/router';
import { homeFor } from '../../core/auth/role-routes';
import { Session } from '../../core/auth/session';
import { LoginForm } from './login-form';

/** Sign-in; afterwards back to where the user was going (`?next=`), or to their role's home. */
@Component({
  selector: 'app-login-page',
  imports: [LoginForm],
  template: `<app-login-form (signedIn)="proceed()" />`,
})
export class LoginPage implements OnInit {
  private readonly session = inject(Session);
  private readonly router = inject(Router);
  /** Query parameter: the app path the user asked for before signing in. */
  readonly next = input<string>();

  ngOnInit(): void {
    if (this.session.signedIn()) this.proceed();
  }

  protected proceed(): void {
    const next = this.next();
    // Only paths of this app: never an open redirect to another origin.
    const safe = next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login');
    void this.router.navigateByUrl(safe ? next : homeFor(this.session.user()?.roles ?? []), { replaceUrl: true });
  }
}
