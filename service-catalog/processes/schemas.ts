import Joi from 'joi';
import { MAX_BPMN_BYTES } from '../../engine/compiler';

const problem = Joi.object({
  elementId: Joi.string(),
  elementName: Joi.string(),
  field: Joi.string(),
  message: Joi.string().required(),
  code: Joi.string(),
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
    Joi.string().min(1).max(MAX_BPMN_BYTES),
    Joi.binary().min(1).max(MAX_BPMN_BYTES),
  )
  .required();

export const definitionSummary = Joi.object({
  id: uuid.required(),
  processId: Joi.string().required(),
  name: Joi.string().allow(null).required(),
  version: Joi.number().integer().required(),
  deployedAt: Joi.date().iso().required(),
}).label('ProcessDefinitionSummary');

export const deployResponse = definitionSummary
  .keys({ warnings: Joi.array().items(problem).required(), created: Joi.boolean().required() })
  .label('DeployResponse');

export const definitionDetail = definitionSummary.keys({ xml: Joi.string().required() }).label('ProcessDefinition');

export const definitionList = Joi.object({ items: Joi.array().items(definitionSummary).required(), total: Joi.number().required() }).label('ProcessDefinitionList');

export const startInstancePayload = Joi.object({
  processId: processIdParam.required(),
  version: Joi.number().integer().min(1),
  businessKey: Joi.string().trim().min(1).max(255),
  variables: variables.default({}),
  organizationId: uuid.allow(null).description('the customer organisation the instance belongs to (staff and admins; ignored for requesters)'),
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
}).label('UserTask');

const incident = Joi.object({
  key: Joi.number().required(),
  type: Joi.string().required(),
  elementId: Joi.string().required(),
  elementInstanceKey: Joi.number().required(),
  message: Joi.string().required(),
  createdAt: Joi.date().iso().required(),
}).label('Incident');

export const instanceSummary = Joi.object({
  id: uuid.required(),
  definitionId: uuid.required(),
  processId: Joi.string().required(),
  version: Joi.number().integer().required(),
  businessKey: Joi.string().allow(null).required(),
  organizationId: uuid.allow(null).required(),
  status: Joi.string().required(),
  stateAvailable: Joi.boolean().required().description('false when the live state could not be read (no worker answered in time)'),
  startedAt: Joi.date().iso().required(),
  endedAt: Joi.date().iso(),
  activeElementIds: Joi.array().items(Joi.string()).required(),
  openTasks: Joi.array().items(openTask).required(),
  incidents: Joi.array().items(incident).required(),
}).label('ProcessInstanceSummary');

export const instanceDetail = instanceSummary
  .keys({
    variables: variables.required(),
    history: Joi.array()
      .items(Joi.object({ key: Joi.number(), elementId: Joi.string(), state: Joi.string(), enteredAt: Joi.date().iso(), leftAt: Joi.date().iso() }).label('ElementInstance'))
      .required(),
  })
  .label('ProcessInstance');

export const instanceList = Joi.object({ items: Joi.array().items(instanceSummary).required(), total: Joi.number().required() }).label('ProcessInstanceList');

export const completeTaskPayload = Joi.object({ variables: variables.default({}) }).label('CompleteUserTask');
