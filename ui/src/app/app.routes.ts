import { inject } from '@angular/core';
import { Routes } from '@angular/router';
import { adminOnly, curatorsOnly, homeFor, readsKpis, signedIn, staffOnly } from './core/auth/role-routes';
import { Session } from './core/auth/session';

/** UI paths never collide with API paths (/tickets…): a reload of a UI path must reach the app, not the API. */
export const routes: Routes = [
  {
    path: 'login',
    title: 'Sign in · Flowdesk',
    loadComponent: () => import('./features/login/login-page').then((m) => m.LoginPage),
  },
  // The closing mail's survey link: its signed token is the whole authority, so no sign-in.
  {
    path: 'portal/survey/:token',
    title: 'Survey · Flowdesk',
    loadComponent: () => import('./features/surveys/survey-page').then((m) => m.SurveyPage),
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
        path: 'desk/dispatch',
        title: 'Dispatch board · Flowdesk',
        canActivate: [staffOnly],
        loadComponent: () => import('./features/dispatch/dispatch-board-page').then((m) => m.DispatchBoardPage),
      },
      // The technician's phone app (issue 19): under /tech/ so its service worker's scope holds nothing else.
      { path: 'tech', pathMatch: 'full', redirectTo: 'tech/jobs' },
      {
        path: 'tech/jobs',
        title: 'My jobs · Flowdesk',
        canActivate: [staffOnly],
        loadComponent: () => import('./features/technician/tech-jobs-page').then((m) => m.TechJobsPage),
      },
      {
        path: 'tech/jobs/:number',
        title: 'Job · Flowdesk',
        canActivate: [staffOnly],
        loadComponent: () => import('./features/technician/tech-job-page').then((m) => m.TechJobPage),
      },
      {
        path: 'desk/approvals',
        title: 'My approvals · Flowdesk',
        canActivate: [staffOnly],
        loadComponent: () => import('./features/desk/approvals/approvals-page').then((m) => m.ApprovalsPage),
      },
      {
        path: 'desk/chats',
        title: 'Chats · Flowdesk',
        canActivate: [staffOnly],
        loadComponent: () => import('./features/desk/chats/desk-chats-page').then((m) => m.DeskChatsPage),
      },
      {
        path: 'desk/changes/calendar',
        title: 'Change calendar · Flowdesk',
        canActivate: [staffOnly],
        loadComponent: () => import('./features/desk/changes/change-calendar-page').then((m) => m.ChangeCalendarPage),
      },
      {
        path: 'profile',
        title: 'Your profile · Flowdesk',
        loadComponent: () => import('./features/profile/profile-page').then((m) => m.ProfilePage),
      },
      {
        path: 'admin/users',
        title: 'Users · Flowdesk',
        canActivate: [adminOnly],
        loadComponent: () => import('./features/admin/users-page').then((m) => m.UsersPage),
      },
      {
        path: 'desk/tickets/:number',
        title: 'Ticket · Flowdesk',
        canActivate: [staffOnly],
        loadComponent: () => import('./features/desk/ticket/desk-ticket-page').then((m) => m.DeskTicketPage),
      },
      {
        path: 'desk/cis',
        title: 'Configuration items · Flowdesk',
        canActivate: [staffOnly],
        loadComponent: () => import('./features/desk/cis/desk-cis-page').then((m) => m.DeskCisPage),
      },
      {
        path: 'desk/cis/:id',
        title: 'Configuration item · Flowdesk',
        canActivate: [staffOnly],
        loadComponent: () => import('./features/desk/cis/desk-ci-page').then((m) => m.DeskCiPage),
      },
      {
        path: 'desk/knowledge',
        title: 'Knowledge editor · Flowdesk',
        canActivate: [staffOnly],
        loadComponent: () => import('./features/knowledge/editor/knowledge-editor-page').then((m) => m.KnowledgeEditorPage),
      },
      {
        path: 'dashboards',
        title: 'KPIs · Flowdesk',
        canActivate: [readsKpis],
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
        path: 'portal/chat',
        title: 'Chat · Flowdesk',
        loadComponent: () => import('./features/portal/portal-chat-page').then((m) => m.PortalChatPage),
      },
      {
        path: 'portal/knowledge',
        title: 'Knowledge base · Flowdesk',
        loadComponent: () => import('./features/knowledge/knowledge-search-page').then((m) => m.KnowledgeSearchPage),
      },
      {
        path: 'portal/knowledge/:id',
        title: 'Article · Flowdesk',
        loadComponent: () => import('./features/knowledge/article-page').then((m) => m.ArticlePage),
      },
      {
        path: 'portal/approvals',
        title: 'Approvals · Flowdesk',
        loadComponent: () => import('./features/portal/portal-approvals-page').then((m) => m.PortalApprovalsPage),
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
        path: 'admin/services',
        title: 'Services · Flowdesk',
        canActivate: [curatorsOnly],
        loadComponent: () => import('./features/admin/services/services-admin-page').then((m) => m.ServicesAdminPage),
      },
      {
        path: 'admin/catalog',
        title: 'Catalog curation · Flowdesk',
        canActivate: [curatorsOnly],
        loadComponent: () => import('./features/admin/catalog/catalog-admin-page').then((m) => m.CatalogAdminPage),
      },
      {
        path: 'admin/catalog/items/:id',
        title: 'Catalog item · Flowdesk',
        canActivate: [curatorsOnly],
        loadComponent: () => import('./features/admin/catalog/item-editor-page').then((m) => m.ItemEditorPage),
      },
      {
        path: 'admin/webhooks',
        title: 'Webhooks · Flowdesk',
        canActivate: [adminOnly],
        loadComponent: () => import('./features/admin/webhooks-page').then((m) => m.WebhooksPage),
      },
      {
        path: 'admin/channels',
        title: 'Channels · Flowdesk',
        canActivate: [adminOnly],
        loadComponent: () => import('./features/admin/channels/channels-page').then((m) => m.ChannelsPage),
      },
      {
        path: 'admin/messaging',
        title: 'Messaging bridges · Flowdesk',
        canActivate: [adminOnly],
        loadComponent: () => import('./features/admin/channels/messaging-page').then((m) => m.MessagingPage),
      },
      // admin2: directory and security screens (issue 23)
      {
        path: 'admin/groups',
        title: 'Groups · Flowdesk',
        canActivate: [adminOnly],
        loadComponent: () => import('./features/admin/directory/groups-page').then((m) => m.GroupsPage),
      },
      {
        path: 'admin/organizations',
        title: 'Customers · Flowdesk',
        canActivate: [adminOnly],
        loadComponent: () => import('./features/admin/directory/organizations-page').then((m) => m.OrganizationsPage),
      },
      // Any signed-in user may hold API tokens (they act as their owner), so no admin guard here.
      {
        path: 'admin/api-tokens',
        title: 'API tokens · Flowdesk',
        loadComponent: () => import('./features/admin/directory/api-tokens-page').then((m) => m.ApiTokensPage),
      },
      {
        path: 'admin/audit-log',
        title: 'Audit log · Flowdesk',
        canActivate: [adminOnly],
        loadComponent: () => import('./features/admin/directory/audit-log-page').then((m) => m.AuditLogPage),
      },
      // Desk configuration (issue 23, admin1): texts, clocks and routing, kept by process owners and admins.
      {
        path: 'admin/canned-responses',
        title: 'Canned responses · Flowdesk',
        canActivate: [curatorsOnly],
        loadComponent: () => import('./features/admin/desk-config/canned-responses-page').then((m) => m.CannedResponsesPage),
      },
      {
        path: 'admin/mail-templates',
        title: 'Mail templates · Flowdesk',
        canActivate: [curatorsOnly],
        loadComponent: () => import('./features/admin/desk-config/mail-templates-page').then((m) => m.MailTemplatesPage),
      },
      {
        path: 'admin/sla',
        title: 'Business hours and SLAs · Flowdesk',
        canActivate: [curatorsOnly],
        loadComponent: () => import('./features/admin/desk-config/sla-page').then((m) => m.SlaPage),
      },
      {
        path: 'admin/routing',
        title: 'Routing · Flowdesk',
        canActivate: [curatorsOnly],
        loadComponent: () => import('./features/admin/desk-config/routing-page').then((m) => m.RoutingPage),
      },
      {
        path: 'admin/field-service',
        title: 'Parts and work types · Flowdesk',
        canActivate: [curatorsOnly],
        loadComponent: () => import('./features/admin/field-service/field-service-admin-page').then((m) => m.FieldServiceAdminPage),
      },
      {
        path: 'admin/technicians',
        title: 'Technicians · Flowdesk',
        canActivate: [adminOnly],
        loadComponent: () => import('./features/admin/field-service/technicians-page').then((m) => m.TechniciansPage),
      },
      {
        path: 'processes',
        title: 'Processes · Flowdesk',
        canActivate: [staffOnly],
        loadComponent: () => import('./features/processes/processes-page').then((m) => m.ProcessesPage),
      },
      // The same workbench with the studio's form editor open: a link to where forms are made.
      {
        path: 'processes/forms',
        title: 'Forms · Flowdesk',
        canActivate: [staffOnly],
        data: { forms: true },
        loadComponent: () => import('./features/processes/processes-page').then((m) => m.ProcessesPage),
      },
      {
        path: 'processes/decisions',
        title: 'Decisions · Flowdesk',
        canActivate: [staffOnly],
        loadComponent: () => import('./features/decision-studio/decision-studio-page').then((m) => m.DecisionStudioPage),
      },
    ],
  },
  { path: '**', redirectTo: '' },
];
