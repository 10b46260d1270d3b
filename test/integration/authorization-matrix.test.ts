// Over 300 lines because the matrix is a table: one row per route and role.
import { readFileSync } from 'node:fs';
import { CatalogOrdering } from '../../service-catalog/catalog/domain/catalog-ordering';
import { CatalogService } from '../../service-catalog/catalog/domain/catalog-service';
import { ServiceService } from '../../service-catalog/services/domain/service-service';
import { SlaService } from '../../service-catalog/sla/domain/sla-service';
import { TicketService } from '../../service-catalog/tickets/domain/ticket-service';
import { Ticket } from '../../service-catalog/tickets/domain/ticket.entity';
import { DecisionDefinition } from '../../service-catalog/decisions/domain/decision-definition.entity';
import { repoFile } from '../support/repo-root';
import { randomUUID } from 'node:crypto';
import type { ServerInjectOptions, ServerInjectResponse } from '@hapi/hapi';
import { systemActor } from '../../service-catalog/audit/audit-log';
import { ApiTokenService } from '../../service-catalog/identity/domain/api-token-service';
import { CustomerService } from '../../service-catalog/identity/domain/customer-service';
import { GroupService } from '../../service-catalog/identity/domain/group-service';
import { ROLES, type Role } from '../../service-catalog/identity/domain/roles';
import { UserService } from '../../service-catalog/identity/domain/user-service';
import { ProcessDefinitionService } from '../../service-catalog/processes/domain/process-definition-service';
import { ProcessInstanceService } from '../../service-catalog/processes/domain/process-instance-service';
import { readFormResource, storeForms } from '../../service-catalog/processes/domain/form-definition-service';
import { RoutingRuleService } from '../../service-catalog/routing/domain/routing-rule-service';
import { eventually } from '../support/eventually';
import { incidentProcess } from '../support/fixtures';
import { TestSystem } from '../support/test-system';
import { Approval } from '../../service-catalog/approvals/domain/approval.entity';
import { BlackoutWindow } from '../../service-catalog/changes/domain/blackout-window.entity';
import { AttachmentService } from '../../service-catalog/attachments/domain/attachment-service';
import { CannedResponseService } from '../../service-catalog/canned-responses/domain/canned-response-service';
import type { Principal } from '../../service-catalog/identity/domain/principal';
import { multipart, PDF_BYTES, PNG_BYTES } from '../support/multipart';
import { CiService } from '../../service-catalog/cmdb/domain/ci-service';
import { RelationService } from '../../service-catalog/cmdb/domain/relation-service';
import { TicketCiLinks } from '../../service-catalog/cmdb/domain/ticket-ci-links';
import { SiteLocationService } from '../../service-catalog/field-service/domain/site-location-service';
import { TechnicianService } from '../../service-catalog/field-service/domain/technician-service';
import { WorkOrderService } from '../../service-catalog/field-service/domain/work-order-service';
import { ArticleService } from '../../service-catalog/knowledge/domain/article-service';
import { ArticleLinks } from '../../service-catalog/knowledge/domain/article-links';
import { WebhookService } from '../../service-catalog/webhooks/domain/webhook-service';
import { Chat, ChatSite, PhoneLine } from '../../service-catalog/chat/domain/chat.entities';
import { MessagingConnection } from '../../service-catalog/chat/domain/messaging.entities';
import { MigrationBatch } from '../../service-catalog/processes/domain/migration-batch.entities';
import { WebhookDelivery, WebhookEvent } from '../../service-catalog/webhooks/domain/webhook.entities';

/**
 * Every route × every role × a target in the caller's own organisation or another one, with the
 * status each must get. Adding a route without an entry here fails the first test.
 * `[own, other]` per role; `verify` checks the body leaks nothing of the other organisation.
 */
type Target = 'own' | 'other';
/**
 * A customer manager is a requester who also reads their organisation's KPIs: where a route does not
 * name the role, it gets what the requester gets (the matrix's customer manager holds both roles).
 */
type Expected = Record<Exclude<Role, 'customer-manager'>, [own: number, other: number]> & {
  'customer-manager'?: [own: number, other: number];
};
const expectedOf = (e: Expected, role: Role) => (role === 'customer-manager' ? (e[role] ?? e.requester) : e[role]);
interface RouteCase {
  request(ctx: Fixtures, role: Role, target: Target): Promise<ServerInjectOptions> | ServerInjectOptions;
  expect: Expected;
  verify?(res: ServerInjectResponse, ctx: Fixtures, role: Role, target: Target): void;
}

const all = (own: number, other = own): Expected => ({
  requester: [own, other],
  agent: [own, other],
  'process-owner': [own, other],
  technician: [own, other],
  admin: [own, other],
});
const adminOnly = (ok: number): Expected => ({ ...all(403), admin: [ok, ok] });
/** Tenant-scoped reads by id: every role sees its own organisation's row, only admins another's. */
const tenantRead: Expected = { ...all(200, 404), admin: [200, 200] };
const PUBLIC = 'public' as const;
/** A KPI range around today, where the matrix's own tickets were created. */
const kpiRange = () => `from=${new Date(Date.now() - 86_400_000).toISOString()}&to=${new Date(Date.now() + 86_400_000).toISOString()}`;
/** Deciding an approval: its approver, in the approval's organisation (a requester too: a line manager). */
const APPROVER_DECIDES: Expected = {
  requester: [409, 404],
  agent: [409, 404],
  'process-owner': [409, 404],
  technician: [409, 404],
  admin: [409, 409],
};

const priorityMatrixXml = readFileSync(repoFile('workflows', 'decisions', 'priority-matrix.dmn'), 'utf8');
let decisionSeq = 0;
const uniqueDecision = () => priorityMatrixXml.replace(/priority-matrix/g, `matrix-${process.pid}-${++decisionSeq}`);

interface Fixtures {
  orgA: string;
  orgB: string;
  users: Record<Role, { id: string; username: string }>;
  userB: { id: string; username: string };
  userBToken: string;
  siteA: string;
  siteB: string;
  contract(org: Target): string;
  /** An SLA policy for each organisation (naming the matrix's own service, so it matches no other case's ticket). */
  slaPolicy(org: Target): string;
  definitionId: string;
  /** A decision deployed for the matrix (its DMN XML is readable), its version's id and its file's. */
  decisionId: string;
  decisionKey: string;
  decisionRequirementsKey: string;
  /** A Camunda form deployed for the matrix (its form-js schema is readable). */
  formId: string;
  processId: string;
  groupKey: string;
  instanceA: { id: string; businessKey: string };
  instanceB: { id: string; businessKey: string };
  ticketA: string;
  ticketB: string;
  /** Problems of A and B (they run no process here), each with a known error. */
  problemA: string;
  problemB: string;
  calendarId: string;
  /** A service only the matrix's own SLA policy names, so /sla/deadlines always finds one. */
  slaService: string;
  /** The ticket's current version, for PATCH cases (each case changes it). */
  ticketVersion(number: string): Promise<number>;
  /** A new requester in the organisation, for cases that end a user's sessions. */
  freshUser(org: Target): Promise<string>;
  /** A new ticket in the organisation, for cases that link to one. */
  freshTicket(org: Target): Promise<string>;
  openTask(org: Target): Promise<string>;
  /** A running instance of its own, for cases that end it. */
  freshInstance(org: Target): Promise<string>;
  /** A definition of a process of its own, for cases that archive it. */
  freshDefinition(): Promise<string>;
  ownToken(role: Role): Promise<string>;
  /** A routing rule of the matrix's own (its category matches no other test's tickets). */
  ruleId: string;
  freshRule(): Promise<string>;
  /** The default routing group as it is: the allowed cases set it to itself, so other test files never notice. */
  defaultGroup(): Promise<string>;
  attachmentA: string;
  attachmentB: string;
  /** A fresh canned response written by this role's user (own) or by another agent (other). */
  cannedResponse(role: Role, target: Target): Promise<string>;
  /** A pending approval for this role's user on the organisation's instance (its task is not open: deciding it is a 409). */
  approval(role: Role, target: Target): Promise<string>;
  /** A blackout window of the organisation. */
  blackout(target: Target): Promise<string>;
  /** A webhook subscription to the organisation's events. */
  webhook(target: Target): Promise<string>;
  /** An ended chat of the organisation (on a ticket of its own), taken by nobody. */
  chat(target: Target): Promise<string>;
  /** A dead delivery of such a subscription. */
  deadDelivery(target: Target): Promise<string>;
  /** A messaging bridge of the organisation (no outbound webhook). */
  messagingConnection(target: Target): Promise<string>;
  /** A telephony line of the organisation. */
  phoneLine(target: Target): Promise<string>;
  /** A chat site (widget key) of the organisation. */
  chatSite(target: Target): Promise<string>;
  /** A finished batch migration (the desk's own record: no organisation). */
  migrationBatch(): Promise<string>;
  /** The matrix's tag: names of its services and catalog items carry it. */
  tag: string;
  /** Services of organisation A and B (customer-owned, so staff serving only A do not see B's). */
  service(org: Target): string;
  freshService(org: Target): Promise<string>;
  categoryId: string;
  freshCategory(): Promise<string>;
  /** Catalog items of organisation A and B, with a one-field form. */
  item(org: Target): string;
  freshItem(org: Target): Promise<string>;
  /** Request tickets ordered from the catalog in A and B. */
  order(org: Target): string;
  /** A configuration item of each organisation, and fresh ones (with a relation, a ticket link) for cases that remove them. */
  ciA: string;
  ciB: string;
  freshCi(org: Target): Promise<string>;
  freshRelation(org: Target): Promise<string>;
  freshCiLink(org: Target): Promise<[number: string, ciId: string]>;
  /** A technician profile (of a technician who serves A), a fresh technician user without one, and work orders of A and B. */
  technicianId: string;
  freshTechnicianUser(): Promise<string>;
  /** A new technician profile (version 1), so every role's change starts from the same version. */
  freshTechnician(): Promise<string>;
  /** A new absence of the fixture technician: [technician id, absence id]. */
  freshAbsence(): Promise<[technicianId: string, absenceId: string]>;
  workOrder(org: Target): string;
  /** A knowledge article offered to the organisation only: published, a draft (version 1), or in review (by another agent). */
  article(org: Target, stage?: 'published' | 'draft' | 'in_review'): Promise<string>;
  /** A fresh article with a link to the organisation's incident: [article id, link id]. */
  articleLink(org: Target): Promise<[articleId: string, linkId: string]>;
}

const org = (ctx: Fixtures, t: Target) => (t === 'own' ? ctx.orgA : ctx.orgB);
const ciOf = (ctx: Fixtures, t: Target) => (t === 'own' ? ctx.ciA : ctx.ciB);
/** CMDB writes: the desk's staff in the organisations they serve, admins anywhere; requesters never. */
const cmdbWrite = (ok: number): Expected => ({ ...all(ok, 404), requester: [403, 403], admin: [ok, ok] });
const items = (res: ServerInjectResponse) => (res.result as { items: Array<{ organizationId?: string | null }> }).items;
/** Non-admins asking for the other organisation's rows get an empty page, not an error and not the rows. */
const noOtherRows = (res: ServerInjectResponse, ctx: Fixtures, role: Role) => {
  const leaked = items(res).filter((row) => row.organizationId === ctx.orgB);
  if (role === 'admin') expect(leaked.length).toBeGreaterThan(0);
  else expect(leaked).toEqual([]);
};

/** A process owner naming a customer they do not serve is refused for that field, not for their role. */
const namesOrganizationField = (res: ServerInjectResponse, _c: Fixtures, role: Role, t: Target) => {
  if (role === 'process-owner' && t === 'other') {
    const body = JSON.parse(res.payload) as { code: string; message: string };
    expect(body.code).toBe('ORGANIZATION_NOT_SERVED');
    expect(body.message).toContain('payload.organizationId');
  }
};

