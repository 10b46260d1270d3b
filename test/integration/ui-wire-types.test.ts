import { interfaceShape, schemaShape, wireDifferences } from '../support/wire-types';
import { repoFile } from '../support/repo-root';
import { TestSystem } from '../support/test-system';

/** The UI's wire types of the ticket API, and the schema (components.schemas) each must match. */
const TICKET_TYPES: Array<[uiType: string, schema: string]> = [
  ['Ticket', 'Ticket'],
  ['TicketSla', 'TicketSla'],
  ['TicketCaller', 'TicketCaller'],
  ['TicketWork', 'TicketWork'],
  ['WaitingTask', 'WaitingTask'],
  ['Ability', 'TicketAbility'],
  ['TicketEntry', 'TicketEntry'],
  ['TicketLink', 'TicketLink'],
  ['TicketActionResult', 'TicketActionResult'],
  ['AssignmentOptions', 'AssignmentOptions'],
  ['AssignmentStep', 'AssignmentStep'],
  ['TicketHolder', 'TicketHolder'],
  ['GroupTime', 'GroupTime'],
  ['TicketWaits', 'TicketWaits'],
  ['TicketWait', 'Wait'],
];
/** The same for the knowledge base and survey routes (ui/src/app/core/api/knowledge-types.ts). */
const KNOWLEDGE_CHECKED: Array<[uiType: string, schema: string]> = [
  ['Article', 'Article'],
  ['ArticleHit', 'ArticleHit'],
  ['ArticleVersion', 'ArticleVersion'],
  ['ArticleLink', 'ArticleLink'],
  ['EditorArticle', 'EditorArticle'],
  ['KbCategory', 'KbCategory'],
  ['KbOrganization', 'KbOrganization'],
  ['SurveyQuestion', 'SurveyQuestion'],
  ['SurveyAnswer', 'SurveyAnswer'],
  ['SurveyAnswerInput', 'SurveyAnswerInput'],
  ['SurveyAmendInput', 'SurveyAmendInput'],
  ['PendingSurvey', 'PendingSurvey'],
  ['PendingSurveyList', 'PendingSurveyList'],
];
/** The KPI dashboard's wire types (ui/src/app/core/api/kpis-api.ts). */
const KPI_TYPES: Array<[uiType: string, schema: string]> = [
  ['KpiRow', 'KpiRow'],
  ['KpiReport', 'KpiReport'],
  ['MissingKpi', 'MissingKpi'],
  ['BacklogRow', 'BacklogRow'],
  ['LiveTicket', 'LiveTicket'],
  ['GroupLiveView', 'GroupLiveView'],
];
/** A change's conflicts, on each approval and on the change (ui/src/app/core/api/approvals-api.ts). */
const APPROVAL_TYPES: Array<[uiType: string, schema: string]> = [
  ['ChangeConflicts', 'ChangeConflicts'],
  ['CiConflict', 'CiConflict'],
  ['CiRef', 'CiRef'],
];
/** The desk-configuration admin pages' wire types (ui/src/app/core/api/desk-config-api.ts). */
const DESK_CONFIG_TYPES: Array<[uiType: string, schema: string]> = [
  ['CannedResponse', 'CannedResponse'],
  ['RenderedCannedResponse', 'RenderedCannedResponse'],
  ['MailTemplate', 'MailTemplate'],
  ['MailTemplatePreview', 'MailTemplatePreview'],
  ['SlaPolicy', 'SlaPolicy'],
  ['RoutingRule', 'RoutingRule'],
  ['RoutingTestResult', 'RoutingTestResult'],
];
/** The CMDB's wire types: the desk's CI page and CI picker (ui/src/app/core/api/cmdb-api.ts). */
const CMDB_TYPES: Array<[uiType: string, schema: string]> = [
  ['CiSummary', 'CiSummary'],
  ['ConfigurationItem', 'ConfigurationItem'],
  ['ReachedCi', 'ReachedCi'],
  ['CiImpact', 'CiImpact'],
  ['CiHistoryEntry', 'CiHistoryEntry'],
  ['CiTicket', 'CiTicket'],
  ['LinkedCi', 'LinkedCi'],
  ['CiClass', 'CiClass'],
  ['CiClassList', 'CiClassList'],
  ['CiRelation', 'CiRelation'],
  ['CiRelationOfCi', 'CiRelationOfCi'],
];
const CHECKED: Array<[uiType: string, schema: string, file: string]> = [
  ...TICKET_TYPES.map(([ui, schema]): [string, string, string] => [ui, schema, 'ui/src/app/core/api/ticket-types.ts']),
  ...KPI_TYPES.map(([ui, schema]): [string, string, string] => [ui, schema, 'ui/src/app/core/api/kpis-api.ts']),
  ...APPROVAL_TYPES.map(([ui, schema]): [string, string, string] => [ui, schema, 'ui/src/app/core/api/approvals-api.ts']),
  ['WebhookSubscription', 'WebhookSubscription', 'ui/src/app/core/api/webhooks-api.ts'],
  // The studio's DMN editor.
  ['DecisionDefinitionSummary', 'DecisionDefinitionSummary', 'ui/src/app/core/api/decisions-api.ts'],
  ['DeployDecisionsResponse', 'DeployDecisionsResponse', 'ui/src/app/core/api/decisions-api.ts'],
  // The studio's form editor: the forms deployed with a process.
  ['DeployedForm', 'DeployedForm', 'ui/src/app/core/api/api-types.ts'],
  // …and the deployed forms it reopens.
  ['FormDefinitionSummary', 'FormDefinitionSummary', 'ui/src/app/core/api/api-types.ts'],
  ['FormDefinition', 'FormDefinition', 'ui/src/app/core/api/api-types.ts'],
  // The parts catalogue the technician app keeps for picking parts offline.
  ['Part', 'Part', 'ui/src/app/core/api/field-api.ts'],
  ['WorkTypeSetting', 'WorkTypeSetting', 'ui/src/app/core/api/field-settings-api.ts'],
  ['ChecklistTemplate', 'ChecklistTemplate', 'ui/src/app/core/api/field-settings-api.ts'],
  // The technicians' admin screen, and the sites the desk's CI form offers.
  ['Technician', 'Technician', 'ui/src/app/core/api/technicians-api.ts'],
  ['TechnicianAbsence', 'TechnicianAbsence', 'ui/src/app/core/api/technicians-api.ts'],
  ['SiteListItem', 'SiteListItem', 'ui/src/app/core/api/cmdb-api.ts'],
  ['WebhookDelivery', 'WebhookDelivery', 'ui/src/app/core/api/webhooks-api.ts'],
  ['BatchMigrationPreview', 'BatchMigrationPreview', 'ui/src/app/core/api/batch-migrations-api.ts'],
  ['MigrationBatch', 'MigrationBatch', 'ui/src/app/core/api/batch-migrations-api.ts'],
  ...['WhatIfRun', 'WhatIfTotals', 'WhatIfElementTotals', 'WhatIfInstance', 'WhatIfOutcome'].map((type): [string, string, string] => [
    type,
    type,
    'ui/src/app/core/api/what-if-api.ts',
  ]),
  ...DESK_CONFIG_TYPES.map(([ui, schema]): [string, string, string] => [ui, schema, 'ui/src/app/core/api/desk-config-api.ts']),
  ...CMDB_TYPES.map(([ui, schema]): [string, string, string] => [ui, schema, 'ui/src/app/core/api/cmdb-api.ts']),
  // The profile page's person (PATCH /me, PUT /me/availability).
  ['ProfileUser', 'User', 'ui/src/app/core/api/me-api.ts'],
  ['Chat', 'Chat', 'ui/src/app/core/api/chat-api.ts'],
  ['ChatMessage', 'ChatMessage', 'ui/src/app/core/api/chat-api.ts'],
  ['ChatFile', 'ChatFile', 'ui/src/app/core/api/chat-api.ts'],
  ...['MessagingConnection', 'NewMessagingConnectionSecrets', 'RotatedMessagingSecret'].map((schema): [string, string, string] => [
    {
      MessagingConnection: 'MessagingConnection',
      NewMessagingConnectionSecrets: 'NewMessagingConnection',
      RotatedMessagingSecret: 'RotatedMessagingSecret',
    }[schema]!,
    schema,
    'ui/src/app/core/api/messaging-admin-api.ts',
  ]),
  ['DeskChats', 'DeskChats', 'ui/src/app/core/api/chat-api.ts'],
  ...['CallCaller', 'CallerTicket', 'CallerLookup', 'LoggedCallResult'].map((type): [string, string, string] => [
    type,
    type,
    'ui/src/app/core/api/calls-api.ts',
  ]),
  ...['ChatSite', 'ListedPhoneLine', 'PhoneLine', 'ChatQueue'].map((type): [string, string, string] => [
    type,
    type,
    'ui/src/app/core/api/channels-admin-api.ts',
  ]),
];

