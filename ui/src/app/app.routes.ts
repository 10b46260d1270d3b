import { inject } from '@angular/core';
import { Routes } from '@angular/router';
import { homeFor, signedIn, staffOnly } from './core/auth/role-routes';
import { Session } from './core/auth/session';

/** UI paths never collide with API paths (/tickets…): a reload of a UI path must reach the app, not the API. */
export const routes: Routes = [
  {
    path: 'login',
    title: 'Sign in · Flowdesk',
    loadComponent: () => import('./features/login/login-page').then((m) => m.LoginPage),
  },
  {
    path: '',
    canActivate: [signedIn],
    children: [
      // Redirects run before guards: signed out, `/` goes straight to the sign-in page (which then picks the home).
      {
        path: '',
        pathMatch: 'full',
        redirectTo: () => {
          const user = inject(Session).user();
          return user ? homeFor(user.roles) : '/login';
        },
      },
      {
        path: 'desk',
        title: 'Desk · Flowdesk',
        canActivate: [staffOnly],
        loadComponent: () => import('./features/desk/desk-page').then((m) => m.DeskPage),
      },
      {
        path: 'desk/approvals',
        title: 'My approvals · Flowdesk',
        canActivate: [staffOnly],
        loadComponent: () => import('./features/desk/approvals/approvals-page').then((m) => m.ApprovalsPage),
      },
      {
        path: 'desk/tickets/:number',
        title: 'Ticket · Flowdesk',
        canActivate: [staffOnly],
        loadComponent: () => import('./features/desk/ticket/desk-ticket-page').then((m) => m.DeskTicketPage),
      },
      {
        path: 'desk/cis/:id',
        title: 'Configuration item · Flowdesk',
        canActivate: [staffOnly],
        loadComponent: () => import('./features/desk/cis/desk-ci-page').then((m) => m.DeskCiPage),
      },
      {
        path: 'dashboards',
        title: 'KPIs · Flowdesk',
        canActivate: [staffOnly],
        loadComponent: () => import('./features/dashboards/manager-dashboard-page').then((m) => m.ManagerDashboardPage),
      },
      {
        path: 'dashboards/live',
        title: 'Group live view · Flowdesk',
        canActivate: [staffOnly],
        loadComponent: () => import('./features/dashboards/group-live-page').then((m) => m.GroupLivePage),
      },
      {
        path: 'portal',
        title: 'My tickets · Flowdesk',
        loadComponent: () => import('./features/portal/portal-page').then((m) => m.PortalPage),
      },
      {
        path: 'portal/new',
        title: 'Raise a ticket · Flowdesk',
        loadComponent: () => import('./features/portal/raise-ticket-page').then((m) => m.RaiseTicketPage),
      },
      {
        path: 'portal/catalog',
        title: 'Catalog · Flowdesk',
        loadComponent: () => import('./features/portal/catalog/catalog-page').then((m) => m.CatalogPage),
      },
      {
        path: 'portal/catalog/:id',
        title: 'Order · Flowdesk',
        loadComponent: () => import('./features/portal/catalog/catalog-item-page').then((m) => m.CatalogItemPage),
      },
      {
        path: 'portal/tickets/:number',
        title: 'Ticket · Flowdesk',
        loadComponent: () => import('./features/portal/portal-ticket-page').then((m) => m.PortalTicketPage),
      },
      {
        path: 'admin/webhooks',
        title: 'Webhooks · Flowdesk',
        canActivate: [staffOnly],
        loadComponent: () => import('./features/admin/webhooks-page').then((m) => m.WebhooksPage),
      },
      {
        path: 'processes',
        title: 'Processes · Flowdesk',
        canActivate: [staffOnly],
        loadComponent: () => import('./features/processes/processes-page').then((m) => m.ProcessesPage),
      },
    ],
  },
  { path: '**', redirectTo: '' },
];