const matrix: Record<string, RouteCase | typeof PUBLIC> = {
  'GET /health': PUBLIC,
  'GET /ready': PUBLIC,
  // Guarded by METRICS_TOKEN, not by a role: test/integration/metrics.test.ts.
  'GET /metrics': PUBLIC,
  'GET /openapi.json': PUBLIC,
  'GET /documentation': PUBLIC,
  'GET /swaggerui/*': PUBLIC,
  'GET /{path*}': PUBLIC,
  'POST /auth/login': PUBLIC,
  'POST /auth/refresh': PUBLIC,
  'POST /auth/logout': PUBLIC,

  'GET /me': { request: () => ({ method: 'GET', url: '/me' }), expect: all(200) },
  'PATCH /me': { request: (_c, role) => ({ method: 'PATCH', url: '/me', payload: { displayName: `Matrix ${role}` } }), expect: all(200) },
  'GET /users': { request: (c, _r, t) => ({ method: 'GET', url: `/users?organizationId=${org(c, t)}` }), expect: adminOnly(200) },
  'POST /users': {
    request: (c, _r, t) => ({
      method: 'POST',
      url: '/users',
      payload: { username: `m-${randomUUID().slice(0, 8)}`, displayName: 'New', roles: ['requester'], organizationId: org(c, t) },
    }),
    expect: adminOnly(201),
  },
  'GET /users/{id}': {
    request: (c, _r, t) => ({ method: 'GET', url: `/users/${t === 'own' ? c.users.requester.id : c.userB.id}` }),
    expect: adminOnly(200),
  },
  'PATCH /users/{id}': {
    request: (c, _r, t) => ({
      method: 'PATCH',
      url: `/users/${t === 'own' ? c.users.requester.id : c.userB.id}`,
      payload: { active: true },
    }),
    expect: adminOnly(200),
  },
  // A user of its own per case: signing out the matrix's users would fail the cases after it.
  'DELETE /users/{id}/sessions': {
    request: async (c, _r, t) => ({ method: 'DELETE', url: `/users/${await c.freshUser(t)}/sessions` }),
    expect: adminOnly(204),
  },
  'GET /groups': { request: () => ({ method: 'GET', url: '/groups' }), expect: adminOnly(200) },
  'POST /groups': {
    request: () => ({ method: 'POST', url: '/groups', payload: { key: `m-${randomUUID().slice(0, 8)}`, name: 'Matrix' } }),
    expect: adminOnly(201),
  },
  'GET /organizations': { request: () => ({ method: 'GET', url: '/organizations' }), expect: adminOnly(200) },
  'POST /organizations': {
    request: () => ({ method: 'POST', url: '/organizations', payload: { name: `Matrix ${randomUUID()}` } }),
    expect: adminOnly(201),
  },
  'GET /organizations/{id}': { request: (c, _r, t) => ({ method: 'GET', url: `/organizations/${org(c, t)}` }), expect: adminOnly(200) },
  'PATCH /organizations/{id}': {
    request: (c, _r, t) => ({ method: 'PATCH', url: `/organizations/${org(c, t)}`, payload: { name: `Matrix ${t} ${c.orgA}` } }),
    expect: adminOnly(200),
  },
  'GET /sites': {
    request: (c, _r, t) => ({ method: 'GET', url: `/sites?organizationId=${org(c, t)}&limit=100` }),
    expect: all(200),
    verify: (res, c, role, t) => t === 'other' && noOtherRows(res, c, role),
  },
  'GET /sites/{id}': { request: (c, _r, t) => ({ method: 'GET', url: `/sites/${t === 'own' ? c.siteA : c.siteB}` }), expect: tenantRead },
  'POST /sites': {
    request: (c, _r, t) => ({ method: 'POST', url: '/sites', payload: { organizationId: org(c, t), name: 'Matrix site' } }),
    expect: adminOnly(201),
  },
  'PATCH /sites/{id}': {
    request: (c, _r, t) => ({ method: 'PATCH', url: `/sites/${t === 'own' ? c.siteA : c.siteB}`, payload: { address: 'Matrix street 1' } }),
    expect: adminOnly(200),
  },
  'GET /contracts': {
    request: (c, _r, t) => ({ method: 'GET', url: `/contracts?organizationId=${org(c, t)}&limit=100` }),
    expect: all(200),
    verify: (res, c, role, t) => t === 'other' && noOtherRows(res, c, role),
  },
  'POST /contracts': {
    request: (c, _r, t) => ({
      method: 'POST',
      url: '/contracts',
      payload: { organizationId: org(c, t), name: 'Matrix contract', validFrom: '2026-01-01' },
    }),
    expect: adminOnly(201),
  },
  'PATCH /contracts/{id}': {
    request: (c, _r, t) => ({ method: 'PATCH', url: `/contracts/${c.contract(t)}`, payload: { validTo: '2030-12-31' } }),
    expect: adminOnly(200),
  },
  'GET /api-tokens': { request: () => ({ method: 'GET', url: '/api-tokens' }), expect: all(200) },
  'POST /api-tokens': { request: () => ({ method: 'POST', url: '/api-tokens', payload: { name: 'matrix' } }), expect: all(201) },
  // API tokens belong to a user, not an organisation: even an admin cannot revoke someone else's.
  'DELETE /api-tokens/{id}': {
    request: async (c, role, t) => ({ method: 'DELETE', url: `/api-tokens/${t === 'own' ? await c.ownToken(role) : c.userBToken}` }),
    expect: all(204, 404),
  },
  'GET /audit-log': { request: () => ({ method: 'GET', url: '/audit-log?limit=5' }), expect: adminOnly(200) },
  'PATCH /groups/{key}': {
    request: (c) => ({ method: 'PATCH', url: `/groups/${c.groupKey}`, payload: { routingStrategy: 'manual' } }),
    expect: adminOnly(200),
  },
  // Availability is for people who take tickets from a queue.
  'PUT /me/availability': {
    request: () => ({ method: 'PUT', url: '/me/availability', payload: { available: true } }),
    expect: { ...all(200), requester: [403, 403] },
  },

  // Routing is maintained by process owners and admins; the desk may read it.
  'GET /routing-rules': { request: () => ({ method: 'GET', url: '/routing-rules' }), expect: { ...all(200), requester: [403, 403] } },
  'GET /routing-rules/{id}': {
    request: (c) => ({ method: 'GET', url: `/routing-rules/${c.ruleId}` }),
    expect: { ...all(200), requester: [403, 403] },
  },
  // A rule for one customer: a process owner may name only an organisation they serve (the 403 names the field).
  'POST /routing-rules': {
    request: (c, _r, t) => ({
      method: 'POST',
      url: '/routing-rules',
      payload: {
        name: `Matrix rule ${randomUUID()}`,
        category: `matrix-${randomUUID()}`,
        organizationId: org(c, t),
        assignmentGroup: c.groupKey,
      },
    }),
    expect: { ...all(403), 'process-owner': [201, 403], admin: [201, 201] },
    verify: namesOrganizationField,
  },
  'PATCH /routing-rules/{id}': {
    request: (c) => ({ method: 'PATCH', url: `/routing-rules/${c.ruleId}`, payload: { service: 'VPN' } }),
    expect: { ...all(403), 'process-owner': [200, 200], admin: [200, 200] },
  },
  'DELETE /routing-rules/{id}': {
    request: async (c) => ({ method: 'DELETE', url: `/routing-rules/${await c.freshRule()}` }),
    expect: { ...all(403), 'process-owner': [204, 204], admin: [204, 204] },
  },
  'PUT /routing-rules/order': {
    request: async (c) => ({ method: 'PUT', url: '/routing-rules/order', payload: { ids: [await c.freshRule(), c.ruleId] } }),
    expect: { ...all(403), 'process-owner': [200, 200], admin: [200, 200] },
  },
  'PUT /routing-rules/default': {
    request: async (c) => ({ method: 'PUT', url: '/routing-rules/default', payload: { assignmentGroup: await c.defaultGroup() } }),
    expect: { ...all(403), 'process-owner': [200, 200], admin: [200, 200] },
  },
  // Testing a ticket against the rules reads the ticket: another organisation's is a 404 like any read.
  'POST /routing-rules/test': {
    request: (c, _r, t) => ({ method: 'POST', url: '/routing-rules/test', payload: { ticketNumber: t === 'own' ? c.ticketA : c.ticketB } }),
    expect: { ...all(200, 404), requester: [403, 403], admin: [200, 200] },
  },

  'POST /process-definitions': {
    request: (c) => ({
      method: 'POST',
      url: '/process-definitions',
      payload: { xml: incidentProcess('matrix').xml.replace(/service-desk/g, c.groupKey) },
    }),
    expect: { ...all(403), 'process-owner': [201, 201], admin: [201, 201] },
  },
  'GET /process-definitions': { request: () => ({ method: 'GET', url: '/process-definitions' }), expect: all(200) },
  // A fresh decision id per case, so every allowed deploy creates a version (201).
  'POST /decision-definitions': {
    request: () => ({ method: 'POST', url: '/decision-definitions', payload: { xml: uniqueDecision() } }),
    expect: { ...all(403), 'process-owner': [201, 201], admin: [201, 201] },
  },
  'GET /decision-definitions': { request: () => ({ method: 'GET', url: '/decision-definitions' }), expect: all(200) },
  // Evaluating a decision outside any process is for staff; past that check, a name nothing is deployed under is 404.
  'POST /v2/decision-definitions/evaluation': {
    request: () => ({
      method: 'POST',
      url: '/v2/decision-definitions/evaluation',
      payload: { decisionDefinitionId: `matrix-none-${randomUUID()}` },
    }),
    expect: { ...all(404), requester: [403, 403] },
  },

  // Decisions are the desk's, like process definitions: every signed-in role reads them.
  'GET /decision-definitions/{decisionId}/xml': {
    request: (c) => ({ method: 'GET', url: `/decision-definitions/${c.decisionId}/xml` }),
    expect: all(200),
  },
  // Camunda's shapes of the same reads, and the DMN files they came from.
  'POST /v2/decision-definitions/search': {
    request: (c) => ({
      method: 'POST',
      url: '/v2/decision-definitions/search',
      payload: { filter: { decisionDefinitionId: c.decisionId } },
    }),
    expect: all(200),
  },
  'GET /v2/decision-definitions/{decisionDefinitionKey}': {
    request: (c) => ({ method: 'GET', url: `/v2/decision-definitions/${c.decisionKey}` }),
    expect: all(200),
  },
  'GET /v2/decision-definitions/{decisionDefinitionKey}/xml': {
    request: (c) => ({ method: 'GET', url: `/v2/decision-definitions/${c.decisionKey}/xml` }),
    expect: all(200),
  },
  'POST /v2/decision-requirements/search': {
    request: () => ({ method: 'POST', url: '/v2/decision-requirements/search', payload: { page: { from: 0, limit: 5 } } }),
    expect: all(200),
  },
  'GET /v2/decision-requirements/{decisionRequirementsKey}': {
    request: (c) => ({ method: 'GET', url: `/v2/decision-requirements/${c.decisionRequirementsKey}` }),
    expect: all(200),
  },
  'GET /v2/decision-requirements/{decisionRequirementsKey}/xml': {
    request: (c) => ({ method: 'GET', url: `/v2/decision-requirements/${c.decisionRequirementsKey}/xml` }),
    expect: all(200),
  },
  'GET /process-definitions/{id}': { request: (c) => ({ method: 'GET', url: `/process-definitions/${c.definitionId}` }), expect: all(200) },
  // Camunda's shapes of the same reads: deployed processes are the desk's, readable by anyone signed in.
  'GET /v2/process-definitions/{processDefinitionKey}': {
    request: (c) => ({ method: 'GET', url: `/v2/process-definitions/${c.definitionId}` }),
    expect: all(200),
  },
  'GET /v2/process-definitions/{processDefinitionKey}/xml': {
    request: (c) => ({ method: 'GET', url: `/v2/process-definitions/${c.definitionId}/xml` }),
    expect: all(200),
  },
  'GET /v2/process-definitions/{processDefinitionKey}/form': {
    request: (c) => ({ method: 'GET', url: `/v2/process-definitions/${c.definitionId}/form` }),
    expect: all(204),
  },
  'POST /v2/process-definitions/search': {
    request: () => ({ method: 'POST', url: '/v2/process-definitions/search', payload: { filter: { isLatestVersion: true } } }),
    expect: all(200),
  },
  // Deployed forms are the desk's, like process definitions: every signed-in role reads them.
  'GET /form-definitions': { request: () => ({ method: 'GET', url: '/form-definitions' }), expect: all(200) },
  'GET /form-definitions/{formId}': { request: (c) => ({ method: 'GET', url: `/form-definitions/${c.formId}` }), expect: all(200) },
  // Starting an arbitrary process (with any variables) is the desk's: requesters raise tickets, whose
  // process the system starts. Own: no organisation named (internal). Other: naming organisation B —
  // refused for staff who do not serve it, allowed for admins.
  'POST /process-instances': {
    request: (c, _r, t) => ({
      method: 'POST',
      url: '/process-instances',
      payload: { processId: c.processId, ...(t === 'other' ? { organizationId: c.orgB } : {}) },
    }),
    expect: { requester: [403, 403], agent: [201, 404], 'process-owner': [201, 404], technician: [201, 404], admin: [201, 201] },
    verify: (res, c, _role, t) => {
      if (res.statusCode !== 201) return;
      const owner = (res.result as { organizationId: string | null }).organizationId;
      expect(owner).toBe(t === 'other' ? c.orgB : null);
    },
  },
  // Camunda's shape of the same: the tenant is the organisation, `<default>` internal work.
  'POST /v2/process-instances': {
    request: (c, _r, t) => ({
      method: 'POST',
      url: '/v2/process-instances',
      payload: { processDefinitionId: c.processId, ...(t === 'other' ? { tenantId: c.orgB } : {}) },
    }),
    expect: { requester: [403, 403], agent: [200, 404], 'process-owner': [200, 404], technician: [200, 404], admin: [200, 200] },
    verify: (res, c, _role, t) => {
      if (res.statusCode !== 200) return;
      expect((res.result as { tenantId: string }).tenantId).toBe(t === 'other' ? c.orgB : '<default>');
    },
  },
  // Another organisation's instance is not found by the search: past the scope check, an empty page.
  'POST /v2/process-instances/search': {
    request: (c, _r, t) => ({
      method: 'POST',
      url: '/v2/process-instances/search',
      payload: { filter: { processInstanceKey: (t === 'own' ? c.instanceA : c.instanceB).id } },
    }),
    expect: { requester: [403, 403], agent: [200, 200], 'process-owner': [200, 200], technician: [200, 200], admin: [200, 200] },
    verify: (res, _c, role, t) => {
      if (res.statusCode !== 200) return;
      const items = (res.result as { items: unknown[] }).items;
      expect(items).toHaveLength(t === 'own' || role === 'admin' ? 1 : 0);
    },
  },
  'GET /process-instances': {
    request: (c, _r, t) => ({
      method: 'GET',
      url: `/process-instances?businessKey=${(t === 'own' ? c.instanceA : c.instanceB).businessKey}`,
    }),
    expect: all(200),
    verify: (res, c, role, t) => expect(items(res).length).toBe(t === 'own' || role === 'admin' ? 1 : 0),
  },
  'GET /process-instances/{id}': {
    request: (c, _r, t) => ({ method: 'GET', url: `/process-instances/${(t === 'own' ? c.instanceA : c.instanceB).id}` }),
    expect: tenantRead,
  },
  // Requesters cannot name an organisation (it is always theirs); staff only one they serve.
  'POST /tickets': {
    request: (c, _r, t) => ({
      method: 'POST',
      url: '/tickets',
      payload: { title: 'Matrix ticket', ...(t === 'other' ? { organizationId: c.orgB } : {}) },
    }),
    expect: { requester: [201, 201], agent: [201, 404], 'process-owner': [201, 404], technician: [201, 404], admin: [201, 201] },
    verify: (res, c, role, t) => {
      if (res.statusCode !== 201) return;
      const owner = (res.result as { organizationId: string | null }).organizationId;
      // A customer's users (the customer manager is a requester too) file in their own organisation.
      expect(owner).toBe(role === 'requester' || role === 'customer-manager' ? c.orgA : t === 'other' ? c.orgB : null);
    },
  },
  'GET /tickets': {
    request: (c, _r, t) => ({ method: 'GET', url: `/tickets?q=${t === 'own' ? 'alphaticket' : 'betaticket'}` }),
    expect: all(200),
    verify: (res, _c, role, t) => expect(items(res).length).toBe(t === 'own' || role === 'admin' ? 1 : 0),
  },
  'GET /tickets/{number}': {
    request: (c, _r, t) => ({ method: 'GET', url: `/tickets/${t === 'own' ? c.ticketA : c.ticketB}` }),
    expect: tenantRead,
  },
  'GET /tickets/{number}/waits': {
    request: (c, _r, t) => ({ method: 'GET', url: `/tickets/${t === 'own' ? c.ticketA : c.ticketB}/waits` }),
    expect: { ...tenantRead, requester: [403, 403] },
  },
  'PATCH /tickets/{number}': {
    request: async (c, _r, t) => {
      const number = t === 'own' ? c.ticketA : c.ticketB;
      return { method: 'PATCH', url: `/tickets/${number}`, payload: { version: await c.ticketVersion(number), category: 'network' } };
    },
    expect: { ...all(200, 404), requester: [403, 403], admin: [200, 200] },
  },
  // A public reply from the desk comes from who works on the ticket; the matrix ticket is not routed yet,
  // so any agent may (triage), while a process owner or technician outside its group adds a note instead.
  'POST /tickets/{number}/entries': {
    request: (c, _r, t) => ({
      method: 'POST',
      url: `/tickets/${t === 'own' ? c.ticketA : c.ticketB}/entries`,
      payload: { kind: 'reply', body: 'any news?' },
    }),
    expect: { ...all(201, 404), 'process-owner': [403, 404], technician: [403, 404], admin: [201, 201] },
  },
  'GET /tickets/{number}/entries': {
    request: (c, _r, t) => ({ method: 'GET', url: `/tickets/${t === 'own' ? c.ticketA : c.ticketB}/entries` }),
    expect: tenantRead,
  },
  // The matrix tickets run no process: whoever gets past scope, tenant and group checks learns that (409).
  'POST /tickets/{number}/actions/resolve': {
    request: (c, _r, t) => ({
      method: 'POST',
      url: `/tickets/${t === 'own' ? c.ticketA : c.ticketB}/actions/resolve`,
      payload: { resolutionCode: 'solved', resolutionNotes: 'matrix' },
    }),
    expect: { requester: [403, 403], agent: [409, 404], 'process-owner': [403, 404], technician: [403, 404], admin: [409, 409] },
  },
  'POST /tickets/{number}/actions/await-caller': {
    request: (c, _r, t) => ({ method: 'POST', url: `/tickets/${t === 'own' ? c.ticketA : c.ticketB}/actions/await-caller`, payload: {} }),
    expect: { requester: [403, 403], agent: [409, 404], 'process-owner': [403, 404], technician: [403, 404], admin: [409, 409] },
  },
  'POST /tickets/{number}/actions/categorise': {
    request: (c, _r, t) => ({
      method: 'POST',
      url: `/tickets/${t === 'own' ? c.ticketA : c.ticketB}/actions/categorise`,
      payload: { category: 'network', impact: 'low', urgency: 'low' },
    }),
    expect: { requester: [403, 403], agent: [409, 404], 'process-owner': [403, 404], technician: [403, 404], admin: [409, 409] },
  },
  'POST /tickets/{number}/actions/confirm-major': {
    request: (c, _r, t) => ({
      method: 'POST',
      url: `/tickets/${t === 'own' ? c.ticketA : c.ticketB}/actions/confirm-major`,
      payload: { decision: 'confirm' },
    }),
    expect: { requester: [403, 403], agent: [409, 404], 'process-owner': [403, 404], technician: [403, 404], admin: [409, 409] },
  },
  'POST /tickets/{number}/assignment': {
    request: async (c, _r, t) => {
      const number = t === 'own' ? c.ticketA : c.ticketB;
      return {
        method: 'POST',
        url: `/tickets/${number}/assignment`,
        payload: { version: await c.ticketVersion(number), assignmentGroup: c.groupKey },
      };
    },
    expect: { ...all(200, 404), requester: [403, 403], admin: [200, 200] },
  },
  // Assignment history and options are the desk's: staff who see the ticket; another organisation's is 404.
  'GET /tickets/{number}/assignments': {
    request: (c, _r, t) => ({ method: 'GET', url: `/tickets/${t === 'own' ? c.ticketA : c.ticketB}/assignments` }),
    expect: { ...all(200, 404), requester: [403, 403], admin: [200, 200] },
  },
  'GET /tickets/{number}/assignment-options': {
    request: (c, _r, t) => ({
      method: 'GET',
      url: `/tickets/${t === 'own' ? c.ticketA : c.ticketB}/assignment-options?group=${c.groupKey}`,
    }),
    expect: { ...all(200, 404), requester: [403, 403], admin: [200, 200] },
    // The matrix agent serves organisation A only: never offered for B's ticket.
    verify: (res, c, _role, t) => {
      if (res.statusCode !== 200) return;
      expect((res.result as { agents: Array<{ id: string }> }).agents.map((a) => a.id).includes(c.users.agent.id)).toBe(t === 'own');
    },
  },
  // The matrix requester is not the caller of the matrix tickets; the desk may answer for a caller.
  'POST /tickets/{number}/confirmation': {
    request: (c, _r, t) => ({
      method: 'POST',
      url: `/tickets/${t === 'own' ? c.ticketA : c.ticketB}/confirmation`,
      payload: { confirmed: true },
    }),
    expect: { requester: [403, 404], agent: [409, 404], 'process-owner': [403, 404], technician: [403, 404], admin: [409, 409] },
  },
  'POST /tickets/{number}/links': {
    request: async (c, _r, t) => ({
      method: 'POST',
      url: `/tickets/${t === 'own' ? c.ticketA : c.ticketB}/links`,
      payload: { number: await c.freshTicket(t), kind: 'related' },
    }),
    expect: { ...all(201, 404), requester: [403, 403], admin: [201, 201] },
  },
  'GET /tickets/{number}/links': {
    request: (c, _r, t) => ({ method: 'GET', url: `/tickets/${t === 'own' ? c.ticketA : c.ticketB}/links` }),
    expect: tenantRead,
  },
  // "It came back": whoever sees the ticket learns whether it can be reopened; only its caller (the
  // matrix requester is not) or the desk reopens it or raises a follow-up, and the matrix tickets are not closed (409).
  'GET /tickets/{number}/reopen': {
    request: (c, _r, t) => ({ method: 'GET', url: `/tickets/${t === 'own' ? c.ticketA : c.ticketB}/reopen` }),
    expect: tenantRead,
  },
  'POST /tickets/{number}/reopen': {
    request: (c, _r, t) => ({
      method: 'POST',
      url: `/tickets/${t === 'own' ? c.ticketA : c.ticketB}/reopen`,
      payload: { comment: 'It is back' },
    }),
    expect: { requester: [403, 404], agent: [409, 404], 'process-owner': [403, 404], technician: [403, 404], admin: [409, 409] },
  },
  'POST /tickets/{number}/follow-up': {
    request: (c, _r, t) => ({
      method: 'POST',
      url: `/tickets/${t === 'own' ? c.ticketA : c.ticketB}/follow-up`,
      payload: { description: 'It is back' },
    }),
    expect: { requester: [403, 404], agent: [409, 404], 'process-owner': [403, 404], technician: [403, 404], admin: [409, 409] },
  },
  // Attachments follow their ticket: whoever sees the ticket sees and adds its files; another organisation's is 404.
  'POST /tickets/{number}/attachments': {
    request: (c, _r, t) => ({
      method: 'POST',
      url: `/tickets/${t === 'own' ? c.ticketA : c.ticketB}/attachments`,
      ...multipart([{ name: 'file', filename: 'matrix.png', contentType: 'image/png', content: PNG_BYTES }]),
    }),
    expect: { ...all(201, 404), admin: [201, 201] },
  },
  'GET /tickets/{number}/attachments': {
    request: (c, _r, t) => ({ method: 'GET', url: `/tickets/${t === 'own' ? c.ticketA : c.ticketB}/attachments` }),
    expect: tenantRead,
  },
  'GET /tickets/{number}/attachments/{id}': {
    request: (c, _r, t) => ({
      method: 'GET',
      url: t === 'own' ? `/tickets/${c.ticketA}/attachments/${c.attachmentA}` : `/tickets/${c.ticketB}/attachments/${c.attachmentB}`,
    }),
    expect: tenantRead,
  },
  // Canned responses are the desk's: staff read all; each changes their own, process owners and admins any.
  // Who is on call is the desk's to read; process owners and admins keep the rota (groups are not a customer's).
  'GET /groups/{key}/on-call': {
    request: (c) => ({ method: 'GET', url: `/groups/${c.groupKey}/on-call` }),
    expect: { ...all(200), requester: [403, 403] },
  },
  'PUT /groups/{key}/on-call/rota': {
    request: (c) => ({
      method: 'PUT',
      url: `/groups/${c.groupKey}/on-call/rota`,
      payload: { timeZone: 'UTC', shifts: [{ userId: c.users.agent.id, weekday: 1, start: '08:00', end: '16:00' }] },
    }),
    expect: { ...all(403), 'process-owner': [200, 200], admin: [200, 200] },
  },
  'POST /groups/{key}/on-call/overrides': {
    request: (c) => ({
      method: 'POST',
      url: `/groups/${c.groupKey}/on-call/overrides`,
      payload: { userId: c.users.agent.id, startsAt: '2030-01-01T00:00:00Z', endsAt: '2030-01-02T00:00:00Z' },
    }),
    expect: { ...all(403), 'process-owner': [201, 201], admin: [201, 201] },
  },
  // Problem management is the desk's. A problem's incidents must be visible: B's are unknown to A's staff (400 naming the field).
  'POST /problems': {
    request: async (c, _r, t) => ({
      method: 'POST',
      url: '/problems',
      payload: { title: 'Matrix problem', description: 'matrix', incidents: [await c.freshTicket(t)] },
    }),
    expect: { requester: [403, 403], agent: [201, 400], 'process-owner': [201, 400], technician: [201, 400], admin: [201, 201] },
  },
  'GET /problems/{number}': {
    request: (c, _r, t) => ({ method: 'GET', url: `/problems/${t === 'own' ? c.problemA : c.problemB}` }),
    expect: { ...all(200, 404), requester: [403, 403], admin: [200, 200] },
  },
  'POST /problems/{number}/incidents': {
    request: async (c, _r, t) => ({
      method: 'POST',
      url: `/problems/${t === 'own' ? c.problemA : c.problemB}/incidents`,
      payload: { incidents: [await c.freshTicket(t)] },
    }),
    expect: { ...all(200, 404), requester: [403, 403], admin: [200, 200] },
  },
  // The matrix problems run no process: as for the ticket actions, whoever gets that far learns it (409).
  'POST /problems/{number}/analysis': {
    request: (c, _r, t) => ({
      method: 'POST',
      url: `/problems/${t === 'own' ? c.problemA : c.problemB}/analysis`,
      payload: { rootCause: 'matrix' },
    }),
    expect: { requester: [403, 403], agent: [409, 404], 'process-owner': [403, 404], technician: [403, 404], admin: [409, 409] },
  },
  // An unknown change: a problem the caller may work on says which field (400); another customer's problem does not exist (404).
  'POST /problems/{number}/changes': {
    request: (c, _r, t) => ({
      method: 'POST',
      url: `/problems/${t === 'own' ? c.problemA : c.problemB}/changes`,
      payload: { change: 'CHG9999999' },
    }),
    expect: { ...all(400, 404), requester: [403, 403], admin: [400, 400] },
  },
  'POST /problems/{number}/workaround': {
    request: (c, _r, t) => ({
      method: 'POST',
      url: `/problems/${t === 'own' ? c.problemA : c.problemB}/workaround`,
      payload: { workaround: 'matrix' },
    }),
    expect: { ...all(409, 404), requester: [403, 403], admin: [409, 409] },
  },
  'GET /known-errors': {
    request: (c, _r, t) => ({ method: 'GET', url: `/known-errors?q=${t === 'own' ? c.problemA : c.problemB}` }),
    expect: { ...all(200), requester: [403, 403] },
    verify: (res, _c, role, t) => {
      if (res.statusCode !== 200) return;
      expect((res.result as { total: number }).total).toBe(t === 'own' || role === 'admin' ? 1 : 0);
    },
  },
  'GET /canned-responses': { request: () => ({ method: 'GET', url: '/canned-responses' }), expect: { ...all(200), requester: [403, 403] } },
  'POST /canned-responses': {
    request: () => ({ method: 'POST', url: '/canned-responses', payload: { title: 'Matrix', body: 'Hello {{caller.firstName}}' } }),
    expect: { ...all(201), requester: [403, 403] },
  },
  'GET /canned-responses/{id}': {
    request: async (c, role, t) => ({ method: 'GET', url: `/canned-responses/${await c.cannedResponse(role, t)}` }),
    expect: { ...all(200), requester: [403, 403] },
  },
  'PATCH /canned-responses/{id}': {
    request: async (c, role, t) => ({
      method: 'PATCH',
      url: `/canned-responses/${await c.cannedResponse(role, t)}`,
      payload: { category: 'matrix' },
    }),
    expect: { requester: [403, 403], agent: [200, 403], technician: [200, 403], 'process-owner': [200, 200], admin: [200, 200] },
  },
  'DELETE /canned-responses/{id}': {
    request: async (c, role, t) => ({ method: 'DELETE', url: `/canned-responses/${await c.cannedResponse(role, t)}` }),
    expect: { requester: [403, 403], agent: [204, 403], technician: [204, 403], 'process-owner': [204, 204], admin: [204, 204] },
  },
  'POST /canned-responses/{id}/render': {
    request: async (c, role, t) => ({
      method: 'POST',
      url: `/canned-responses/${await c.cannedResponse(role, 'other')}/render`,
      payload: { ticketNumber: t === 'own' ? c.ticketA : c.ticketB },
    }),
    expect: { ...all(200, 404), requester: [403, 403], admin: [200, 200] },
  },
  // Knowledge base: every role reads what is offered to it (staff every article); writing is the
  // desk's, deciding a version and an article's settings the reviewers'.
  'GET /kb/articles': { request: () => ({ method: 'GET', url: `/kb/articles?q=matrix` }), expect: all(200) },
  'GET /kb/suggestions': {
    request: (c, _r, t) => ({ method: 'GET', url: `/kb/suggestions?ticket=${t === 'own' ? c.ticketA : c.ticketB}` }),
    expect: tenantRead,
  },
  'POST /kb/articles': {
    request: () => ({
      method: 'POST',
      url: '/kb/articles',
      payload: { title: 'Matrix', body: 'matrix', language: 'en', audience: 'public' },
    }),
    expect: { ...all(201), requester: [403, 403] },
  },
  'GET /kb/articles/{id}': {
    request: async (c, _r, t) => ({ method: 'GET', url: `/kb/articles/${await c.article(t)}` }),
    expect: { ...all(200), requester: [200, 404] },
  },
  'PATCH /kb/articles/{id}': {
    request: async (c, _r, t) => ({ method: 'PATCH', url: `/kb/articles/${await c.article(t)}`, payload: { audience: 'public' } }),
    expect: { ...all(403), 'process-owner': [200, 200], admin: [200, 200] },
  },
  'POST /kb/articles/{id}/solved': {
    request: async (c, _r, t) => ({ method: 'POST', url: `/kb/articles/${await c.article(t)}/solved` }),
    expect: { ...all(200), requester: [200, 404] },
  },
  'GET /kb/articles/{id}/versions': {
    request: async (c, _r, t) => ({ method: 'GET', url: `/kb/articles/${await c.article(t)}/versions` }),
    expect: { ...all(200), requester: [403, 403] },
  },
  'POST /kb/articles/{id}/versions': {
    request: async (c, _r, t) => ({
      method: 'POST',
      url: `/kb/articles/${await c.article(t)}/versions`,
      payload: { title: 'Matrix', body: 'v2' },
    }),
    expect: { ...all(200), requester: [403, 403] },
  },
  'POST /kb/articles/{id}/versions/{version}/submit': {
    request: async (c, _r, t) => ({ method: 'POST', url: `/kb/articles/${await c.article(t, 'draft')}/versions/1/submit` }),
    expect: { ...all(200), requester: [403, 403] },
  },
  'POST /kb/articles/{id}/versions/{version}/review': {
    request: async (c, _r, t) => ({
      method: 'POST',
      url: `/kb/articles/${await c.article(t, 'in_review')}/versions/1/review`,
      payload: { approve: true },
    }),
    expect: { ...all(403), 'process-owner': [200, 200], admin: [200, 200] },
  },
  'GET /kb/articles/{id}/links': {
    request: async (c, _r, t) => ({ method: 'GET', url: `/kb/articles/${(await c.articleLink(t))[0]}/links` }),
    expect: { ...all(200), requester: [403, 403] },
    verify: (res, _c, role, t) => {
      if (res.statusCode === 200) expect(items(res)).toHaveLength(t === 'own' || role === 'admin' ? 1 : 0);
    },
  },
  // A ticket the caller may not see is as unknown as one that does not exist: 422 naming payload.ref.
  'POST /kb/articles/{id}/links': {
    request: async (c, _r, t) => ({
      method: 'POST',
      url: `/kb/articles/${await c.article(t)}/links`,
      payload: { kind: 'incident', ref: t === 'own' ? c.ticketA : c.ticketB },
    }),
    expect: { ...all(201, 422), requester: [403, 403], admin: [201, 201] },
  },
  'DELETE /kb/articles/{id}/links/{linkId}': {
    request: async (c, _r, t) => {
      const [article, link] = await c.articleLink(t);
      return { method: 'DELETE', url: `/kb/articles/${article}/links/${link}` };
    },
    expect: { ...all(204, 404), requester: [403, 403], admin: [204, 204] },
  },
  'GET /kb/categories': { request: () => ({ method: 'GET', url: '/kb/categories' }), expect: all(200) },
  'POST /kb/categories': {
    request: () => ({ method: 'POST', url: '/kb/categories', payload: { name: `Matrix ${randomUUID()}` } }),
    expect: { ...all(403), 'process-owner': [201, 201], admin: [201, 201] },
  },
  // The knowledge editor's list and preview are the desk's.
  'GET /kb/editor/articles': {
    request: () => ({ method: 'GET', url: '/kb/editor/articles?q=matrix' }),
    expect: { ...all(200), requester: [403, 403] },
  },
  'POST /kb/preview': {
    request: () => ({ method: 'POST', url: '/kb/preview', payload: { body: '# matrix' } }),
    expect: { ...all(200), requester: [403, 403] },
  },
  // A survey link is its own authority (signed, single-use): no login. Results are the desk's.
  'GET /surveys/{token}': PUBLIC,
  'POST /surveys/{token}': PUBLIC,
  'PATCH /surveys/{token}': PUBLIC,
  'POST /surveys/{token}/score': PUBLIC,
  // Everyone's own list: tickets they are the caller of (one-pending-surveys.test.ts proves the narrowing).
  'GET /surveys': {
    request: () => ({ method: 'GET', url: '/surveys?mine&pending' }),
    expect: all(200),
  },
  'GET /tickets/{number}/survey-answers': {
    request: (c, _r, t) => ({ method: 'GET', url: `/tickets/${t === 'own' ? c.ticketA : c.ticketB}/survey-answers` }),
    expect: tenantRead,
  },
  // Only a ticket's caller answers on the portal, and only once it is resolved: the matrix tickets are neither.
  'POST /tickets/{number}/survey-answers': {
    request: (c, _r, t) => ({
      method: 'POST',
      url: `/tickets/${t === 'own' ? c.ticketA : c.ticketB}/survey-answers`,
      payload: { csat: 5 },
    }),
    expect: { ...all(403, 404), admin: [403, 403] },
  },
  'GET /survey-results': {
    request: () => ({ method: 'GET', url: '/survey-results?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z' }),
    expect: { ...all(200), requester: [403, 403] },
  },
  // Mail templates are the process owner's; a preview renders a ticket, so it is tenant-scoped like reading it.
  'GET /mail-templates': {
    request: () => ({ method: 'GET', url: '/mail-templates' }),
    expect: { ...all(403), 'process-owner': [200, 200], admin: [200, 200] },
  },
  'GET /mail-templates/{key}': {
    request: () => ({ method: 'GET', url: '/mail-templates/ticket.received' }),
    expect: { ...all(403), 'process-owner': [200, 200], admin: [200, 200] },
  },
  'PUT /mail-templates/{key}': {
    request: () => ({
      method: 'PUT',
      url: `/mail-templates/matrix.${randomUUID().slice(0, 8)}`,
      payload: { subject: '[{{ticket.number}}] matrix', body: 'matrix' },
    }),
    expect: { ...all(403), 'process-owner': [201, 201], admin: [201, 201] },
  },
  'POST /mail-templates/{key}/preview': {
    request: (c, _r, t) => ({
      method: 'POST',
      url: '/mail-templates/ticket.resolved/preview',
      payload: { ticketNumber: t === 'own' ? c.ticketA : c.ticketB },
    }),
    expect: { ...all(403), 'process-owner': [200, 404], admin: [200, 200] },
  },
  'POST /business-calendars': {
    request: () => ({
      method: 'POST',
      url: '/business-calendars',
      payload: {
        name: `Matrix calendar ${randomUUID()}`,
        definition: { timeZone: 'UTC', weekly: { 1: [{ start: '08:00', end: '16:00' }] } },
      },
    }),
    expect: { ...all(403), 'process-owner': [201, 201], admin: [201, 201] },
  },
  'PATCH /business-calendars/{id}': {
    request: (c) => ({
      method: 'PATCH',
      url: `/business-calendars/${c.calendarId}`,
      payload: { definition: { timeZone: 'UTC', weekly: { 1: [{ start: '08:00', end: '16:00' }] }, holidays: ['2026-12-25'] } },
    }),
    expect: { ...all(403), 'process-owner': [200, 200], admin: [200, 200] },
  },
  'GET /business-calendars': {
    request: () => ({ method: 'GET', url: '/business-calendars' }),
    expect: { ...all(200), requester: [403, 403] },
  },
  'POST /sla-policies': {
    request: (c, _r, t) => ({
      method: 'POST',
      url: '/sla-policies',
      payload: {
        name: `Matrix policy ${randomUUID()}`,
        service: c.slaService,
        organizationId: org(c, t),
        calendarId: c.calendarId,
        responseTarget: 'PT1H',
        resolutionTarget: 'PT8H',
      },
    }),
    expect: { ...all(403), 'process-owner': [201, 403], admin: [201, 201] },
    verify: namesOrganizationField,
  },
  // Services and the catalog: customer-owned rows are tenant-scoped like tickets; the provider's are
  // offered by their customer lists (test/integration/service-catalog.test.ts covers that side).
  'GET /services': {
    request: (c) => ({ method: 'GET', url: `/services?q=${c.tag}` }),
    expect: all(200),
    verify: noOtherRows,
  },
  'GET /services/{id}': { request: (c, _r, t) => ({ method: 'GET', url: `/services/${c.service(t)}` }), expect: tenantRead },
  'POST /services': {
    request: () => ({ method: 'POST', url: '/services', payload: { name: `Matrix service ${randomUUID()}`, kind: 'technical' } }),
    expect: { ...all(403), 'process-owner': [201, 201], admin: [201, 201] },
  },
  'PATCH /services/{id}': {
    request: (c, _r, t) => ({ method: 'PATCH', url: `/services/${c.service(t)}`, payload: { description: 'matrix' } }),
    expect: { ...all(403), 'process-owner': [200, 404], admin: [200, 200] },
  },
  'DELETE /services/{id}': {
    request: async (c, _r, t) => ({ method: 'DELETE', url: `/services/${await c.freshService(t)}` }),
    expect: { ...all(403), 'process-owner': [204, 404], admin: [204, 204] },
  },
  'GET /services/choices': {
    request: () => ({ method: 'GET', url: '/services/choices' }),
    expect: { ...all(403), 'process-owner': [200, 200], admin: [200, 200] },
    // A process owner is offered only the customers they serve.
    verify: (res, c, role) => {
      if (res.statusCode !== 200) return;
      const ids = (JSON.parse(res.payload) as { organizations: Array<{ id: string }> }).organizations.map((o) => o.id);
      expect(ids.includes(c.orgB)).toBe(role === 'admin');
    },
  },
  'GET /catalog/categories': { request: () => ({ method: 'GET', url: '/catalog/categories' }), expect: all(200) },
  'POST /catalog/categories': {
    request: () => ({ method: 'POST', url: '/catalog/categories', payload: { name: `Matrix shelf ${randomUUID()}` } }),
    expect: { ...all(403), 'process-owner': [201, 201], admin: [201, 201] },
  },
  'PATCH /catalog/categories/{id}': {
    request: (c) => ({ method: 'PATCH', url: `/catalog/categories/${c.categoryId}`, payload: { description: 'matrix' } }),
    expect: { ...all(403), 'process-owner': [200, 200], admin: [200, 200] },
  },
  'DELETE /catalog/categories/{id}': {
    request: async (c) => ({ method: 'DELETE', url: `/catalog/categories/${await c.freshCategory()}` }),
    expect: { ...all(403), 'process-owner': [204, 204], admin: [204, 204] },
  },
  'GET /catalog/items': {
    request: (c) => ({ method: 'GET', url: `/catalog/items?q=${c.tag}` }),
    expect: all(200),
    verify: noOtherRows,
  },
  'GET /catalog/items/{id}': { request: (c, _r, t) => ({ method: 'GET', url: `/catalog/items/${c.item(t)}` }), expect: tenantRead },
  'POST /catalog/items': {
    request: (c, _r, t) => ({
      method: 'POST',
      url: '/catalog/items',
      payload: { categoryId: c.categoryId, name: `Matrix item ${randomUUID()}`, formSchema: { components: [] }, organizationId: org(c, t) },
    }),
    expect: { ...all(403), 'process-owner': [201, 404], admin: [201, 201] },
  },
  'PATCH /catalog/items/{id}': {
    request: (c, _r, t) => ({ method: 'PATCH', url: `/catalog/items/${c.item(t)}`, payload: { description: 'matrix' } }),
    expect: { ...all(403), 'process-owner': [200, 404], admin: [200, 200] },
  },
  'DELETE /catalog/items/{id}': {
    request: async (c, _r, t) => ({ method: 'DELETE', url: `/catalog/items/${await c.freshItem(t)}` }),
    expect: { ...all(403), 'process-owner': [204, 404], admin: [204, 204] },
  },
  'POST /catalog/items/{id}/requests': {
    request: (c, _r, t) => ({ method: 'POST', url: `/catalog/items/${c.item(t)}/requests`, payload: { answers: { reason: 'matrix' } } }),
    expect: { ...all(201, 404), admin: [201, 201] },
  },
  'GET /catalog/requests/{number}': {
    request: (c, _r, t) => ({ method: 'GET', url: `/catalog/requests/${c.order(t)}` }),
    expect: tenantRead,
  },
  // A customer's policy is read and changed only by those who serve the customer (row-level security).
  'PATCH /sla-policies/{id}': {
    request: (c, _r, t) => ({ method: 'PATCH', url: `/sla-policies/${c.slaPolicy(t)}`, payload: { warningPercent: 80 } }),
    expect: { ...all(403), 'process-owner': [200, 404], admin: [200, 200] },
  },
  'GET /sla-policies': { request: () => ({ method: 'GET', url: '/sla-policies' }), expect: { ...all(200), requester: [403, 403] } },
  'POST /sla/deadlines': {
    request: (c) => ({ method: 'POST', url: '/sla/deadlines', payload: { service: c.slaService, openedAt: '2026-11-23T08:00:00Z' } }),
    expect: { ...all(200), requester: [403, 403] },
  },
  // The Triage task's candidate group is the matrix group: only the agent is in it.
  // Process studio: changing definitions and operating instances is for process owners and admins;
  // instance operations are tenant-scoped like reads (another organisation's instance is 404).
  'POST /process-definitions/validate': {
    request: () => ({ method: 'POST', url: '/process-definitions/validate', payload: { xml: incidentProcess('matrix').xml } }),
    expect: { ...all(403), 'process-owner': [200, 200], admin: [200, 200] },
  },
  'POST /process-definitions/diff': {
    request: (c) => ({
      method: 'POST',
      url: '/process-definitions/diff',
      payload: { baseDefinitionId: c.definitionId, targetDefinitionId: c.definitionId },
    }),
    expect: { ...all(200), requester: [403, 403] },
  },
  'POST /process-definitions/{id}/activate': {
    request: (c) => ({ method: 'POST', url: `/process-definitions/${c.definitionId}/activate` }),
    expect: { ...all(403), 'process-owner': [200, 200], admin: [200, 200] },
  },
  'POST /process-definitions/{id}/archive': {
    request: async (c) => ({ method: 'POST', url: `/process-definitions/${await c.freshDefinition()}/archive` }),
    expect: { ...all(403), 'process-owner': [200, 200], admin: [200, 200] },
  },
  'GET /process-definitions/{id}/start-form': {
    request: (c) => ({ method: 'GET', url: `/process-definitions/${c.definitionId}/start-form` }),
    expect: { ...all(200), requester: [403, 403] },
  },
  'GET /process-definitions/{id}/statistics': {
    request: (c) => ({ method: 'GET', url: `/process-definitions/${c.definitionId}/statistics` }),
    expect: { ...all(200), requester: [403, 403] },
  },
  'POST /process-instances/{id}/cancel': {
    request: async (c, _r, t) => ({
      method: 'POST',
      url: `/process-instances/${await c.freshInstance(t)}/cancel`,
      payload: { reason: 'matrix' },
    }),
    expect: { ...all(403), 'process-owner': [200, 404], admin: [200, 200] },
  },
  'POST /v2/process-instances/{processInstanceKey}/cancellation': {
    request: async (c, _r, t) => ({ method: 'POST', url: `/v2/process-instances/${await c.freshInstance(t)}/cancellation` }),
    expect: { ...all(403), 'process-owner': [204, 404], admin: [204, 204] },
  },
  // No incident is open on these instances: past the scope check, the owner learns just that (404).
  'POST /process-instances/{id}/incidents/{key}/retry': {
    request: (c, _r, t) => ({
      method: 'POST',
      url: `/process-instances/${(t === 'own' ? c.instanceA : c.instanceB).id}/incidents/1/retry`,
    }),
    expect: { ...all(403), 'process-owner': [404, 404], admin: [404, 404] },
  },
  'POST /v2/incidents/{incidentKey}/resolution': {
    request: (c, _r, t) => ({ method: 'POST', url: `/v2/incidents/${(t === 'own' ? c.instanceA : c.instanceB).id}.1/resolution` }),
    expect: { ...all(403), 'process-owner': [404, 404], admin: [404, 404] },
  },
  // One instance by its key: staff who see it, as the instance search.
  'GET /v2/process-instances/{processInstanceKey}': {
    request: (c, _r, t) => ({ method: 'GET', url: `/v2/process-instances/${(t === 'own' ? c.instanceA : c.instanceB).id}` }),
    expect: { ...all(200, 404), requester: [403, 403], admin: [200, 200] },
  },
  // Incident reads: staff who see the instance; the matrix's instances have none, so past the scope check it is 404 or an empty list.
  'GET /v2/incidents/{incidentKey}': {
    request: (c, _r, t) => ({ method: 'GET', url: `/v2/incidents/${(t === 'own' ? c.instanceA : c.instanceB).id}.1` }),
    expect: { ...all(404), requester: [403, 403] },
  },
  'POST /v2/incidents/search': {
    request: (c, _r, t) => ({
      method: 'POST',
      url: '/v2/incidents/search',
      payload: { filter: { processInstanceKey: (t === 'own' ? c.instanceA : c.instanceB).id } },
    }),
    expect: { ...all(200), requester: [403, 403] },
    verify: (res) => {
      if (res.statusCode === 200) expect((res.result as { items: unknown[] }).items).toEqual([]);
    },
  },
  // Variable and element instance reads: staff who see the instance (its first element instance, `.1`, is its start event).
  'POST /v2/variables/search': {
    request: (c, _r, t) => ({
      method: 'POST',
      url: '/v2/variables/search',
      payload: { filter: { processInstanceKey: (t === 'own' ? c.instanceA : c.instanceB).id } },
    }),
    expect: { ...all(200), requester: [403, 403] },
    verify: (res, _c, role, t) => {
      if (res.statusCode !== 200) return;
      const names = (res.result as { items: Array<{ name: string }> }).items.map((v) => v.name);
      if (t === 'other' && role !== 'admin') expect(names).toEqual([]);
      else expect(names).toContain('matrix');
    },
  },
  'GET /v2/variables/{variableKey}': {
    request: (c, _r, t) => ({ method: 'GET', url: `/v2/variables/${(t === 'own' ? c.instanceA : c.instanceB).id}%2Fmatrix` }),
    expect: { ...all(200, 404), requester: [403, 403], admin: [200, 200] },
  },
  'POST /v2/element-instances/search': {
    request: (c, _r, t) => ({
      method: 'POST',
      url: '/v2/element-instances/search',
      payload: { filter: { processInstanceKey: (t === 'own' ? c.instanceA : c.instanceB).id } },
    }),
    expect: { ...all(200), requester: [403, 403] },
    verify: (res, _c, role, t) => {
      if (res.statusCode !== 200) return;
      const items = (res.result as { items: unknown[] }).items;
      if (t === 'other' && role !== 'admin') expect(items).toEqual([]);
      else expect(items.length).toBeGreaterThan(1);
    },
  },
  'GET /v2/element-instances/{elementInstanceKey}': {
    request: (c, _r, t) => ({ method: 'GET', url: `/v2/element-instances/${(t === 'own' ? c.instanceA : c.instanceB).id}.1` }),
    expect: { ...all(200, 404), requester: [403, 403], admin: [200, 200] },
  },
  'GET /v2/process-instances/{processInstanceKey}/statistics/element-instances': {
    request: (c, _r, t) => ({
      method: 'GET',
      url: `/v2/process-instances/${(t === 'own' ? c.instanceA : c.instanceB).id}/statistics/element-instances`,
    }),
    expect: { ...all(200, 404), requester: [403, 403], admin: [200, 200] },
  },
  'POST /v2/process-instances/{processInstanceKey}/incidents/search': {
    request: (c, _r, t) => ({
      method: 'POST',
      url: `/v2/process-instances/${(t === 'own' ? c.instanceA : c.instanceB).id}/incidents/search`,
      payload: {},
    }),
    expect: { ...all(200, 404), requester: [403, 403], admin: [200, 200] },
  },
  // Migration is the process owner's; past that check a migration without instructions to a version of its own id is a 409.
  'POST /v2/process-instances/{processInstanceKey}/migration': {
    request: (c, _r, t) => ({
      method: 'POST',
      url: `/v2/process-instances/${(t === 'own' ? c.instanceA : c.instanceB).id}/migration`,
      payload: { targetProcessDefinitionKey: c.definitionId, mappingInstructions: [] },
    }),
    expect: { ...all(403), 'process-owner': [409, 404], admin: [409, 409] },
  },
  'PUT /v2/element-instances/{elementInstanceKey}/variables': {
    request: (c, _r, t) => ({
      method: 'PUT',
      url: `/v2/element-instances/${(t === 'own' ? c.instanceA : c.instanceB).id}/variables`,
      payload: { variables: { matrix: true } },
    }),
    expect: { ...all(403), 'process-owner': [204, 404], admin: [204, 204] },
  },
  'PUT /process-instances/{id}/variables': {
    request: (c, _r, t) => ({
      method: 'PUT',
      url: `/process-instances/${(t === 'own' ? c.instanceA : c.instanceB).id}/variables`,
      payload: { variables: { matrix: true }, reason: 'matrix check' },
    }),
    expect: { ...all(403), 'process-owner': [200, 404], admin: [200, 200] },
  },
  // Camunda 8.8's ad-hoc activation: the instance's first element is no ad-hoc sub-process, which only those who may operate it learn.
  'POST /v2/element-instances/ad-hoc-activities/{adHocSubProcessInstanceKey}/activation': {
    request: (c, _r, t) => ({
      method: 'POST',
      url: `/v2/element-instances/ad-hoc-activities/${(t === 'own' ? c.instanceA : c.instanceB).id}.1/activation`,
      payload: { elements: [{ elementId: 'anything' }] },
    }),
    expect: { ...all(403), 'process-owner': [404, 404], admin: [404, 404] },
  },
  'POST /process-instances/{id}/migrate/preview': {
    request: (c, _r, t) => ({
      method: 'POST',
      url: `/process-instances/${(t === 'own' ? c.instanceA : c.instanceB).id}/migrate/preview`,
      payload: { targetDefinitionId: c.definitionId },
    }),
    expect: { ...all(403), 'process-owner': [200, 404], admin: [200, 200] },
  },
  // Migrating to the version it already runs on is a conflict; the scope and tenant checks come first.
  'POST /process-instances/{id}/migrate': {
    request: (c, _r, t) => ({
      method: 'POST',
      url: `/process-instances/${(t === 'own' ? c.instanceA : c.instanceB).id}/migrate`,
      payload: { targetDefinitionId: c.definitionId },
    }),
    expect: { ...all(403), 'process-owner': [409, 404], admin: [409, 409] },
  },
  'GET /approvals': {
    request: () => ({ method: 'GET', url: '/approvals?state=pending&limit=200' }),
    // A requester gets their own approvals only (see the service-request approvals test).
    expect: all(200),
  },
  'GET /approvals/{id}': {
    request: async (c, role, t) => ({ method: 'GET', url: `/approvals/${await c.approval(role, t)}` }),
    expect: tenantRead,
  },
  // The fixture's task is not open in its instance: a permitted decision reaches the engine, which refuses it (409).
  'POST /approvals/{id}/approve': {
    request: async (c, role, t) => ({ method: 'POST', url: `/approvals/${await c.approval(role, t)}/approve`, payload: {} }),
    expect: APPROVER_DECIDES,
  },
  'POST /approvals/{id}/reject': {
    request: async (c, role, t) => ({
      method: 'POST',
      url: `/approvals/${await c.approval(role, t)}/reject`,
      payload: { comment: 'matrix' },
    }),
    expect: APPROVER_DECIDES,
  },
  'POST /approvals/{id}/delegate': {
    request: async (c, role, t) => ({
      method: 'POST',
      url: `/approvals/${await c.approval(role, t)}/delegate`,
      payload: { to: role === 'admin' ? c.users.agent.username : c.users.admin.username },
    }),
    // The admin may hand B's approval on, but not to the matrix agent, who does not serve B (400 naming payload.to).
    expect: { ...tenantRead, requester: [403, 403], admin: [200, 400] },
  },
  // The signed link is the credential (tested in service-request-approvals.test.ts): open to anyone holding it.
  'GET /approval-links/{token}': PUBLIC,
  'POST /approval-links/{token}': PUBLIC,
  // KPIs: every reader gets 200; the other organisation's tickets never reach the figures.
  // Every signed-in role may listen; what each hears is its own scope's (test/integration/live-updates.test.ts).
  'GET /live/tickets': {
    request: () => ({ method: 'GET', url: '/live/tickets' }),
    expect: all(200),
    verify: (res) => expect(res.payload).toMatch(/^retry: \d+/),
  },
  'GET /kpis': {
    request: (c, _r, t) => ({ method: 'GET', url: `/kpis?${kpiRange()}&by=customer&customer=${t === 'own' ? c.orgA : c.orgB}` }),
    expect: { ...all(200), requester: [403, 403], technician: [403, 403], 'customer-manager': [200, 200] },
    verify: (res, _c, role, t) => {
      if (res.statusCode === 200 && role !== 'admin' && t === 'other') expect((res.result as { items: unknown[] }).items).toEqual([]);
    },
  },
  'GET /kpis.csv': {
    request: (c, _r, t) => ({ method: 'GET', url: `/kpis.csv?${kpiRange()}&by=customer&customer=${t === 'own' ? c.orgA : c.orgB}` }),
    expect: { ...all(200), requester: [403, 403], technician: [403, 403], 'customer-manager': [200, 200] },
    verify: (res, _c, role, t) => {
      if (res.statusCode === 200 && role !== 'admin' && t === 'other') expect(res.payload.trim().split('\r\n')).toHaveLength(1);
    },
  },
  'GET /kpis/backlog': {
    request: (c, _r, t) => ({ method: 'GET', url: `/kpis/backlog?by=customer&customer=${t === 'own' ? c.orgA : c.orgB}` }),
    expect: { ...all(200), requester: [403, 403], technician: [403, 403], 'customer-manager': [200, 200] },
    verify: (res, _c, role, t) => {
      if (res.statusCode === 200 && role !== 'admin' && t === 'other') expect((res.result as { items: unknown[] }).items).toEqual([]);
    },
  },
  'GET /kpis/backlog.csv': {
    request: (c, _r, t) => ({ method: 'GET', url: `/kpis/backlog.csv?by=customer&customer=${t === 'own' ? c.orgA : c.orgB}` }),
    expect: { ...all(200), requester: [403, 403], technician: [403, 403], 'customer-manager': [200, 200] },
    verify: (res, _c, role, t) => {
      if (res.statusCode === 200 && role !== 'admin' && t === 'other') expect(res.payload.trim().split('\r\n')).toHaveLength(1);
    },
  },
  'GET /kpis/live': {
    request: (c) => ({ method: 'GET', url: `/kpis/live?group=${c.groupKey}&withinMinutes=10080` }),
    expect: { ...all(200), requester: [403, 403], technician: [403, 403] },
    verify: (res, c, role) => {
      if (res.statusCode !== 200 || role === 'admin') return;
      const numbers = (res.result as { work: Array<{ number: string }> }).work.map((w) => w.number);
      expect(numbers).not.toContain(c.ticketB);
    },
  },
  // OLA targets are the desk's internal promises: staff who steer the desk read them, customers do not.
  'GET /kpis/ola': {
    request: (c) => ({
      method: 'GET',
      url: `/kpis/ola?from=${new Date(Date.now() - 300 * 86_400_000).toISOString()}&to=${new Date(Date.now() + 86_400_000).toISOString()}&group=${c.groupKey}`,
    }),
    expect: { ...all(200), requester: [403, 403], technician: [403, 403], 'customer-manager': [403, 403] },
  },
  'GET /changes/calendar': {
    request: () => ({ method: 'GET', url: '/changes/calendar?from=2031-01-01T00:00:00Z&to=2031-02-01T00:00:00Z' }),
    expect: { ...all(200), requester: [403, 403] },
  },
  // The matrix's tickets are incidents: a permitted read answers that it is not a change.
  'GET /changes/{number}/conflicts': {
    request: (c, _r, t) => ({ method: 'GET', url: `/changes/${t === 'own' ? c.ticketA : c.ticketB}/conflicts` }),
    expect: { ...all(400, 404), requester: [403, 403], admin: [400, 400] },
  },
  'GET /change-blackouts': {
    request: () => ({ method: 'GET', url: '/change-blackouts' }),
    expect: { ...all(200), requester: [403, 403] },
  },
  'POST /change-blackouts': {
    request: (c, _r, t) => ({
      method: 'POST',
      url: '/change-blackouts',
      payload: { name: 'Matrix', startsAt: '2031-01-01T00:00:00Z', endsAt: '2031-01-02T00:00:00Z', organizationId: org(c, t) },
    }),
    expect: { ...all(403), 'process-owner': [201, 404], admin: [201, 201] },
  },
  'DELETE /change-blackouts/{id}': {
    request: async (c, _r, t) => ({ method: 'DELETE', url: `/change-blackouts/${await c.blackout(t)}` }),
    expect: { ...all(403), 'process-owner': [204, 404], admin: [204, 204] },
  },
  'POST /tickets/{number}/actions/implement': {
    request: (c, _r, t) => ({
      method: 'POST',
      url: `/tickets/${t === 'own' ? c.ticketA : c.ticketB}/actions/implement`,
      payload: { closingCode: 'successful', notes: 'matrix' },
    }),
    expect: { requester: [403, 403], agent: [409, 404], 'process-owner': [403, 404], technician: [403, 404], admin: [409, 409] },
  },
  'POST /tickets/{number}/actions/review': {
    request: (c, _r, t) => ({
      method: 'POST',
      url: `/tickets/${t === 'own' ? c.ticketA : c.ticketB}/actions/review`,
      payload: { findings: 'matrix' },
    }),
    expect: { requester: [403, 403], agent: [409, 404], 'process-owner': [403, 404], technician: [403, 404], admin: [409, 409] },
  },
  'POST /tasks/{id}/complete': {
    request: async (c, _r, t) => ({
      method: 'POST',
      url: `/tasks/${await c.openTask(t)}/complete`,
      payload: { variables: { priority: 'P3' } },
    }),
    expect: { requester: [403, 404], agent: [200, 404], 'process-owner': [403, 404], technician: [403, 404], admin: [200, 200] },
  },
  // Assigning and updating a task is for whoever may complete it, as Camunda 8's user task operations.
  'POST /tasks/{id}/assignment': {
    request: async (c, _r, t) => ({ method: 'POST', url: `/tasks/${await c.openTask(t)}/assignment`, payload: { assignee: null } }),
    expect: { requester: [403, 404], agent: [200, 404], 'process-owner': [403, 404], technician: [403, 404], admin: [200, 200] },
  },
  'PATCH /tasks/{id}': {
    request: async (c, _r, t) => ({ method: 'PATCH', url: `/tasks/${await c.openTask(t)}`, payload: { priority: 60 } }),
    expect: { requester: [403, 404], agent: [200, 404], 'process-owner': [403, 404], technician: [403, 404], admin: [200, 200] },
  },
  // Camunda's user task API: the same services, so the same people, answering 204.
  'POST /v2/user-tasks/{userTaskKey}/completion': {
    request: async (c, _r, t) => ({
      method: 'POST',
      url: `/v2/user-tasks/${await c.openTask(t)}/completion`,
      payload: { variables: { priority: 'P3' } },
    }),
    expect: { requester: [403, 404], agent: [204, 404], 'process-owner': [403, 404], technician: [403, 404], admin: [204, 204] },
  },
  'POST /v2/user-tasks/{userTaskKey}/assignment': {
    request: async (c, _r, t) => ({
      method: 'POST',
      url: `/v2/user-tasks/${await c.openTask(t)}/assignment`,
      payload: { assignee: 'tomas' },
    }),
    expect: { requester: [403, 404], agent: [204, 404], 'process-owner': [403, 404], technician: [403, 404], admin: [204, 204] },
  },
  'DELETE /v2/user-tasks/{userTaskKey}/assignee': {
    request: async (c, _r, t) => ({ method: 'DELETE', url: `/v2/user-tasks/${await c.openTask(t)}/assignee` }),
    expect: { requester: [403, 404], agent: [204, 404], 'process-owner': [403, 404], technician: [403, 404], admin: [204, 204] },
  },
  'PATCH /v2/user-tasks/{userTaskKey}': {
    request: async (c, _r, t) => ({
      method: 'PATCH',
      url: `/v2/user-tasks/${await c.openTask(t)}`,
      payload: { changeset: { priority: 60 } },
    }),
    expect: { requester: [403, 404], agent: [204, 404], 'process-owner': [403, 404], technician: [403, 404], admin: [204, 204] },
  },
  // The search lists open tasks of instances the caller may see: another organisation's instance yields none.
  'POST /v2/user-tasks/search': {
    request: (c, _r, t) => ({
      method: 'POST',
      url: '/v2/user-tasks/search',
      payload: { filter: { processInstanceKey: (t === 'own' ? c.instanceA : c.instanceB).id } },
    }),
    expect: { requester: [403, 403], agent: [200, 200], 'process-owner': [200, 200], technician: [200, 200], admin: [200, 200] },
    verify: (res, _c, role, t) => {
      if (res.statusCode !== 200 || t === 'own' || role === 'admin') return;
      expect((res.result as { items: unknown[] }).items).toEqual([]);
    },
  },
  // One open task by its key: as the search, for staff who may see its instance.
  'GET /v2/user-tasks/{userTaskKey}': {
    request: async (c, _r, t) => ({ method: 'GET', url: `/v2/user-tasks/${await c.openTask(t)}` }),
    expect: { requester: [403, 403], agent: [200, 404], 'process-owner': [200, 404], technician: [200, 404], admin: [200, 200] },
  },
  // Its linked form and the variables it sees: for whoever may complete it (the matrix's task has no form: 204).
  'GET /v2/user-tasks/{userTaskKey}/form': {
    request: async (c, _r, t) => ({ method: 'GET', url: `/v2/user-tasks/${await c.openTask(t)}/form` }),
    expect: { requester: [403, 404], agent: [204, 404], 'process-owner': [403, 404], technician: [403, 404], admin: [204, 204] },
  },
  'POST /v2/user-tasks/{userTaskKey}/variables/search': {
    request: async (c, _r, t) => ({ method: 'POST', url: `/v2/user-tasks/${await c.openTask(t)}/variables/search`, payload: {} }),
    expect: { requester: [403, 404], agent: [200, 404], 'process-owner': [403, 404], technician: [403, 404], admin: [200, 200] },
  },
  // A task's form is for whoever may complete the task (the matrix's task has none: form null).
  'GET /tasks/{id}/form': {
    request: async (c, _r, t) => ({ method: 'GET', url: `/tasks/${await c.openTask(t)}/form` }),
    expect: { requester: [403, 404], agent: [200, 404], 'process-owner': [403, 404], technician: [403, 404], admin: [200, 200] },
  },
  // Publishing is for staff who run processes and for integrations (their API tokens act as such a user).
  // Tenant scoping of correlation itself is proven in test/integration/messages.test.ts.
  'POST /messages': {
    request: () => ({
      method: 'POST',
      url: '/messages',
      payload: { name: `matrix-${randomUUID()}`, correlationKey: 'k', timeToLive: 'PT0S' },
    }),
    expect: { ...all(403), agent: [200, 200], 'process-owner': [200, 200], admin: [200, 200] },
  },
  'POST /signals': {
    request: () => ({ method: 'POST', url: '/signals', payload: { name: `matrix-${randomUUID()}` } }),
    expect: { ...all(403), agent: [200, 200], 'process-owner': [200, 200], admin: [200, 200] },
  },
  // Camunda's shapes of the same; a tenant the caller does not serve is unknown to them.
  'POST /v2/messages/publication': {
    request: (c, _r, t) => ({
      method: 'POST',
      url: '/v2/messages/publication',
      payload: { name: `matrix-${randomUUID()}`, correlationKey: 'k', ...(t === 'other' ? { tenantId: c.orgB } : {}) },
    }),
    expect: { ...all(403), agent: [200, 404], 'process-owner': [200, 404], admin: [200, 200] },
  },
  // Nothing waits for a fresh name: past the scope check, the caller learns just that.
  'POST /v2/messages/correlation': {
    request: () => ({ method: 'POST', url: '/v2/messages/correlation', payload: { name: `matrix-${randomUUID()}`, correlationKey: 'k' } }),
    expect: { ...all(403), agent: [404, 404], 'process-owner': [404, 404], admin: [404, 404] },
  },
  'POST /v2/signals/broadcast': {
    request: (c, _r, t) => ({
      method: 'POST',
      url: '/v2/signals/broadcast',
      payload: { signalName: `matrix-${randomUUID()}`, ...(t === 'other' ? { tenantId: c.orgB } : {}) },
    }),
    expect: { ...all(403), agent: [200, 404], 'process-owner': [200, 404], admin: [200, 200] },
  },

  // Camunda's connection check: the cluster's shape and health, nothing of any organisation.
  'GET /v2/topology': { request: () => ({ method: 'GET', url: '/v2/topology' }), expect: all(200) },

  // The CMDB: customers read their own CIs, the desk maintains those of the customers it serves.
  'GET /cmdb/classes': { request: () => ({ method: 'GET', url: '/cmdb/classes' }), expect: all(200) },
  'GET /cmdb/cis': {
    request: (c, _r, t) => ({ method: 'GET', url: `/cmdb/cis?organizationId=${org(c, t)}&limit=100` }),
    expect: all(200),
    verify: (res, c, role, t) => t === 'other' && noOtherRows(res, c, role),
  },
  'POST /cmdb/cis': {
    request: (c, _r, t) => ({
      method: 'POST',
      url: '/cmdb/cis',
      payload: { organizationId: org(c, t), classKey: 'server', name: `Matrix ${randomUUID()}` },
    }),
    expect: { ...all(201, 404), requester: [403, 403], admin: [201, 201] },
  },
  'GET /cmdb/cis/{id}': { request: (c, _r, t) => ({ method: 'GET', url: `/cmdb/cis/${ciOf(c, t)}` }), expect: tenantRead },
  'PATCH /cmdb/cis/{id}': {
    request: (c, _r, t) => ({ method: 'PATCH', url: `/cmdb/cis/${ciOf(c, t)}`, payload: { lifecycleState: 'operational' } }),
    expect: cmdbWrite(200),
  },
  'DELETE /cmdb/cis/{id}': {
    request: async (c, _r, t) => ({ method: 'DELETE', url: `/cmdb/cis/${await c.freshCi(t)}` }),
    expect: cmdbWrite(204),
  },
  'GET /cmdb/cis/{id}/history': {
    request: (c, _r, t) => ({ method: 'GET', url: `/cmdb/cis/${ciOf(c, t)}/history` }),
    expect: cmdbWrite(200),
  },
  'GET /cmdb/cis/{id}/impact': { request: (c, _r, t) => ({ method: 'GET', url: `/cmdb/cis/${ciOf(c, t)}/impact` }), expect: tenantRead },
  'GET /cmdb/cis/{id}/graph': { request: (c, _r, t) => ({ method: 'GET', url: `/cmdb/cis/${ciOf(c, t)}/graph` }), expect: tenantRead },
  'GET /cmdb/cis/{id}/relations': {
    request: (c, _r, t) => ({ method: 'GET', url: `/cmdb/cis/${ciOf(c, t)}/relations` }),
    expect: tenantRead,
  },
  'GET /cmdb/cis/{id}/tickets': { request: (c, _r, t) => ({ method: 'GET', url: `/cmdb/cis/${ciOf(c, t)}/tickets` }), expect: tenantRead },
  'POST /cmdb/relations': {
    request: async (c, _r, t) => ({
      method: 'POST',
      url: '/cmdb/relations',
      payload: { sourceId: await c.freshCi(t), type: 'depends_on', targetId: ciOf(c, t) },
    }),
    expect: cmdbWrite(201),
  },
  'DELETE /cmdb/relations/{id}': {
    request: async (c, _r, t) => ({ method: 'DELETE', url: `/cmdb/relations/${await c.freshRelation(t)}` }),
    expect: cmdbWrite(204),
  },
  'POST /cmdb/imports': {
    request: (c, _r, t) => ({
      method: 'POST',
      url: '/cmdb/imports',
      payload: { format: 'json', organizationId: org(c, t), cis: [{ key: 'matrix-import', class: 'server', name: 'Matrix import' }] },
    }),
    expect: cmdbWrite(200),
  },
  'GET /tickets/{number}/configuration-items': {
    request: (c, _r, t) => ({ method: 'GET', url: `/tickets/${t === 'own' ? c.ticketA : c.ticketB}/configuration-items` }),
    expect: tenantRead,
  },
  'POST /tickets/{number}/configuration-items': {
    request: (c, _r, t) => ({
      method: 'POST',
      url: `/tickets/${t === 'own' ? c.ticketA : c.ticketB}/configuration-items`,
      payload: { ciId: ciOf(c, t) },
    }),
    expect: cmdbWrite(201),
  },
  'DELETE /tickets/{number}/configuration-items/{ciId}': {
    request: async (c, _r, t) => {
      const [number, ciId] = await c.freshCiLink(t);
      return { method: 'DELETE', url: `/tickets/${number}/configuration-items/${ciId}` };
    },
    expect: cmdbWrite(204),
  },
  // Field service: the desk reads, dispatchers (agents, process owners, admins) plan; technicians see only their own jobs.
  'GET /technicians': { request: () => ({ method: 'GET', url: '/technicians' }), expect: { ...all(200), requester: [403, 403] } },
  'POST /technicians': {
    request: async (c) => ({
      method: 'POST',
      url: '/technicians',
      payload: {
        userId: await c.freshTechnicianUser(),
        skills: { hvac: 2 },
        workingHours: {},
        homeBase: { latitude: 54.7, longitude: 25.3 },
      },
    }),
    expect: adminOnly(201),
  },
  'GET /technicians/{id}': {
    request: (c) => ({ method: 'GET', url: `/technicians/${c.technicianId}` }),
    expect: { ...all(200), requester: [403, 403] },
  },
  'POST /technicians/{id}/absences': {
    request: (c) => ({
      method: 'POST',
      url: `/technicians/${c.technicianId}/absences`,
      payload: { startsAt: '2027-03-01T00:00:00Z', endsAt: '2027-03-02T00:00:00Z' },
    }),
    expect: { ...all(201), requester: [403, 403], technician: [403, 403] },
  },
  'PATCH /technicians/{id}': {
    request: async (c) => ({
      method: 'PATCH',
      url: `/technicians/${await c.freshTechnician()}`,
      payload: { skills: { hvac: 4 }, version: 1 },
    }),
    expect: adminOnly(200),
  },
  'DELETE /technicians/{id}/absences/{absenceId}': {
    request: async (c) => {
      const [technicianId, absenceId] = await c.freshAbsence();
      return { method: 'DELETE', url: `/technicians/${technicianId}/absences/${absenceId}` };
    },
    expect: { ...all(204), requester: [403, 403], technician: [403, 403] },
  },
  'GET /sites/{id}/location': {
    request: (c, _r, t) => ({ method: 'GET', url: `/sites/${t === 'own' ? c.siteA : c.siteB}/location` }),
    expect: { ...all(200, 404), requester: [403, 403], admin: [200, 200] },
  },
  'PUT /sites/{id}/location': {
    request: (c, _r, t) => ({
      method: 'PUT',
      url: `/sites/${t === 'own' ? c.siteA : c.siteB}/location`,
      payload: { latitude: 54.69, longitude: 25.28, territory: 'matrix' },
    }),
    expect: { ...all(200, 404), requester: [403, 403], technician: [403, 403], admin: [200, 200] },
  },
  'POST /work-orders': {
    request: (c, _r, t) => ({
      method: 'POST',
      url: '/work-orders',
      payload: {
        title: 'Matrix visit',
        parentTicket: t === 'own' ? c.ticketA : c.ticketB,
        siteId: t === 'own' ? c.siteA : c.siteB,
        workType: 'repair',
        priority: 'P3',
        window: { startsAt: '2027-03-01T08:00:00Z', endsAt: '2027-03-01T12:00:00Z' },
      },
    }),
    expect: { ...all(201, 404), requester: [403, 403], technician: [403, 403], admin: [201, 201] },
  },
  'GET /work-orders': {
    request: (c, _r, t) => ({ method: 'GET', url: `/work-orders?organizationId=${org(c, t)}&limit=500` }),
    expect: { ...all(200), requester: [403, 403] },
    verify: (res, c, role, t) => t === 'other' && res.statusCode === 200 && noOtherRows(res, c, role),
  },
  // A technician sees only the jobs assigned to them: the matrix's work orders are nobody's yet.
  'GET /work-orders/{number}': {
    request: (c, _r, t) => ({ method: 'GET', url: `/work-orders/${c.workOrder(t)}` }),
    expect: { ...all(200, 404), requester: [403, 403], technician: [404, 404], admin: [200, 200] },
  },
  // The matrix's work orders run no process: a dispatcher allowed to act is told so (409).
  'POST /work-orders/{number}/actions': {
    request: (c, _r, t) => ({
      method: 'POST',
      url: `/work-orders/${c.workOrder(t)}/actions`,
      payload: { action: 'schedule', technicianId: c.technicianId },
    }),
    expect: { ...all(409, 404), requester: [403, 403], technician: [404, 404], admin: [409, 409] },
  },
  'GET /work-orders/{number}/suggestions': {
    request: (c, _r, t) => ({ method: 'GET', url: `/work-orders/${c.workOrder(t)}/suggestions` }),
    expect: { ...all(200, 404), requester: [403, 403], technician: [403, 403], admin: [200, 200] },
  },
  'GET /dispatch/board': {
    request: () => ({ method: 'GET', url: '/dispatch/board?from=2027-03-01&days=2' }),
    expect: { ...all(200), requester: [403, 403], technician: [403, 403] },
  },
  'GET /checklist-templates': {
    request: () => ({ method: 'GET', url: '/checklist-templates' }),
    expect: { ...all(200), requester: [403, 403] },
  },
  'PUT /checklist-templates/{workType}': {
    request: (c) => ({
      method: 'PUT',
      url: `/checklist-templates/matrix-${c.tag}`,
      payload: { items: [{ key: 'check', label: 'Checked', required: true }] },
    }),
    expect: { ...all(403), 'process-owner': [200, 200], admin: [200, 200] },
  },
  // Only the assigned technician records the work on site: the desk may see the job but not tick it (403).
  'PATCH /work-orders/{number}/checklist': {
    request: (c, _r, t) => ({
      method: 'PATCH',
      url: `/work-orders/${c.workOrder(t)}/checklist`,
      payload: { items: [{ key: 'check', done: true }] },
    }),
    expect: { ...all(403, 404), requester: [403, 403], technician: [404, 404], admin: [403, 403] },
  },
  'PUT /work-orders/{number}/parts': {
    request: (c, _r, t) => ({ method: 'PUT', url: `/work-orders/${c.workOrder(t)}/parts`, payload: { parts: [] } }),
    expect: { ...all(403, 404), requester: [403, 403], technician: [404, 404], admin: [403, 403] },
  },
  // No report before the job is closed: 404 for whoever may read work orders at all.
  'GET /work-orders/{number}/report.pdf': {
    request: (c, _r, t) => ({ method: 'GET', url: `/work-orders/${c.workOrder(t)}/report.pdf` }),
    expect: { ...all(404), requester: [403, 403] },
  },
  // Photos are the assigned technician's to take; the desk sees them.
  'POST /work-orders/{number}/photos': {
    request: (c, _r, t) => ({
      method: 'POST',
      url: `/work-orders/${c.workOrder(t)}/photos`,
      ...multipart([{ name: 'file', filename: 'site.png', contentType: 'image/png', content: PNG_BYTES }]),
    }),
    expect: { ...all(403, 404), requester: [403, 403], technician: [404, 404], admin: [403, 403] },
  },
  'GET /work-orders/{number}/photos': {
    request: (c, _r, t) => ({ method: 'GET', url: `/work-orders/${c.workOrder(t)}/photos` }),
    expect: { ...all(200, 404), requester: [403, 403], technician: [404, 404], admin: [200, 200] },
  },
  'GET /work-orders/{number}/photos/{id}/thumbnail': {
    request: (c, _r, t) => ({ method: 'GET', url: `/work-orders/${c.workOrder(t)}/photos/${randomUUID()}/thumbnail` }),
    expect: { ...all(404), requester: [403, 403] },
  },
  // Only a technician's phone syncs; a job not assigned to them comes back as a conflict in a 200.
  'POST /work-orders/sync': {
    request: (c, _r, t) => ({
      method: 'POST',
      url: '/work-orders/sync',
      payload: { actions: [{ id: randomUUID(), at: new Date().toISOString(), workOrder: c.workOrder(t), action: 'accept' }] },
    }),
    expect: { ...all(403), technician: [200, 200] },
    verify: (res, _c, role) => {
      if (role === 'technician') expect((res.result as { results: Array<{ outcome: string }> }).results[0]!.outcome).toBe('conflict');
    },
  },
  // The parts catalogue: staff read it, process owners and admins keep it (the provider's parts here).
  'GET /parts': { request: () => ({ method: 'GET', url: '/parts' }), expect: { ...all(200), requester: [403, 403] } },
  'POST /parts': {
    request: () => ({ method: 'POST', url: '/parts', payload: { sku: `M-${randomUUID().slice(0, 8)}`, name: 'Matrix part' } }),
    expect: { ...all(403), 'process-owner': [201, 201], admin: [201, 201] },
  },
  'GET /parts/{id}': {
    request: () => ({ method: 'GET', url: `/parts/${randomUUID()}` }),
    expect: { ...all(404), requester: [403, 403] },
  },
  'PUT /parts/{id}': {
    request: () => ({ method: 'PUT', url: `/parts/${randomUUID()}`, payload: { sku: 'M-1', name: 'Matrix part', version: 1 } }),
    expect: { ...all(403), 'process-owner': [404, 404], admin: [404, 404] },
  },
  'GET /work-types': { request: () => ({ method: 'GET', url: '/work-types' }), expect: { ...all(200), requester: [403, 403] } },
  'PUT /work-types/{workType}': {
    request: (c) => ({ method: 'PUT', url: `/work-types/matrix-${c.tag}`, payload: { autoDispatch: false } }),
    expect: { ...all(403), 'process-owner': [200, 200], admin: [200, 200] },
  },
  // An asset's maintenance schedule: staff read it, dispatchers set it; the matrix's server has no site (422).
  'GET /assets/{id}/maintenance-schedule': {
    request: (c, _r, t) => ({ method: 'GET', url: `/assets/${ciOf(c, t)}/maintenance-schedule` }),
    expect: { ...all(200, 404), requester: [403, 403], admin: [200, 200] },
  },
  'PUT /assets/{id}/maintenance-schedule': {
    request: (c, _r, t) => ({
      method: 'PUT',
      url: `/assets/${ciOf(c, t)}/maintenance-schedule`,
      payload: { every: 'P3M', nextDueOn: '2027-06-01' },
    }),
    expect: { ...all(422, 404), requester: [403, 403], technician: [403, 403], admin: [422, 422] },
  },
  // Camunda's deployment route: a part that is not a .bpmn, .dmn or .form file is refused before anything is compiled.
  'POST /v2/deployments': {
    request: () => ({
      method: 'POST',
      url: '/v2/deployments',
      ...multipart([{ name: 'resources', filename: 'notes.txt', contentType: 'text/plain', content: 'not bpmn' }]),
    }),
    expect: { ...all(403), 'process-owner': [400, 400], admin: [400, 400] },
  },
  // Job workers: staff take jobs of organisations they serve (own), admins of any (other); requesters none.
  'POST /v2/jobs/activation': {
    request: (c, _role, t) => ({
      method: 'POST',
      url: '/v2/jobs/activation',
      payload: {
        type: `matrix-${randomUUID()}`,
        timeout: 1000,
        maxJobsToActivate: 1,
        requestTimeout: -1,
        tenantIds: [t === 'own' ? c.orgA : c.orgB],
      },
    }),
    expect: { ...all(403), agent: [200, 403], 'process-owner': [200, 403], technician: [200, 403], admin: [200, 200] },
  },
  // A key this server never handed out names no job: 404 for whoever may answer jobs at all.
  'POST /v2/jobs/{jobKey}/completion': {
    request: () => ({ method: 'POST', url: '/v2/jobs/bm8.am9i.a2V5.c2ln/completion', payload: {} }),
    expect: { ...all(404), requester: [403, 403] },
  },
  'POST /v2/jobs/{jobKey}/failure': {
    request: () => ({ method: 'POST', url: '/v2/jobs/bm8.am9i.a2V5.c2ln/failure', payload: { retries: 0 } }),
    expect: { ...all(404), requester: [403, 403] },
  },
  'POST /v2/jobs/{jobKey}/error': {
    request: () => ({ method: 'POST', url: '/v2/jobs/bm8.am9i.a2V5.c2ln/error', payload: { errorCode: 'E' } }),
    expect: { ...all(404), requester: [403, 403] },
  },
  'PATCH /v2/jobs/{jobKey}': {
    request: () => ({ method: 'PATCH', url: '/v2/jobs/bm8.am9i.a2V5.c2ln', payload: { changeset: { retries: 1 } } }),
    expect: { ...all(404), requester: [403, 403] },
  },
  'POST /process-definitions/{id}/migrations/preview': {
    // The same version as target: refused by the domain (422) once the route lets the caller in.
    request: (c) => ({
      method: 'POST',
      url: `/process-definitions/${c.definitionId}/migrations/preview`,
      payload: { targetDefinitionId: c.definitionId },
    }),
    expect: { ...all(403), 'process-owner': [422, 422], admin: [422, 422] },
  },
  'POST /process-definitions/{id}/migrations': {
    request: (c) => ({
      method: 'POST',
      url: `/process-definitions/${c.definitionId}/migrations`,
      payload: { targetDefinitionId: c.definitionId },
    }),
    expect: { ...all(403), 'process-owner': [422, 422], admin: [422, 422] },
  },
  'GET /process-migrations/{id}': {
    request: async (c) => ({ method: 'GET', url: `/process-migrations/${await c.migrationBatch()}` }),
    expect: { ...all(403), 'process-owner': [200, 200], admin: [200, 200] },
  },
  'GET /process-migrations/{id}/items': {
    request: async (c) => ({ method: 'GET', url: `/process-migrations/${await c.migrationBatch()}/items` }),
    expect: { ...all(403), 'process-owner': [200, 200], admin: [200, 200] },
  },
  'POST /process-definitions/{id}/what-if': {
    // A candidate that does not compile: the compiler's 422 once the route lets the caller in, nothing replayed.
    request: (c) => ({
      method: 'POST',
      url: `/process-definitions/${c.definitionId}/what-if`,
      payload: {
        xml: '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t"><bpmn:process id="matrix_what_if" isExecutable="true"><bpmn:startEvent id="S" /><bpmn:sequenceFlow id="f" sourceRef="S" targetRef="Nowhere" /></bpmn:process></bpmn:definitions>',
        from: '2026-11-01T00:00:00Z',
        to: '2026-12-01T00:00:00Z',
      },
    }),
    expect: { ...all(403), 'process-owner': [422, 422], admin: [422, 422] },
  },
  'GET /process-what-ifs/{id}': {
    request: () => ({ method: 'GET', url: '/process-what-ifs/00000000-0000-4000-8000-000000000000' }),
    expect: { ...all(403), 'process-owner': [404, 404], admin: [404, 404] },
  },
  'GET /process-what-ifs/{id}/instances': {
    request: () => ({ method: 'GET', url: '/process-what-ifs/00000000-0000-4000-8000-000000000000/instances' }),
    expect: { ...all(403), 'process-owner': [404, 404], admin: [404, 404] },
  },
  'GET /webhooks/event-types': { request: () => ({ method: 'GET', url: '/webhooks/event-types' }), expect: adminOnly(200) },
  'GET /webhooks': { request: (c, _r, t) => ({ method: 'GET', url: `/webhooks?organizationId=${org(c, t)}` }), expect: adminOnly(200) },
  'POST /webhooks': {
    request: (c, _r, t) => ({
      method: 'POST',
      url: '/webhooks',
      payload: { name: 'Matrix', url: 'http://127.0.0.1:9/matrix', organizationId: org(c, t), eventTypes: ['ticket.created'] },
    }),
    expect: adminOnly(201),
  },
  'GET /webhooks/{id}': {
    request: async (c, _r, t) => ({ method: 'GET', url: `/webhooks/${await c.webhook(t)}` }),
    expect: adminOnly(200),
  },
  'PATCH /webhooks/{id}': {
    request: async (c, _r, t) => ({ method: 'PATCH', url: `/webhooks/${await c.webhook(t)}`, payload: { active: false } }),
    expect: adminOnly(200),
  },
  'POST /webhooks/{id}/secret': {
    request: async (c, _r, t) => ({ method: 'POST', url: `/webhooks/${await c.webhook(t)}/secret` }),
    expect: adminOnly(200),
  },
  'DELETE /webhooks/{id}': {
    request: async (c, _r, t) => ({ method: 'DELETE', url: `/webhooks/${await c.webhook(t)}` }),
    expect: adminOnly(204),
  },
  'GET /webhooks/{id}/deliveries': {
    request: async (c, _r, t) => ({ method: 'GET', url: `/webhooks/${await c.webhook(t)}/deliveries` }),
    expect: adminOnly(200),
  },
  // Live chat (issue 25). A chat's own routes also take a chat token (test/integration/live-chat.test.ts); with a
  // sign-in, staff who see the chat read it, only the agent who took it answers or ends it, and its requester is its
  // visitor (the matrix chats have none, so every requester gets 404).
  'GET /chat/availability': PUBLIC,
  'POST /chat/sessions': PUBLIC,
  'POST /contact': PUBLIC,
  'GET /widget.js': PUBLIC,
  'GET /chats': { request: () => ({ method: 'GET', url: '/chats' }), expect: { ...all(200), requester: [403, 403] } },
  'POST /chats/{id}/take': {
    request: async (c, _r, t) => ({ method: 'POST', url: `/chats/${await c.chat(t)}/take` }),
    expect: {
      requester: [403, 403],
      agent: [409, 404],
      'process-owner': [403, 404],
      technician: [403, 404],
      admin: [409, 409],
    },
  },
  'GET /chats/{id}': {
    request: async (c, _r, t) => ({ method: 'GET', url: `/chats/${await c.chat(t)}` }),
    expect: { ...all(200, 404), requester: [404, 404], admin: [200, 200] },
  },
  'GET /chats/events': {
    request: async (c, _r, t) => ({ method: 'GET', url: `/chats/events?chat=${await c.chat(t)}` }),
    expect: { ...all(200, 404), requester: [403, 403], admin: [200, 200] },
  },
  'GET /chats/{id}/events': {
    request: async (c, _r, t) => ({ method: 'GET', url: `/chats/${await c.chat(t)}/events` }),
    expect: { ...all(200, 404), requester: [404, 404], admin: [200, 200] },
  },
  'POST /chats/{id}/messages': {
    request: async (c, _r, t) => ({ method: 'POST', url: `/chats/${await c.chat(t)}/messages`, payload: { body: 'matrix' } }),
    expect: { ...all(403, 404), requester: [404, 404], admin: [403, 403] },
  },
  'POST /chats/{id}/attachments': {
    request: async (c, _r, t) => {
      const form = multipart([{ name: 'file', filename: 'matrix.pdf', contentType: 'application/pdf', content: PDF_BYTES }]);
      return { method: 'POST', url: `/chats/${await c.chat(t)}/attachments`, headers: form.headers, payload: form.payload };
    },
    expect: { ...all(403, 404), requester: [404, 404], admin: [403, 403] },
  },
  // No file in the matrix chats: whoever may open the chat learns only that this one is not among its files.
  'GET /chats/{id}/attachments/{attachmentId}': {
    request: async (c, _r, t) => ({
      method: 'GET',
      url: `/chats/${await c.chat(t)}/attachments/${t === 'own' ? c.attachmentA : c.attachmentB}`,
    }),
    expect: all(404),
  },
  'POST /chats/{id}/typing': {
    request: async (c, _r, t) => ({ method: 'POST', url: `/chats/${await c.chat(t)}/typing` }),
    expect: { ...all(204, 404), requester: [404, 404], admin: [204, 204] },
  },
  'POST /chats/{id}/end': {
    request: async (c, _r, t) => ({ method: 'POST', url: `/chats/${await c.chat(t)}/end` }),
    expect: { ...all(403, 404), requester: [404, 404], admin: [200, 200] },
  },
  'POST /phone/events': PUBLIC,
  'POST /messaging/{connectionId}/messages': PUBLIC,
  'GET /messaging-connections': { request: () => ({ method: 'GET', url: '/messaging-connections' }), expect: adminOnly(200) },
  'POST /messaging-connections': {
    request: (c, _r, t) => ({
      method: 'POST',
      url: '/messaging-connections',
      payload: { organizationId: org(c, t), name: 'Matrix bridge', kind: 'slack' },
    }),
    expect: adminOnly(201),
  },
  'POST /messaging-connections/{id}/secret': {
    request: async (c, _r, t) => ({
      method: 'POST',
      url: `/messaging-connections/${await c.messagingConnection(t)}/secret`,
      payload: { graceMinutes: 0 },
    }),
    expect: adminOnly(200),
  },
  'PATCH /messaging-connections/{id}': {
    request: async (c, _r, t) => ({
      method: 'PATCH',
      url: `/messaging-connections/${await c.messagingConnection(t)}`,
      payload: { name: 'Matrix bridge renamed' },
    }),
    expect: adminOnly(200),
  },
  'PATCH /phone-lines/{id}': {
    request: async (c, _r, t) => ({
      method: 'PATCH',
      url: `/phone-lines/${await c.phoneLine(t)}`,
      payload: { name: 'Matrix line renamed' },
    }),
    expect: adminOnly(200),
  },
  'PATCH /chat-sites/{id}': {
    request: async (c, _r, t) => ({ method: 'PATCH', url: `/chat-sites/${await c.chatSite(t)}`, payload: { active: false } }),
    expect: adminOnly(200),
  },
  'POST /phone-lines': {
    request: (c, _r, t) => ({ method: 'POST', url: '/phone-lines', payload: { organizationId: org(c, t), name: 'Matrix line' } }),
    expect: adminOnly(201),
  },
  'GET /calls/caller': {
    request: () => ({ method: 'GET', url: '/calls/caller?number=%2B370%20600%2000000' }),
    expect: { ...all(403), agent: [200, 200], admin: [200, 200] },
  },
  'POST /calls': {
    request: (c, _r, t) => ({
      method: 'POST',
      url: '/calls',
      payload: {
        callerNumber: '+370 600 00000',
        durationSeconds: 61,
        outcome: 'resolved',
        ticketNumber: t === 'own' ? c.ticketA : c.ticketB,
      },
    }),
    expect: { ...all(403), agent: [201, 404], admin: [201, 201] },
  },
  'GET /phone-lines': { request: () => ({ method: 'GET', url: '/phone-lines' }), expect: adminOnly(200) },
  'GET /chat-sites': { request: () => ({ method: 'GET', url: '/chat-sites' }), expect: adminOnly(200) },
  'GET /chat-queues': { request: () => ({ method: 'GET', url: '/chat-queues' }), expect: adminOnly(200) },
  'POST /chat-sites': {
    request: (c, _r, t) => ({ method: 'POST', url: '/chat-sites', payload: { organizationId: org(c, t), name: 'Matrix site' } }),
    expect: adminOnly(201),
  },
  'PUT /chat-queues/{key}': {
    request: (c) => ({ method: 'PUT', url: `/chat-queues/${c.groupKey}`, payload: { offerSeconds: 180 } }),
    expect: adminOnly(200),
  },
  'POST /webhook-deliveries/{id}/replay': {
    request: async (c, _r, t) => ({ method: 'POST', url: `/webhook-deliveries/${await c.deadDelivery(t)}/replay` }),
    expect: adminOnly(202),
  },
};

