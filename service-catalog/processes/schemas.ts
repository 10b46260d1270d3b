import Joi from 'joi';
import { taskDenial } from './task-schemas';
import { waits } from './wait-schemas';
import { activatableAdHocs } from './ad-hoc-schemas';
import { MAX_BPMN_BYTES } from '../../engine/compiler';

const problem = Joi.object({
  elementId: Joi.string(),
  elementName: Joi.string(),
  field: Joi.string(),
  message: Joi.string().required(),
  code: Joi.string(),
  rule: Joi.string().description('lint warnings: the rule that found it (`no-implicit-split`, `flowdesk/unassigned-user-task`…)'),
}).label('Problem');

export const processIdParam = Joi.string().pattern(/^[A-Za-z_][\w.-]{0,254}$/, 'BPMN id');
export const uuid = Joi.string().guid({ version: ['uuidv4'] });
export const variables = Joi.object().unknown(true).max(500).label('Variables');
export const pagination = {
  limit: Joi.number().integer().min(1).max(100).default(20),
  offset: Joi.number().integer().min(0).max(1_000_000).default(0),
};

export const deployPayload = Joi.alternatives()
  .try(
    Joi.object({ xml: Joi.string().min(1).max(MAX_BPMN_BYTES).required().description('BPMN 2.0 XML') }).label('DeployRequest'),
    Joi.object({
      resources: Joi.array()
        .items(
          Joi.object({
            name: Joi.string().max(255).description('the file name, for the answer'),
            xml: Joi.string().min(1).max(MAX_BPMN_BYTES).description('a .bpmn file'),
            form: Joi.object()
              .unknown(true)
              .description('a .form file (Camunda form: form-js JSON with an id), the next version of its form id'),
          })
            .xor('xml', 'form')
            .label('DeployResource'),
        )
        .min(1)
        .max(20)
        .required()
        .description('several files (.bpmn, and .form with at least one .bpmn) deployed as one atomic deployment: all or none'),
    }).label('DeployManyRequest'),
    Joi.string().min(1).max(MAX_BPMN_BYTES).description('the .bpmn file itself (application/xml, text/xml, application/bpmn+xml)'),
  )
  .required();

export const definitionSummary = Joi.object({
  id: uuid.required(),
  processId: Joi.string().required(),
  name: Joi.string().allow(null).required(),
  version: Joi.number().integer().required(),
  versionTag: Joi.string()
    .allow(null)
    .description('the process’s zeebe:versionTag, which call activities with bindingType="versionTag" name'),
  deployedAt: Joi.date().iso().required(),
  archivedAt: Joi.date().iso().allow(null).description('archived versions start no new instances'),
  active: Joi.boolean().description('whether new instances of the process start on this version'),
}).label('ProcessDefinitionSummary');

const deployedProcess = definitionSummary
  .keys({ warnings: Joi.array().items(problem).required(), created: Joi.boolean().required() })
  .label('DeployedProcess');

export const deployedForm = Joi.object({
  id: uuid.required(),
  formId: Joi.string().required(),
  version: Joi.number().integer().required(),
  versionTag: Joi.string().allow(null).required(),
  deployedAt: Joi.date().iso().required(),
  created: Joi.boolean().required(),
}).label('DeployedForm');

export const deployResponse = deployedProcess
  .keys({
    processes: Joi.array()
      .items(deployedProcess)
      .required()
      .description('every process of the deployment, in file order (the fields above are the first)'),
    forms: Joi.array().items(deployedForm).description('the Camunda forms of the deployment, in resource order'),
  })
  .label('DeployResponse');

export const definitionDetail = definitionSummary.keys({ xml: Joi.string().required() }).label('ProcessDefinition');

export const definitionList = Joi.object({ items: Joi.array().items(definitionSummary).required(), total: Joi.number().required() }).label(
  'ProcessDefinitionList',
);