/**
 * The UI's hand-written wire types (ui/src/app/core/api/ticket-types.ts and the others named) against the OpenAPI document
 * the running API serves: a field the API adds, renames, drops or starts sending as null fails here,
 * naming the field and both sides, before a page shows `undefined`.
 */
describe('the UI wire types match the API', () => {
  let system: TestSystem;
  let doc: Parameters<typeof schemaShape>[0];
  const uiFile = repoFile('ui/src/app/core/api/ticket-types.ts');

  beforeAll(async () => {
    system = await TestSystem.start();
    const res = await system.server.inject({ method: 'GET', url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    doc = res.result as typeof doc;
  });
  afterAll(async () => {
    await system?.close();
  });

  it.each(CHECKED)('%s has the fields, optionality and nulls of the schema %s (%s)', (uiType, schema, file) => {
    expect(wireDifferences(uiType, interfaceShape(repoFile(file), uiType), schemaShape(doc, schema))).toEqual([]);
  });

  it.each(KNOWLEDGE_CHECKED)('%s (knowledge, surveys) has the fields, optionality and nulls of the schema %s', (uiType, schema) => {
    const file = repoFile('ui/src/app/core/api/knowledge-types.ts');
    expect(wireDifferences(uiType, interfaceShape(file, uiType), schemaShape(doc, schema))).toEqual([]);
  });

  it('names each difference in words (the check itself can fail)', () => {
    const api = schemaShape(doc, 'Ticket');
    const { satisfaction: _dropped, ...ui } = interfaceShape(uiFile, 'Ticket');
    expect(
      wireDifferences('Ticket', { ...ui, title: { optional: true, nullable: false }, invented: { optional: false, nullable: false } }, api),
    ).toEqual([
      'Ticket.title: the API says always present, never null, the UI type says optional, never null',
      'Ticket.satisfaction: the API sends it (always present, may be null); the UI type lacks it',
      'Ticket.invented: the UI type has it; the API never sends it',
    ]);
  });
});
