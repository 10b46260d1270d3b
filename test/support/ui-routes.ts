/**
 * Every route of the Angular app (ui/src/app/app.routes.ts), with the persona who sees it and how to reach a
 * real instance of it. test/lint/ui-routes.spec.ts fails when a route of app.routes.ts is missing here, so a
 * new screen cannot skip the accessibility and phone checks of test/e2e/accessibility.test.ts.
 */

/** Records the accessibility journey creates first, so parameterised routes open a real ticket, article, item. */
export interface UiFixtures {
  ticketNumber: string;
  ciId: string;
  articleId: string;
  catalogItemId: string;
}

export interface UiRoute {
  /** The `path` exactly as app.routes.ts writes it. */
  path: string;
  /** A demo user (scripts/lib/demo-identities.ts) who may see the page; null: the page is for anyone, signed out. */
  persona: string | null;
  /** Where to go, with the route's parameters filled in. */
  url: (f: UiFixtures) => string;
  /** Why the page is looked at in a state other than its everyday one. */
  note?: string;
  /** With FLOWDESK_SCREENSHOTS=1, the check saves docs/<name>-desktop.png and docs/<name>-phone.png. */
  screenshot?: string;
  /**
   * Why this page is not yet held to the phone's width (its accessibility is still checked there). Each is
   * open work of issue 23, named so the list shrinks.
   */
  phoneWidthExempt?: string;
}

export const UI_ROUTES: readonly UiRoute[] = [
  { path: 'login', persona: null, url: () => '/login' },
  {
    path: 'portal/survey/:token',
    persona: null,
    url: () => '/portal/survey/not-a-signed-token',
    note: 'the refusal a tampered link gets: a valid token needs a closed ticket and its mail',
  },
  { path: 'desk', persona: 'tomas', url: () => '/desk' },
  { path: 'desk/dispatch', persona: 'tomas', url: () => '/desk/dispatch' },
  { path: 'tech/jobs', persona: 'ieva', url: () => '/tech/jobs' },
  {
    path: 'tech/jobs/:number',
    persona: 'ieva',
    url: () => '/tech/jobs/WO-000000',
    note: 'the not-found view: a work order needs a field-service process (test/e2e/field-service.test.ts)',
  },
  { path: 'desk/approvals', persona: 'tomas', url: () => '/desk/approvals' },
  { path: 'desk/chats', persona: 'tomas', url: () => '/desk/chats' },
  { path: 'desk/changes/calendar', persona: 'tomas', url: () => '/desk/changes/calendar' },
  { path: 'profile', persona: 'tomas', url: () => '/profile' },
  { path: 'admin/users', persona: 'admin', url: () => '/admin/users' },
  { path: 'desk/tickets/:number', persona: 'tomas', url: (f) => `/desk/tickets/${f.ticketNumber}` },
  { path: 'desk/cis', persona: 'tomas', url: () => '/desk/cis' },
  { path: 'desk/cis/:id', persona: 'tomas', url: (f) => `/desk/cis/${f.ciId}` },
  { path: 'desk/knowledge', persona: 'tomas', url: () => '/desk/knowledge' },
  { path: 'dashboards', persona: 'tomas', url: () => '/dashboards' },
  { path: 'dashboards/live', persona: 'tomas', url: () => '/dashboards/live' },
  { path: 'portal', persona: 'rita', url: () => '/portal' },
  { path: 'portal/new', persona: 'rita', url: () => '/portal/new' },
  { path: 'portal/chat', persona: 'rita', url: () => '/portal/chat' },
  { path: 'portal/knowledge', persona: 'rita', url: () => '/portal/knowledge' },
  { path: 'portal/knowledge/:id', persona: 'rita', url: (f) => `/portal/knowledge/${f.articleId}` },
  { path: 'portal/approvals', persona: 'rita', url: () => '/portal/approvals' },
  { path: 'portal/catalog', persona: 'rita', url: () => '/portal/catalog' },
  { path: 'portal/catalog/:id', persona: 'rita', url: (f) => `/portal/catalog/${f.catalogItemId}` },
  { path: 'portal/tickets/:number', persona: 'rita', url: (f) => `/portal/tickets/${f.ticketNumber}` },
  { path: 'admin/services', persona: 'marta', url: () => '/admin/services', screenshot: 'admin-services' },
  { path: 'admin/catalog', persona: 'marta', url: () => '/admin/catalog' },
  { path: 'admin/catalog/items/:id', persona: 'marta', url: (f) => `/admin/catalog/items/${f.catalogItemId}` },
  { path: 'admin/webhooks', persona: 'admin', url: () => '/admin/webhooks', screenshot: 'admin-webhooks-list' },
  { path: 'admin/groups', persona: 'admin', url: () => '/admin/groups' },
  { path: 'admin/channels', persona: 'admin', url: () => '/admin/channels' },
  { path: 'admin/messaging', persona: 'admin', url: () => '/admin/messaging' },
  { path: 'admin/organizations', persona: 'admin', url: () => '/admin/organizations' },
  { path: 'admin/api-tokens', persona: 'admin', url: () => '/admin/api-tokens' },
  { path: 'admin/audit-log', persona: 'admin', url: () => '/admin/audit-log' },
  { path: 'admin/canned-responses', persona: 'marta', url: () => '/admin/canned-responses' },
  { path: 'admin/mail-templates', persona: 'marta', url: () => '/admin/mail-templates' },
  { path: 'admin/sla', persona: 'marta', url: () => '/admin/sla' },
  { path: 'admin/routing', persona: 'marta', url: () => '/admin/routing' },
  { path: 'admin/field-service', persona: 'marta', url: () => '/admin/field-service' },
  { path: 'admin/technicians', persona: 'admin', url: () => '/admin/technicians' },
  {
    path: 'processes',
    persona: 'marta',
    url: () => '/processes',
  },
  { path: 'processes/decisions', persona: 'marta', url: () => '/processes/decisions' },
  {
    path: 'processes/forms',
    persona: 'marta',
    url: () => '/processes/forms',
    note: 'the form editor open with no form yet: the same form-js designer is checked with a form on admin/catalog/items/:id',
  },
];

/** Routes that only redirect: they show no page of their own. */
export const REDIRECT_ROUTES: readonly string[] = ['', 'tech', '**'];