export const startInstancePayload = Joi.object({
  processId: processIdParam.required(),
  version: Joi.number().integer().min(1),
  businessKey: Joi.string().trim().min(1).max(255),
  variables: variables.default({}),
  organizationId: uuid
    .allow(null)
    .description('the customer organisation the instance belongs to (one you serve; admins any); none: an internal instance'),
  startForm: Joi.boolean().default(false).description('the variables answer the version’s start form: checked against it'),
}).label('StartProcessInstance');

const openTask = Joi.object({
  id: Joi.string().required().description('<process instance id>.<element instance key>'),
  elementId: Joi.string().required(),
  name: Joi.string(),
  createdAt: Joi.date().iso().required(),
  assignee: Joi.string(),
  candidateGroups: Joi.array().items(Joi.string()),
  candidateUsers: Joi.array().items(Joi.string()),
  dueDate: Joi.string(),
  followUpDate: Joi.string(),
  formKey: Joi.string(),
  priority: Joi.number(),
  denial: taskDenial,
  ticketActions: Joi.array()
    .items(Joi.string())
    .description(
      "a ticket's task: the ticket actions that complete it (POST /tickets/{ticketNumber}/actions/…); POST /tasks/{id}/complete refuses it",
    ),
}).label('UserTask');

const incident = Joi.object({
  key: Joi.number().required(),
  type: Joi.string().required(),
  elementId: Joi.string().required(),
  elementInstanceKey: Joi.number().required(),
  message: Joi.string().required(),
  createdAt: Joi.date().iso().required(),
}).label('Incident');

const termination = Joi.object({
  reason: Joi.string().required().description('what the person who cancelled it said'),
  cause: Joi.string().required().description('why the workflow could not take the cancel'),
  at: Joi.date().iso().required(),
  by: Joi.string().required(),
})
  .label('InstanceTermination')
  .description('present when the instance was terminated because its workflow could not take a cancel');

export const instanceSummary = Joi.object({
  id: uuid.required(),
  definitionId: uuid.required(),
  processId: Joi.string().required(),
  version: Joi.number().integer().required(),
  businessKey: Joi.string().allow(null).required(),
  organizationId: uuid.allow(null).required(),
  status: Joi.string().required(),
  stateAvailable: Joi.boolean().required().description('false when the live state could not be read (no worker answered in time)'),
  stateSource: Joi.string()
    .valid('workflow', 'projection', 'none')
    .description('workflow: asked just now; projection: written by the workflow at its last wait state'),
  openIncidentCount: Joi.number().integer().min(0),
  ticketNumber: Joi.string().allow(null).description('the ticket this instance drives, if any'),
  startedAt: Joi.date().iso().required(),
  endedAt: Joi.date().iso(),
  activeElementIds: Joi.array().items(Joi.string()).required(),
  openTasks: Joi.array().items(openTask).required(),
  incidents: Joi.array().items(incident).required(),
  termination,
}).label('ProcessInstanceSummary');

export const instanceDetail = instanceSummary
  .keys({
    variables: variables.required(),
    history: Joi.array()
      .items(
        Joi.object({
          key: Joi.number(),
          elementId: Joi.string(),
          state: Joi.string(),
          enteredAt: Joi.date().iso(),
          leftAt: Joi.date().iso(),
          scopeKey: Joi.number(),
          feelWarnings: Joi.array()
            .items(Joi.string())
            .description('feelin’s warnings of the element’s expressions: a missing variable read as null, a wrong type…'),
        }).label('ElementInstance'),
      )
      .required(),
    elementCounts: Joi.object()
      .pattern(
        Joi.string(),
        Joi.object({ active: Joi.number().required(), completed: Joi.number().required(), terminated: Joi.number().required() }).label(
          'ElementCount',
        ),
      )
      .description('per element id: how many of its instances are active, completed, terminated'),
    scopes: Joi.array()
      .items(
        Joi.object({ key: Joi.number().required(), elementId: Joi.string().required(), variables: variables.required() }).label(
          'VariableScope',
        ),
      )
      .description('local variables of active element instances (set them with scopeKey)'),
    adHocSubProcesses: activatableAdHocs,
    waits,
  })
  .label('ProcessInstance');

export const instanceList = Joi.object({ items: Joi.array().items(instanceSummary).required(), total: Joi.number().required() }).label(
  'ProcessInstanceList',
);

