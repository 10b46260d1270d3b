import Joi from 'joi';

/** Camunda 8's REST job API, field for field, so its own clients work against Flowdesk. */
export const jobKeyParam = Joi.object({ jobKey: Joi.string().min(1).max(2048).required() });

const variables = Joi.object().unknown(true).max(500).label('JobVariables');

export const activateJobsPayload = Joi.object({
  type: Joi.string().min(1).max(255).required().description('the job type (zeebe:taskDefinition type)'),
  worker: Joi.string().max(255).allow('').default('').description('who activates, as shown in operate'),
  timeout: Joi.number()
    .integer()
    .min(1)
    .max(86_400_000)
    .required()
    .description('ms the worker holds each job before it is available again'),
  maxJobsToActivate: Joi.number().integer().min(1).max(100).required(),
  fetchVariable: Joi.array().items(Joi.string().max(255)).max(100).description('only these variables (default all)'),
  requestTimeout: Joi.number().integer().min(-1).max(300_000).description('long polling in ms: 0 the default (10 s), negative none'),
  tenantIds: Joi.array().items(Joi.string().max(256)).max(1).description('one organisation id, or <default> for internal work'),
}).label('JobActivationRequest');

const activatedJob = Joi.object({
  jobKey: Joi.string().required(),
  type: Joi.string().required(),
  processInstanceKey: Joi.string().required(),
  rootProcessInstanceKey: Joi.string().required(),
  processDefinitionId: Joi.string().required(),
  processDefinitionVersion: Joi.number().integer().required(),
  processDefinitionKey: Joi.string().required(),
  elementId: Joi.string().required(),
  elementInstanceKey: Joi.string().required(),
  customHeaders: Joi.object().pattern(Joi.string(), Joi.string()).required(),
  worker: Joi.string().allow('').required(),
  retries: Joi.number().integer().required(),
  deadline: Joi.number().integer().required(),
  variables: Joi.object().unknown(true).required(),
  tenantId: Joi.string().required(),
  kind: Joi.string().valid('BPMN_ELEMENT', 'EXECUTION_LISTENER', 'TASK_LISTENER').required(),
  listenerEventType: Joi.string().valid('UNSPECIFIED', 'START', 'END', 'CREATING', 'COMPLETING').required(),
  userTask: Joi.valid(null).required(),
  tags: Joi.array().items(Joi.string()).required(),
}).label('ActivatedJob');

export const activateJobsResponse = Joi.object({ jobs: Joi.array().items(activatedJob).required() }).label('JobActivationResult');

export const completeJobPayload = Joi.object({
  variables: variables.allow(null),
  result: Joi.object().unknown(true).allow(null).description('user task listener results (not used by service tasks)'),
})
  .allow(null)
  .label('JobCompletionRequest');

export const failJobPayload = Joi.object({
  retries: Joi.number().integer().min(0).max(1000).default(0).description('retries left; 0 raises an incident'),
  errorMessage: Joi.string().max(10_000).allow(''),
  retryBackOff: Joi.number().integer().min(0).max(86_400_000).default(0).description('ms before the job is available again'),
  variables: variables.allow(null),
})
  .allow(null)
  .label('JobFailRequest');

export const jobErrorPayload = Joi.object({
  errorCode: Joi.string().min(1).max(255).required().description('the BPMN error code a boundary or event subprocess catches'),
  errorMessage: Joi.string().max(10_000).allow('', null),
  variables: variables.allow(null),
}).label('JobErrorRequest');

export const updateJobPayload = Joi.object({
  changeset: Joi.object({
    retries: Joi.number().integer().min(0).max(1000).allow(null),
    timeout: Joi.number().integer().min(1).max(86_400_000).allow(null).description('ms from now'),
  })
    .required()
    .label('JobChangeset'),
  operationReference: Joi.number().integer(),
}).label('JobUpdateRequest');
