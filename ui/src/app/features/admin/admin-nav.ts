import { Component, computed, inject } from '@angular/core';
import { RouterLink, RouterLinkActive } from '@angular/router';
import { Session } from '../../core/auth/session';

/**
 * Tabs across the admin screens: the curator's (services, catalog, the desk's configuration) for everyone
 * who curates, and the directory and security screens only for admins, since only admins may open them.
 */
@Component({
  selector: 'app-admin-nav',
  imports: [RouterLink, RouterLinkActive],
  template: `
    <nav class="tabs" aria-label="Administration">
      <a routerLink="/admin/services" routerLinkActive="active" ariaCurrentWhenActive="page" data-testid="admin-services-link">Services</a>
      <a routerLink="/admin/catalog" routerLinkActive="active" ariaCurrentWhenActive="page" data-testid="admin-catalog-link">Catalog</a>
      <!-- desk configuration (admin1) -->
      <a routerLink="/admin/canned-responses" routerLinkActive="active" ariaCurrentWhenActive="page" data-testid="admin-canned-link"
        >Canned responses</a
      >
      <a routerLink="/admin/mail-templates" routerLinkActive="active" ariaCurrentWhenActive="page" data-testid="admin-mail-link"
        >Mail templates</a
      >
      <a routerLink="/admin/sla" routerLinkActive="active" ariaCurrentWhenActive="page" data-testid="admin-sla-link">SLAs</a>
      <a routerLink="/admin/routing" routerLinkActive="active" ariaCurrentWhenActive="page" data-testid="admin-routing-link">Routing</a>
      <a routerLink="/admin/field-service" routerLinkActive="active" ariaCurrentWhenActive="page" data-testid="admin-field-service-link"
        >Field service</a
      >
      @if (admin()) {
        <!-- admin2: directory and security -->
        <a routerLink="/admin/users" routerLinkActive="active" ariaCurrentWhenActive="page" data-testid="admin-users-link">Users</a>
        <a routerLink="/admin/groups" routerLinkActive="active" ariaCurrentWhenActive="page" data-testid="admin-groups-link">Groups</a>
        <a routerLink="/admin/organizations" routerLinkActive="active" ariaCurrentWhenActive="page" data-testid="admin-organizations-link"
          >Customers</a
        >
        <a routerLink="/admin/technicians" routerLinkActive="active" ariaCurrentWhenActive="page" data-testid="admin-technicians-link"
          >Technicians</a
        >
        <a routerLink="/admin/channels" routerLinkActive="active" ariaCurrentWhenActive="page" data-testid="admin-channels-link"
          >Channels</a
        >
        <a routerLink="/admin/messaging" routerLinkActive="active" ariaCurrentWhenActive="page" data-testid="admin-messaging-link"
          >Messaging</a
        >
        <a routerLink="/admin/api-tokens" routerLinkActive="active" ariaCurrentWhenActive="page" data-testid="admin-api-tokens-link"
          >API tokens</a
        >
        <a routerLink="/admin/audit-log" routerLinkActive="active" ariaCurrentWhenActive="page" data-testid="admin-audit-log-link"
          >Audit log</a
        >
      }
    </nav>
  `,
  styles: `
    .tabs {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem 1rem;
      margin: 0 0 1rem;
    }
    .tabs a.active {
      font-weight: 700;
      text-decoration: none;
    }
  `,
})
export class AdminNav {
  private readonly session = inject(Session);
  protected readonly admin = computed(() => (this.session.user()?.roles ?? []).includes('admin'));
}