describe('authorisation matrix: route × role × own/other organisation', () => {
  let system: TestSystem;
  let ctx: Fixtures;
  const password = 'matrix-password-1';

  beforeAll(async () => {
    system = await TestSystem.start();
    const em = system.adminEm();
    const actor = systemActor('matrix');
    const customers = new CustomerService(em);
    const tag = randomUUID().slice(0, 8);
    const orgA = (await customers.createOrganization(actor, { name: `Matrix A ${tag}` })).id;
    const orgB = (await customers.createOrganization(actor, { name: `Matrix B ${tag}` })).id;
    const group = await new GroupService(em).create(actor, { key: `matrix-${tag}`, name: 'Matrix desk' });
    const directory = new UserService(em);
    const mk = async (role: Role, extra: object) => {
      const u = await directory.create(actor, { username: `m-${role}-${tag}`, displayName: role, password, roles: [role], ...extra });
      return { id: u.id, username: u.username };
    };
    const users = {
      requester: await mk('requester', { organizationId: orgA }),
      agent: await mk('agent', { servedOrganizationIds: [orgA], groupIds: [group.id] }),
      'process-owner': await mk('process-owner', { servedOrganizationIds: [orgA] }),
      technician: await mk('technician', { servedOrganizationIds: [orgA] }),
      admin: await mk('admin', {}),
      'customer-manager': await mk('customer-manager', { organizationId: orgA, roles: ['requester', 'customer-manager'] }),
    } as Fixtures['users'];
    const userB = await mk('requester', { username: `m-requester-b-${tag}`, organizationId: orgB });
    // A user's tokens are theirs alone (row-level security): B's is made acting as B.
    const asB = em.fork();
    asB.setSessionContext({ variables: { 'flowdesk.user_id': userB.id } });
    const userBToken = (await new ApiTokenService(asB).create({ ...actor, id: userB.id }, { name: 'b' })).token.id;
    const siteA = (await customers.createSite(actor, { organizationId: orgA, name: 'A site' })).id;
    const siteB = (await customers.createSite(actor, { organizationId: orgB, name: 'B site' })).id;
    const contractA = (await customers.createContract(actor, { organizationId: orgA, name: 'A', validFrom: '2026-01-01' })).id;
    const contractB = (await customers.createContract(actor, { organizationId: orgB, name: 'B', validFrom: '2026-01-01' })).id;
    const { processId, xml } = incidentProcess('matrix');
    const { definition } = await new ProcessDefinitionService(em).deploy(xml.replace(/service-desk/g, group.key), actor);
    const decisionXml = uniqueDecision();
    const decisionId = /<decision id="([^"]+)"/.exec(decisionXml)![1]!;
    const formId = `matrix-form-${tag}`;
    await storeForms(em, [readFormResource({ id: formId, type: 'default', components: [] }, 'matrix form')], actor);
    await em.flush();
    const deployedDecision = await system.injectAs('admin', {
      method: 'POST',
      url: '/decision-definitions',
      payload: { xml: decisionXml },
    });
    expect(deployedDecision.statusCode).toBe(201);
    const decisionKey = (deployedDecision.result as { decisions: Array<{ id: string }> }).decisions[0]!.id;
    const { requirementsKey: decisionRequirementsKey } = await em.findOneOrFail(DecisionDefinition, { id: decisionKey });
    const instances = new ProcessInstanceService(em, system.engine);
    const startIn = async (organizationId: string) => {
      const businessKey = `M-${randomUUID()}`;
      const instance = await instances.start({ processId, businessKey, variables: { matrix: true } }, { actor, organizationId });
      return { id: instance.id, businessKey };
    };
    const instanceA = await startIn(orgA);
    const instanceB = await startIn(orgB);
    const tickets = new TicketService(em);
    const adminPrincipal: Principal = {
      userId: users.admin.id,
      username: 'admin',
      displayName: 'Admin',
      roles: ['admin'],
      organizationId: null,
      servedOrganizationIds: [],
      groupKeys: [],
      via: 'jwt',
    };
    const raise = async (organizationId: string, word: string) =>
      (await tickets.create(adminPrincipal, { type: 'incident', title: `Matrix ${word} ${tag}`, description: 'matrix', organizationId }))
        .ticket.number;
    const ticketA = await raise(orgA, 'alphaticket');
    const ticketB = await raise(orgB, 'betaticket');
    const problemIn = async (organizationId: string, word: string) => {
      const { ticket: problem } = await tickets.create(adminPrincipal, {
        type: 'problem',
        title: `Matrix ${word} ${tag}`,
        description: 'matrix',
        organizationId,
      });
      await em.execute(
        `insert into known_error (id, problem_ticket_id, problem_number, title, workaround, created_at, updated_at, organization_id)
         values (?, ?, ?, ?, 'matrix workaround', now(), now(), ?)`,
        [randomUUID(), problem.id, problem.number, problem.title, organizationId],
      );
      return problem.number;
    };
    const problemA = await problemIn(orgA, 'alphaproblem');
    const problemB = await problemIn(orgB, 'betaproblem');
    const attachOne = async (number: string) => {
      const stored = await new AttachmentService(em, system.attachments.store, system.attachments).attach(
        await em.findOneOrFail(Ticket, { number }),
        adminPrincipal,
        { source: { content: PNG_BYTES }, filename: 'matrix.png', contentType: 'image/png' },
        'file',
        null,
      );
      if (!stored.ok) throw stored.error;
      return stored.attachment.id;
    };
    const attachmentA = await attachOne(ticketA);
    const attachmentB = await attachOne(ticketB);
    const anotherAgent: Principal = {
      ...adminPrincipal,
      userId: randomUUID(),
      username: 'another-agent',
      displayName: 'Another agent',
      roles: ['agent'],
    };
    const sla = new SlaService(em);
    const calendarId = (
      await sla.createCalendar(actor, {
        name: `Matrix ${tag}`,
        definition: { timeZone: 'UTC', weekly: { 1: [{ start: '08:00', end: '16:00' }] } },
      })
    ).id;
    const slaService = `matrix-${tag}`;
    const services = new ServiceService(em);
    // Offered to both organisations, so a policy for either may name it.
    await services.create(adminPrincipal, { name: slaService, kind: 'technical', customerOrganizationIds: [orgA, orgB] });
    const freshService = async (t: Target) =>
      (
        await services.create(adminPrincipal, {
          name: `Matrix ${tag} ${randomUUID()}`,
          kind: 'business',
          organizationId: t === 'own' ? orgA : orgB,
        })
      ).id;
    const serviceA = await freshService('own');
    const serviceB = await freshService('other');
    const catalog = new CatalogService(em);
    const freshCategory = async () => (await catalog.createCategory(adminPrincipal, { name: `Matrix ${tag} ${randomUUID()}` })).id;
    const categoryId = await freshCategory();
    const freshItem = async (t: Target) =>
      (
        await new CatalogService(system.adminEm()).createItem(adminPrincipal, {
          categoryId,
          name: `Matrix ${tag} ${randomUUID()}`,
          formSchema: { components: [{ type: 'textfield', key: 'reason', label: 'Reason', validate: { required: true } }] },
          processId: `none_${tag}`,
          organizationId: t === 'own' ? orgA : orgB,
        })
      ).id;
    const itemA = await freshItem('own');
    const itemB = await freshItem('other');
    const orderIn = async (t: Target) =>
      (
        await new CatalogOrdering(em, tickets).submit(adminPrincipal, t === 'own' ? itemA : itemB, {
          answers: { reason: 'matrix' },
          organizationId: t === 'own' ? orgA : orgB,
        })
      ).ticket.number;
    const orderA = await orderIn('own');
    const orderB = await orderIn('other');
    let ruleSeq = 0;
    let approvalSeq = 0;
    const freshRule = async () =>
      (
        await new RoutingRuleService(system.adminEm()).create(actor, {
          name: `Matrix ${tag} ${++ruleSeq}`,
          category: `matrix-${tag}-${ruleSeq}`,
          assignmentGroup: group.key,
        })
      ).id;
    const ruleId = await freshRule();
    await sla.createPolicy(actor, {
      name: `Matrix ${tag}`,
      priority: null,
      service: slaService,
      organizationId: null,
      calendarId,
      responseTarget: 'PT1H',
      resolutionTarget: 'PT8H',
    });
    const policyOf = async (organizationId: string) =>
      (
        await sla.createPolicy(actor, {
          name: `Matrix ${tag} ${organizationId}`,
          priority: null,
          service: slaService,
          organizationId,
          calendarId,
          responseTarget: 'PT1H',
          resolutionTarget: 'PT8H',
        })
      ).id;
    const policyA = await policyOf(orgA);
    const policyB = await policyOf(orgB);
    const newCi = async (t: Target) =>
      (
        await new CiService(system.adminEm()).create(adminPrincipal, {
          organizationId: t === 'own' ? orgA : orgB,
          classKey: 'server',
          name: `Matrix CI ${randomUUID()}`,
        })
      ).id;
    const ciA = await newCi('own');
    const ciB = await newCi('other');
    const freshTechnicianUser = async () =>
      (await mk('technician', { username: `m-tech-${randomUUID().slice(0, 8)}`, servedOrganizationIds: [orgA] })).id;
    const technicianId = (
      await new TechnicianService(em).create(adminPrincipal, {
        userId: users.technician.id,
        skills: { hvac: 3 },
        territories: ['matrix'],
        workingHours: {},
        homeBase: { latitude: 54.7, longitude: 25.3 },
      })
    ).id;
    const freshTechnician = async () =>
      (
        await new TechnicianService(system.adminEm()).create(adminPrincipal, {
          userId: await freshTechnicianUser(),
          skills: { hvac: 1 },
          territories: [],
          workingHours: {},
          homeBase: { latitude: 54.7, longitude: 25.3 },
        })
      ).id;
    const freshAbsence = async (): Promise<[string, string]> => {
      const added = await new TechnicianService(system.adminEm()).addAbsence(adminPrincipal, technicianId, {
        startsAt: '2027-04-01T00:00:00Z',
        endsAt: '2027-04-02T00:00:00Z',
      });
      return [technicianId, added.id];
    };
    const locations = new SiteLocationService(em);
    await locations.set(adminPrincipal, siteA, { latitude: 54.69, longitude: 25.28 });
    await locations.set(adminPrincipal, siteB, { latitude: 59.91, longitude: 10.75 });
    const openWorkOrder = async (parentTicket: string, siteId: string) =>
      (
        await new WorkOrderService(system.adminEm(), tickets).create(adminPrincipal, {
          title: `Matrix visit ${tag}`,
          parentTicket,
          siteId,
          workType: 'repair',
          priority: 'P3',
          window: { startsAt: '2027-03-01T08:00:00Z', endsAt: '2027-03-01T12:00:00Z' },
        })
      ).workOrder.ticketNumber;
    const workOrderA = await openWorkOrder(ticketA, siteA);
    const workOrderB = await openWorkOrder(ticketB, siteB);
    const chats: Partial<Record<Target, Promise<string>>> = {};
    ctx = {
      orgA,
      orgB,
      technicianId,
      freshTechnicianUser,
      freshTechnician,
      freshAbsence,
      workOrder: (t) => (t === 'own' ? workOrderA : workOrderB),
      ciA,
      ciB,
      freshCi: newCi,
      async freshRelation(t) {
        const relation = await new RelationService(system.adminEm()).create(adminPrincipal, {
          sourceId: await newCi(t),
          type: 'runs_on',
          targetId: t === 'own' ? ciA : ciB,
        });
        return relation.id;
      },
      async freshCiLink(t) {
        const number = t === 'own' ? ticketA : ticketB;
        const ciId = await newCi(t);
        await new TicketCiLinks(system.adminEm()).link(adminPrincipal, number, ciId);
        return [number, ciId];
      },
      users,
      userB,
      userBToken,
      siteA,
      siteB,
      contract: (t) => (t === 'own' ? contractA : contractB),
      slaPolicy: (t) => (t === 'own' ? policyA : policyB),
      processId,
      instanceA,
      instanceB,
      ticketA,
      ticketB,
      problemA,
      problemB,
      calendarId,
      slaService,
      tag,
      service: (t) => (t === 'own' ? serviceA : serviceB),
      freshService,
      categoryId,
      freshCategory,
      item: (t) => (t === 'own' ? itemA : itemB),
      freshItem,
      order: (t) => (t === 'own' ? orderA : orderB),
      ruleId,
      freshRule,
      async defaultGroup() {
        return (await new RoutingRuleService(system.adminEm()).defaultGroup()) ?? 'service-desk';
      },
      async freshUser(t) {
        return (await mk('requester', { username: `m-fresh-${randomUUID().slice(0, 8)}`, organizationId: t === 'own' ? orgA : orgB })).id;
      },
      async freshTicket(t) {
        return raise(t === 'own' ? orgA : orgB, 'linked');
      },
      async ticketVersion(number) {
        return (await system.adminEm().findOneOrFail(Ticket, { number })).version;
      },
      definitionId: definition.id,
      decisionId,
      decisionKey,
      decisionRequirementsKey,
      formId,
      groupKey: group.key,
      // A fresh instance per case, so a case that completes the task never spends another's.
      async openTask(t) {
        const { id } = await startIn(t === 'own' ? orgA : orgB);
        return eventually(async () => {
          const task = (await instances.get(id)).view?.openUserTasks[0];
          if (!task) throw new Error('no open task yet');
          return `${id}.${task.elementInstanceKey}`;
        });
      },
      async freshInstance(t) {
        return (await startIn(t === 'own' ? orgA : orgB)).id;
      },
      async freshDefinition() {
        return (await new ProcessDefinitionService(system.adminEm()).deploy(incidentProcess('archive').xml, actor)).definition.id;
      },
      async ownToken(role) {
        const asOwner = system.adminEm();
        asOwner.setSessionContext({ variables: { 'flowdesk.user_id': users[role].id } });
        return (await new ApiTokenService(asOwner).create({ ...actor, id: users[role].id }, { name: 'own' })).token.id;
      },
      attachmentA,
      attachmentB,
      async approval(role, t) {
        const em = system.adminEm();
        const instance = t === 'own' ? instanceA : instanceB;
        const id = randomUUID();
        em.create(Approval, {
          id,
          processInstanceId: instance.id,
          taskId: `${instance.id}.${900_000 + ++approvalSeq}`,
          elementId: 'matrix',
          purpose: 'cab',
          taskName: 'Matrix approval',
          ticketId: null,
          approverId: users[role].id,
          approverUsername: users[role].username,
          approverGroup: null,
          delegatedFrom: null,
          state: 'pending',
          comment: null,
          decidedBy: null,
          decidedAt: null,
          mailedAt: null,
          createdAt: new Date(),
          updatedAt: new Date(),
          organizationId: t === 'own' ? orgA : orgB,
        });
        await em.flush();
        return id;
      },
      async webhook(t) {
        const { subscription } = await new WebhookService(system.adminEm(), 'allow').create(adminPrincipal, {
          name: `Matrix ${t}`,
          url: 'http://127.0.0.1:9/matrix',
          organizationId: t === 'own' ? orgA : orgB,
          eventTypes: ['ticket.created'],
        });
        return subscription.id;
      },
      async phoneLine(t) {
        const em = system.adminEm();
        const id = randomUUID();
        em.create(PhoneLine, {
          id,
          name: `Matrix line ${t}`,
          secret: `matrix-${id}`,
          createdAt: new Date(),
          organizationId: t === 'own' ? orgA : orgB,
        });
        await em.flush();
        return id;
      },
      async chatSite(t) {
        const em = system.adminEm();
        const id = randomUUID();
        em.create(ChatSite, {
          id,
          name: `Matrix site ${t}`,
          siteKey: `fdk_matrix_${id}`,
          allowedOrigins: [],
          ticketType: 'incident',
          createdAt: new Date(),
          organizationId: t === 'own' ? orgA : orgB,
        });
        await em.flush();
        return id;
      },
      async messagingConnection(t) {
        const em = system.adminEm();
        const id = randomUUID();
        em.create(MessagingConnection, {
          id,
          name: `Matrix bridge ${t}`,
          kind: 'slack',
          inboundSecret: `fdmsg_matrix_${id}`,
          createdAt: new Date(),
          organizationId: t === 'own' ? orgA : orgB,
        });
        await em.flush();
        return id;
      },
      chat(t) {
        chats[t] ??= (async () => {
          const em = system.adminEm();
          const ticket = await em.findOneOrFail(Ticket, { number: await ctx.freshTicket(t) });
          const id = randomUUID();
          em.create(Chat, {
            id,
            ticketId: ticket.id,
            visitorName: 'Matrix visitor',
            state: 'ended',
            startedAt: new Date(),
            offerUntil: new Date(),
            endedAt: new Date(),
            organizationId: t === 'own' ? orgA : orgB,
          });
          await em.flush();
          return id;
        })();
        return chats[t];
      },
      async deadDelivery(t) {
        const em = system.adminEm();
        const organizationId = t === 'own' ? orgA : orgB;
        const subscriptionId = await ctx.webhook(t);
        const event = em.create(WebhookEvent, {
          type: 'ticket.created',
          subject: 'MATRIX',
          payload: {},
          occurredAt: new Date(),
          organizationId,
        });
        await em.flush();
        const id = randomUUID();
        em.create(WebhookDelivery, {
          id,
          subscriptionId,
          eventId: event.id,
          state: 'dead',
          attempts: 1,
          deadAt: new Date(),
          relayedAt: new Date(),
          replays: 0,
          createdAt: new Date(),
          organizationId,
        });
        await em.flush();
        return id;
      },
      async migrationBatch() {
        const em = system.adminEm();
        const id = randomUUID();
        em.create(MigrationBatch, {
          id,
          processId: ctx.processId,
          sourceDefinitionId: ctx.definitionId,
          targetDefinitionId: ctx.definitionId,
          mappings: [],
          state: 'finished',
          total: 0,
          requestedBy: 'matrix',
          createdAt: new Date(),
          finishedAt: new Date(),
          organizationId: null,
        });
        await em.flush();
        return id;
      },
      async blackout(t) {
        const em = system.adminEm();
        const id = randomUUID();
        em.create(BlackoutWindow, {
          id,
          name: `Matrix ${t}`,
          startsAt: new Date('2031-01-01T00:00:00Z'),
          endsAt: new Date('2031-01-02T00:00:00Z'),
          services: [],
          createdBy: 'matrix',
          createdAt: new Date(),
          organizationId: t === 'own' ? orgA : orgB,
        });
        await em.flush();
        return id;
      },
      async article(t, stage = 'published') {
        const em = system.adminEm();
        const created = await new ArticleService(em).create(anotherAgent, {
          title: `Matrix article ${t}`,
          body: 'matrix',
          language: 'en',
          audience: 'public',
          visibleOrganizationIds: [t === 'own' ? orgA : orgB],
        });
        const id = created.id as string;
        if (stage !== 'draft') await new ArticleService(em).submit(anotherAgent, id, 1);
        if (stage === 'published') await new ArticleService(em).review(adminPrincipal, id, 1, { approve: true });
        return id;
      },
      async articleLink(t) {
        const id = await ctx.article(t);
        const link = await new ArticleLinks(system.adminEm()).add(id, 'incident', t === 'own' ? ticketA : ticketB);
        return [id, link.id as string];
      },
      async cannedResponse(role, t) {
        const author: Principal =
          t === 'own' ? { ...adminPrincipal, userId: users[role].id, username: users[role].username, roles: [role] } : anotherAgent;
        return (
          await new CannedResponseService(system.adminEm()).create(author, {
            title: `Matrix ${role} ${t}`,
            body: 'Hello {{caller.firstName}}',
          })
        ).id;
      },
    };
    for (const role of ROLES) await system.tokenFor(users[role].username, password);
  });
  afterAll(async () => {
    await system?.close();
  });

  const keyOf = (method: string, path: string) => `${method.toUpperCase()} ${path.startsWith('/swaggerui/') ? '/swaggerui/*' : path}`;

  it('has an entry for every route the server has', () => {
    const missing = system.server
      .table()
      .map((r) => keyOf(r.method, r.path))
      .filter((key) => !(key in matrix));
    expect(missing).toEqual([]);
  });

  const cases = Object.entries(matrix).flatMap(([key, c]) =>
    c === PUBLIC ? [] : ROLES.flatMap((role) => (['own', 'other'] as const).map((target) => [key, role, target, c] as const)),
  );

  it.each(
    Object.entries(matrix)
      .filter(([, c]) => c !== PUBLIC)
      .map(([key]) => [key]),
  )('%s refuses an anonymous caller with 401', async (key) => {
    const [method, url] = key.split(' ') as [string, string];
    const res = await system.server.inject({ method, url: url.replace('{id}', randomUUID()).replace('{key}', '1') });
    expect(res.statusCode).toBe(401);
  });

  it.each(cases.map(([key, role, target, c]) => [key, role, target, expectedOf(c.expect, role)[target === 'own' ? 0 : 1], c] as const))(
    '%s as %s on the %s organisation → %i',
    async (_key, role, target, status, c) => {
      const request = await c.request(ctx, role, target);
      const res = await system.injectAs(ctx.users[role].username, request);
      expect({ status: res.statusCode, body: status === res.statusCode ? undefined : res.result }).toEqual({ status, body: undefined });
      c.verify?.(res, ctx, role, target);
    },
  );

  it('checks the number of cases the closing note reports', () => {
    // 5 roles × 2 targets for every protected route.
    expect(cases.length).toBe(Object.values(matrix).filter((c) => c !== PUBLIC).length * ROLES.length * 2);
  });
});
