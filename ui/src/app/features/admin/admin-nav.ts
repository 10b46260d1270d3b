import { Component } from '@angular/core';
import { RouterLink, RouterLinkActive } from '@angular/router';

/** The curator's two screens: the service portfolio and the catalog. */
@Component({
  selector: 'app-admin-nav',
  imports: [RouterLink, RouterLinkActive],
  template: `
    <nav class="tabs" aria-label="Curation">
      <a routerLink="/admin/services" routerLinkActive="active" ariaCurrentWhenActive="page" data-testid="admin-services-link">Services</a>
      <a routerLink="/admin/catalog" routerLinkActive="active" ariaCurrentWhenActive="page" data-testid="admin-catalog-link">Catalog</a>
    </nav>
  `,
  styles: `
    .tabs {
      display: flex;
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
