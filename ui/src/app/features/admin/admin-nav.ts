import { Component } from '@angular/core';
import { RouterLink, RouterLinkActive } from '@angular/router';

/** The curator's screens: the service portfolio, the catalog, and the desk's configuration. */
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
    </nav>
  `,
  styles: `
    .tabs {
      display: flex;
      flex-wrap: wrap;
      gap: 1rem;
      margin: 0 0 1rem;
    }
    .tabs a.active {
      font-weight: 700;
      text-decoration: none;
    }
  `,
})
export class AdminNav {}
