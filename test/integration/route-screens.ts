// Over 300 lines because it is a table: one row per route that changes data.
/**
 * Every API route that manages data (every method but GET) and where a person does it: a UI route
 * of ui/src/app/app.routes.ts, or why no screen is meant to exist. route-screens.test.ts fails on a
 * route of the server's table that is missing here, and on a screen that is not a UI route.
 *
 * - `screen`: the UI route that covers it (the path as app.routes.ts writes it);
 * - `machine`: a caller that is not a person at a screen (workers, integrations, mail links);
 * - `gap`: known to have no screen yet; each is work still to do, named so the list shrinks.
 */
export type Coverage = { screen: string } | { machine: string } | { gap: string };

const desk = { screen: 'desk/tickets/:number' };
const portalTicket = { screen: 'portal/tickets/:number' };
const studio = { screen: 'processes' };
const knowledge = { screen: 'desk/knowledge' };
const techJob = { screen: 'tech/jobs/:number' };
const dispatch = { screen: 'desk/dispatch' };
const catalogCuration = { screen: 'admin/catalog' };
const catalogItem = { screen: 'admin/catalog/items/:id' };
const webhooks = { screen: 'admin/webhooks' };
const ciPage = { screen: 'desk/cis/:id' };
const fieldSettings = { screen: 'admin/field-service' };
const technicians = { screen: 'admin/technicians' };
const camunda = { machine: 'Camunda 8 job workers and clients (docs/api.md: /v2)' };

/** Screens a branch adds that is not merged yet; the test accepts them until it is (empty: none pending). */
export const AWAITING_MERGE = new Set<string>([]);