export const completeTaskPayload = Joi.object({ variables: variables.default({}) }).label('CompleteUserTask');

const iso = Joi.date().iso();
export const instanceSearchQuery = Joi.object({
  processId: processIdParam,
  version: Joi.number().integer().min(1),
  definitionId: uuid,
  status: Joi.string().valid('RUNNING', 'COMPLETED', 'CANCELED').description('from the instance projection'),
  businessKey: Joi.string().max(255),
  hasIncident: Joi.boolean(),
  activeElementId: Joi.string().max(255).description('instances with a token on this element'),
  startedAfter: iso,
  startedBefore: iso,
  endedAfter: iso,
  endedBefore: iso,
  sort: Joi.string()
    .valid('startedAt', '-startedAt', 'endedAt', '-endedAt', 'processId', '-processId', 'businessKey', '-businessKey')
    .default('-startedAt'),
  ...pagination,
}).label('ProcessInstanceSearch');

export const instanceIdParams = Joi.object({ id: uuid.required() });
export const reasonField = Joi.string().trim().min(3).max(1000).description('why: recorded in the audit log');

export const instanceChanged = Joi.object({
  id: uuid.required(),
  status: Joi.string().required(),
  activeElementIds: Joi.array().items(Joi.string()).required(),
  incidents: Joi.array().items(incident).required(),
  variables: variables.required(),
  termination,
}).label('ProcessInstanceChanged');

const mapping = Joi.object({ from: Joi.string().max(255).required(), to: Joi.string().max(255).required() }).label('ElementMapping');
export const migratePayload = Joi.object({
  targetDefinitionId: uuid.required(),
  mappings: Joi.array().items(mapping).max(500).unique('from').default([]),
}).label('MigrateProcessInstance');

export const migrationPlan = Joi.object({
  instanceId: uuid.required(),
  from: Joi.object({ definitionId: uuid.required(), version: Joi.number().required() }).required(),
  to: Joi.object({ definitionId: uuid.required(), version: Joi.number().required() }).required(),
  possible: Joi.boolean().required(),
  elements: Joi.array()
    .items(
      Joi.object({
        elementInstanceKey: Joi.number().required(),
        elementId: Joi.string().required(),
        targetElementId: Joi.string(),
        action: Joi.string().valid('keep', 'map', 'refuse').required(),
        problem: Joi.string(),
      }).label('MigrationMove'),
    )
    .required(),
  problems: Joi.array().items(problem).required(),
  migrated: Joi.boolean(),
}).label('MigrationPlan');

export const validateResponse = Joi.object({
  valid: Joi.boolean().required(),
  errors: Joi.array().items(problem).required(),
  warnings: Joi.array().items(problem).required(),
}).label('ValidationResult');

const elementChange = Joi.object({
  id: Joi.string().required(),
  kind: Joi.string().required(),
  name: Joi.string(),
  fields: Joi.array().items(Joi.string()),
}).label('ElementChange');
export const diffPayload = Joi.object({
  baseDefinitionId: uuid.required().description('the deployed version to compare against'),
  targetDefinitionId: uuid.description('another deployed version'),
  xml: Joi.string().min(1).max(MAX_BPMN_BYTES).description('or BPMN XML not deployed yet (the studio’s “diff against deployed”)'),
})
  .xor('targetDefinitionId', 'xml')
  .label('DiffRequest');
export const diffResponse = Joi.object({
  baseDefinitionId: uuid.required(),
  targetDefinitionId: uuid,
  added: Joi.array().items(elementChange).required(),
  removed: Joi.array().items(elementChange).required(),
  changed: Joi.array().items(elementChange).required(),
}).label('ProcessDefinitionDiff');

export const statisticsResponse = Joi.object({
  definitionId: uuid.required(),
  elements: Joi.array()
    .items(
      Joi.object({ elementId: Joi.string().required(), active: Joi.number().required(), incidents: Joi.number().required() }).label(
        'ElementStatistics',
      ),
    )
    .required(),
}).label('ProcessDefinitionStatistics');
