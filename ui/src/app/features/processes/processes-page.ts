import { Component, inject } from '@angular/core';
import { Session } from '../../core/auth/session';
import { LoginForm } from '../login/login-form';
import { Operate } from '../operate/operate';
import { Studio } from '../studio/studio';

/** The one page of the walking skeleton: sign in, then modeler on top, instances and tasks below. */
@Component({
  selector: 'app-desk-page',
  imports: [Studio, Operate, LoginForm],
  template: `
    @if (session.user(); as user) {
      <p class="who">
        Signed in as <strong data-testid="signed-in-user">{{ user.displayName }}</strong> ({{ user.roles.join(', ') }})
        <button type="button" data-testid="logout-button" (click)="session.logout()">Sign out</button>
      </p>
      <app-studio />
      <app-operate />
    } @else {
      <app-login-form />
    }
  `,
  styles: `
    :host {
      display: grid;
      gap: 1.5rem;
    }
    .who { margin: 0; display: flex; gap: 0.75rem; align-items: center; }
  `,
})
export class DeskPage {
  protected readonly session = inject(Session);
}
