import Joi from 'joi';

/** Camunda 8's REST job API, field for field, so its own clients work against Flowdesk. */
export const jobKeyParam = Joi.object({ jobKey: Joi.string().min(1).max(2048).required() });

/** The bounds of the job API, named in the routes' notes and refused with a 400 naming the field. */
export const JOB_LIMITS = {
  maxJobsToActivate: 100,
  requestTimeoutMs: 300_000,
  timeoutMs: 86_400_000,
  fetchVariables: 100,
  variableKeys: 500,
  variablesBytes: 256 * 1024,
} as const;

/** Variables a worker hands back: at most 500 keys and 256 KiB as JSON (a process's state is not a file store). */
const variables = Joi.object()
  .unknown(true)
  .max(JOB_LIMITS.variableKeys)
  .custom((value: Record<string, unknown>, helpers) =>
    Buffer.byteLength(JSON.stringify(value)) > JOB_LIMITS.variablesBytes ? helpers.error('object.jsonSize') : value,
  )
  .messages({ 'object.jsonSize': `{{#label}} must be at most ${JOB_LIMITS.variablesBytes} bytes as JSON` })
  .label('JobVariables');

export const activateJobsPayload = Joi.object({
  type: Joi.string().min(1).max(255).required().description('the job type (zeebe:taskDefinition type)'),
  worker: Joi.string().max(255).allow('').default('').description('who activates, as shown in operate'),
  timeout: Joi.number()
    .integer()
    .min(1)
    .max(JOB_LIMITS.timeoutMs)
    .required()
    .description('ms the worker holds each job before it is available again'),
  maxJobsToActivate: Joi.number().integer().min(1).max(JOB_LIMITS.maxJobsToActivate).required(),
  fetchVariable: Joi.array().items(Joi.string().max(255)).max(JOB_LIMITS.fetchVariables).description('only these variables (default all)'),
  requestTimeout: Joi.number()
    .integer()
    .min(-1)
    .max(JOB_LIMITS.requestTimeoutMs)
    .description('long polling in ms: 0 the default (10 s), negative none'),
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
  kind: Joi.string().valid('BPMN_ELEMENT', 'EXECUTION_LISTENER', 'TASK_LISTENER', 'AD_HOC_SUB_PROCESS').required(),
  listenerEventType: Joi.string()
    .valid('UNSPECIFIED', 'START', 'END', 'CREATING', 'ASSIGNING', 'UPDATING', 'COMPLETING', 'CANCELING')
    .required(),
  userTask: Joi.valid(null).required(),
  tags: Joi.array().items(Joi.string()).required(),
}).label('ActivatedJob');

export const activateJobsResponse = Joi.object({ jobs: Joi.array().items(activatedJob).required() }).label('JobActivationResult');

const taskAttribute = Joi.string().trim().min(1).max(200);
/** Camunda 8.8's job result of a user task listener: deny the operation, correct the task, or both; null clears a field. */
const taskListenerResult = Joi.object({
  type: Joi.string().valid('userTask').default('userTask'),
  denied: Joi.boolean(),
  deniedReason: Joi.string().max(2000).allow(''),
  corrections: Joi.object({
    assignee: taskAttribute.allow(null),
    dueDate: Joi.string().isoDate().allow(null),
    followUpDate: Joi.string().isoDate().allow(null),
    candidateUsers: Joi.array().items(taskAttribute).max(100),
    candidateGroups: Joi.array().items(taskAttribute).max(100),
    priority: Joi.number().integer().min(0).max(100),
  }).label('JobResultCorrections'),
})
  .label('JobResultUserTask')
  .description('a user task listener’s answer: `denied` (assigning, updating and completing listeners) and `corrections`');

/** Camunda 8.8's job result of an ad-hoc sub-process's job: activate inner elements, or say it is done. */
const adHocSubProcessResult = Joi.object({
  type: Joi.string().valid('adHocSubProcess').required(),
  activateElements: Joi.array()
    .items(
      Joi.object({
        elementId: Joi.string().min(1).max(255).required(),
        variables: variables.allow(null),
      }).label('JobResultActivateElement'),
    )
    .max(100),
  isCompletionConditionFulfilled: Joi.boolean().default(false),
  isCancelRemainingInstances: Joi.boolean().default(false),
})
  .label('JobResultAdHocSubProcess')
  .description('an ad-hoc sub-process’s job’s decision: the inner elements to activate now, or that it is complete');

export const completeJobPayload = Joi.object({
  variables: variables.allow(null),
  result: Joi.alternatives()
    .conditional('.type', { is: 'adHocSubProcess', then: adHocSubProcessResult, otherwise: taskListenerResult })
    .allow(null),
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
