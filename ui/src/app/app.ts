import { Component, computed, effect, inject } from '@angular/core';
import { Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { designsProcesses, dispatches, isStaff } from './core/auth/role-routes';
import { Session } from './core/auth/session';
import { TimeZoneMenu } from './features/profile/time-zone-menu';
import { KeyboardShortcuts } from './shared/shortcuts/keyboard-shortcuts';

@Component({
  selector: 'app-root',
  imports: [RouterOutlet, RouterLink, RouterLinkActive, TimeZoneMenu, KeyboardShortcuts],
  templateUrl: './app.html',
  styleUrl: './app.css',
})
export class App {
  protected readonly session = inject(Session);
  private readonly router = inject(Router);
  protected readonly timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  private readonly roles = computed(() => this.session.user()?.roles ?? []);
  protected readonly staff = computed(() => isStaff(this.roles()));
  protected readonly designer = computed(() => designsProcesses(this.roles()));
  protected readonly admin = computed(() => this.roles().includes('admin'));
  protected readonly dispatcher = computed(() => dispatches(this.roles()));
  protected readonly technician = computed(() => this.roles().includes('technician'));

  constructor() {
    // A session that ends (sign-out, or the refresh token expired) leaves for the sign-in page. Only on
    // that change: at start-up the route guards send a signed-out user there, keeping the deep link.
    let wasSignedIn = this.session.signedIn();
    effect(() => {
      const signedIn = this.session.signedIn();
      if (wasSignedIn && !signedIn) void this.router.navigate(['/login']);
      wasSignedIn = signedIn;
    });
  }

  protected signOut(): void {
    this.session.logout();
  }
}