export const ROUTE_SCREENS: Record<string, Coverage> = {
  // Sessions: the sign-in page and the app shell.
  'POST /auth/login': { screen: 'login' },
  'POST /auth/refresh': { machine: 'the UI session refreshes its access token by itself (core/auth/session.ts)' },
  'POST /auth/logout': { machine: 'the app shell’s sign-out button, on every page' },
  'PATCH /me': { screen: 'profile' },
  'PUT /me/availability': { screen: 'profile' },

  // Directory (admin2).
  'POST /users': { screen: 'admin/users' },
  'PATCH /users/{id}': { screen: 'admin/users' },
  'DELETE /users/{id}/sessions': { screen: 'admin/users' },
  'POST /groups': { screen: 'admin/groups' },
  'PATCH /groups/{key}': { screen: 'admin/groups' },
  'POST /organizations': { screen: 'admin/organizations' },
  'PATCH /organizations/{id}': { screen: 'admin/organizations' },
  'POST /sites': { screen: 'admin/organizations' },
  'PATCH /sites/{id}': { screen: 'admin/organizations' },
  'PUT /sites/{id}/location': { screen: 'admin/organizations' },
  'POST /contracts': { screen: 'admin/organizations' },
  'PATCH /contracts/{id}': { screen: 'admin/organizations' },
  'POST /api-tokens': { screen: 'admin/api-tokens' },
  'DELETE /api-tokens/{id}': { screen: 'admin/api-tokens' },

  // Routing, canned responses, mail templates, calendars and SLA policies (admin1's screens).
  'POST /routing-rules': { screen: 'admin/routing' },
  'PATCH /routing-rules/{id}': { screen: 'admin/routing' },
  'DELETE /routing-rules/{id}': { screen: 'admin/routing' },
  'PUT /routing-rules/order': { screen: 'admin/routing' },
  'PUT /routing-rules/default': { screen: 'admin/routing' },
  'POST /routing-rules/test': { screen: 'admin/routing' },
  'POST /canned-responses': { screen: 'admin/canned-responses' },
  'PATCH /canned-responses/{id}': { screen: 'admin/canned-responses' },
  'DELETE /canned-responses/{id}': { screen: 'admin/canned-responses' },
  'POST /canned-responses/{id}/render': { screen: 'admin/canned-responses' },
  'PUT /mail-templates/{key}': { screen: 'admin/mail-templates' },
  'POST /mail-templates/{key}/preview': { screen: 'admin/mail-templates' },
  'POST /business-calendars': { screen: 'admin/sla' },
  'PATCH /business-calendars/{id}': { screen: 'admin/sla' },
  'POST /sla-policies': { screen: 'admin/sla' },
  'PATCH /sla-policies/{id}': { screen: 'admin/sla' },
  'POST /sla/deadlines': { machine: 'processes compute deadlines through the sla-deadlines task type; the route is for integrations' },

  // Studio and operations.
  'POST /process-definitions': studio,
  'POST /process-definitions/validate': studio,
  'POST /process-definitions/diff': studio,
  'POST /process-definitions/{id}/activate': studio,
  'POST /process-definitions/{id}/archive': studio,
  'POST /process-definitions/{id}/migrations/preview': studio,
  'POST /process-definitions/{id}/what-if': studio,
  'POST /process-definitions/{id}/migrations': studio,
  'POST /decision-definitions': { screen: 'processes/decisions' },
  'POST /process-instances': studio,
  'POST /process-instances/{id}/cancel': studio,
  'POST /process-instances/{id}/incidents/{key}/retry': studio,
  'PUT /process-instances/{id}/variables': studio,
  'POST /process-instances/{id}/migrate/preview': studio,
  'POST /process-instances/{id}/migrate': studio,
  'POST /tasks/{id}/complete': studio,
  'POST /tasks/{id}/assignment': studio,
  'PATCH /tasks/{id}': studio,
  'POST /messages': { machine: 'BPMN message correlation from integrations (docs/api.md)' },
  'POST /signals': { machine: 'BPMN signal broadcast from integrations (docs/api.md)' },
  'POST /v2/deployments': camunda,
  'POST /v2/element-instances/ad-hoc-activities/{adHocSubProcessInstanceKey}/activation': camunda,
  'POST /v2/jobs/activation': camunda,
  'POST /v2/process-instances': camunda,
  'POST /v2/process-instances/search': camunda,
  'POST /v2/process-instances/{processInstanceKey}/cancellation': camunda,
  'POST /v2/messages/publication': camunda,
  'POST /v2/messages/correlation': camunda,
  'POST /v2/signals/broadcast': camunda,
  'POST /v2/user-tasks/{userTaskKey}/completion': camunda,
  'POST /v2/user-tasks/{userTaskKey}/assignment': camunda,
  'DELETE /v2/user-tasks/{userTaskKey}/assignee': camunda,
  'PATCH /v2/user-tasks/{userTaskKey}': camunda,
  'POST /v2/user-tasks/search': camunda,
  'POST /v2/user-tasks/{userTaskKey}/variables/search': camunda,
  'POST /v2/variables/search': camunda,
  'POST /v2/element-instances/search': camunda,
  'POST /v2/process-instances/{processInstanceKey}/incidents/search': camunda,
  'POST /v2/process-instances/{processInstanceKey}/migration': camunda,
  'PUT /v2/element-instances/{elementInstanceKey}/variables': camunda,
  'POST /v2/incidents/{incidentKey}/resolution': camunda,
  'POST /v2/incidents/search': camunda,
  'POST /v2/process-definitions/search': camunda,
  'POST /v2/decision-definitions/evaluation': camunda,
  'POST /v2/decision-definitions/search': camunda,
  'POST /v2/decision-requirements/search': camunda,
  'POST /v2/jobs/{jobKey}/completion': camunda,
  'POST /v2/jobs/{jobKey}/failure': camunda,
  'POST /v2/jobs/{jobKey}/error': camunda,
  'PATCH /v2/jobs/{jobKey}': camunda,

  // Tickets: the agent's desk and the requester's portal.
  'POST /tickets': { screen: 'portal/new' },
  'PATCH /tickets/{number}': desk,
  'POST /tickets/{number}/entries': desk,
  'POST /tickets/{number}/actions/resolve': desk,
  'POST /tickets/{number}/actions/await-caller': desk,
  'POST /tickets/{number}/actions/categorise': desk,
  'POST /tickets/{number}/actions/confirm-major': desk,
  'POST /tickets/{number}/actions/implement': desk,
  'POST /tickets/{number}/actions/review': desk,
  'POST /tickets/{number}/assignment': desk,
  'POST /tickets/{number}/confirmation': portalTicket,
  'POST /tickets/{number}/links': desk,
  'POST /tickets/{number}/reopen': portalTicket,
  'POST /tickets/{number}/follow-up': portalTicket,
  'POST /tickets/{number}/attachments': desk,
  'POST /tickets/{number}/survey-answers': portalTicket,
  'POST /tickets/{number}/configuration-items': desk,
  'DELETE /tickets/{number}/configuration-items/{ciId}': desk,
  'POST /surveys/{token}': { screen: 'portal/survey/:token' },
  'POST /surveys/{token}/score': { screen: 'portal/survey/:token' },
  'PATCH /surveys/{token}': { screen: 'portal/survey/:token' },

  // On call.
  'PUT /groups/{key}/on-call/rota': { screen: 'admin/groups' },
  'POST /groups/{key}/on-call/overrides': { screen: 'admin/groups' },

  // Problems and changes.
  'POST /problems': desk,
  'POST /problems/{number}/incidents': desk,
  'POST /problems/{number}/analysis': desk,
  'POST /problems/{number}/changes': desk,
  'POST /problems/{number}/workaround': desk,
  'POST /change-blackouts': { screen: 'desk/changes/calendar' },
  'DELETE /change-blackouts/{id}': { screen: 'desk/changes/calendar' },
  'POST /approvals/{id}/approve': { screen: 'desk/approvals' },
  'POST /approvals/{id}/reject': { screen: 'desk/approvals' },
  'POST /approvals/{id}/delegate': { screen: 'desk/approvals' },
  'POST /approval-links/{token}': { machine: 'the signed approve/reject link in the approver’s mail' },

  // Knowledge.
  'POST /kb/articles': knowledge,
  'PATCH /kb/articles/{id}': knowledge,
  'POST /kb/articles/{id}/solved': { screen: 'portal/knowledge/:id' },
  'POST /kb/articles/{id}/versions': knowledge,
  'POST /kb/articles/{id}/versions/{version}/submit': knowledge,
  'POST /kb/articles/{id}/versions/{version}/review': knowledge,
  'POST /kb/articles/{id}/links': knowledge,
  'DELETE /kb/articles/{id}/links/{linkId}': knowledge,
  'POST /kb/categories': knowledge,
  'POST /kb/preview': knowledge,

  // Services and the catalog.
  'POST /services': { screen: 'admin/services' },
  'PATCH /services/{id}': { screen: 'admin/services' },
  'DELETE /services/{id}': { screen: 'admin/services' },
  'POST /catalog/categories': catalogCuration,
  'PATCH /catalog/categories/{id}': catalogCuration,
  'DELETE /catalog/categories/{id}': catalogCuration,
  'POST /catalog/items': catalogCuration,
  'PATCH /catalog/items/{id}': catalogItem,
  'DELETE /catalog/items/{id}': catalogCuration,
  'POST /catalog/items/{id}/requests': { screen: 'portal/catalog/:id' },

  // CMDB.
  'POST /cmdb/cis': { screen: 'desk/cis' },
  'PATCH /cmdb/cis/{id}': ciPage,
  'DELETE /cmdb/cis/{id}': ciPage,
  'POST /cmdb/relations': ciPage,
  'DELETE /cmdb/relations/{id}': ciPage,
  'POST /cmdb/imports': { machine: 'CMDB discovery tools import CSV/JSON in bulk (docs/api.md)' },

  // Field service.
  'POST /technicians': technicians,
  'PATCH /technicians/{id}': technicians,
  'POST /technicians/{id}/absences': technicians,
  'DELETE /technicians/{id}/absences/{absenceId}': technicians,
  'POST /work-orders': desk,
  'POST /work-orders/{number}/actions': dispatch,
  'PUT /checklist-templates/{workType}': fieldSettings,
  // The technician's page queues these offline and sends them through POST /work-orders/sync.
  'PATCH /work-orders/{number}/checklist': techJob,
  'PUT /work-orders/{number}/parts': techJob,
  'POST /work-orders/{number}/photos': techJob,
  'POST /work-orders/sync': { screen: 'tech/jobs' },
  'POST /parts': fieldSettings,
  'PUT /parts/{id}': fieldSettings,
  'PUT /work-types/{workType}': fieldSettings,
  'PUT /assets/{id}/maintenance-schedule': ciPage,

  // Webhooks.
  // Live chat, widget and contact form (issue 25): chats start from the portal (or the embeddable widget, GET /widget.js).
  'POST /chat/sessions': { screen: 'portal/chat' },
  'POST /chats/{id}/messages': { screen: 'desk/chats' },
  'POST /chats/{id}/typing': { screen: 'desk/chats' },
  'POST /chats/{id}/end': { screen: 'desk/chats' },
  'POST /chats/{id}/take': { screen: 'desk/chats' },
  'POST /contact': { machine: 'a customer’s own contact form page posting with its site key (docs/channels.md)' },
  'POST /chat-sites': { screen: 'admin/channels' },
  'PATCH /chat-sites/{id}': { screen: 'admin/channels' },
  'POST /phone/events': { machine: 'a PBX or VoIP service’s signed call events (docs/channels.md)' },
  'POST /phone-lines': { screen: 'admin/channels' },
  'PATCH /phone-lines/{id}': { screen: 'admin/channels' },
  'POST /calls': { screen: 'desk' },
  'POST /messaging/{connectionId}/messages': { machine: 'a Slack, Teams or WhatsApp bridge’s signed messages (docs/channels.md)' },
  'POST /messaging-connections': { screen: 'admin/messaging' },
  'PATCH /messaging-connections/{id}': { screen: 'admin/messaging' },
  'POST /messaging-connections/{id}/secret': { screen: 'admin/messaging' },
  'POST /chats/{id}/attachments': { screen: 'desk/chats' },
  'PUT /chat-queues/{key}': { screen: 'admin/groups' },
  'POST /webhooks': webhooks,
  'PATCH /webhooks/{id}': webhooks,
  'POST /webhooks/{id}/secret': webhooks,
  'DELETE /webhooks/{id}': webhooks,
  'POST /webhook-deliveries/{id}/replay': webhooks,
};
