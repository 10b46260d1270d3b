import Joi from 'joi';
import { MAX_BPMN_BYTES } from '../../engine/compiler';

const uuid = Joi.string().guid();

export const whatIfPayload = Joi.object({
  xml: Joi.string().max(MAX_BPMN_BYTES).required().description('the candidate diagram (a studio draft or an uploaded file) as BPMN XML'),
  from: Joi.date().iso().required().description('first instant of the period (instances by their start)'),
  to: Joi.date().iso().greater(Joi.ref('from')).required().description('end of the period, exclusive'),
  slaHours: Joi.number()
    .positive()
    .max(24 * 365)
    .description('resolution target: an instance open longer from its start breached its SLA'),
}).label('WhatIfRequest');

const outcome = Joi.object({
  status: Joi.string().valid('completed', 'terminated', 'waiting', 'incident', 'not-started').required(),
  path: Joi.array().items(Joi.string()).required(),
  waits: Joi.array()
    .items(Joi.object({ elementId: Joi.string().required(), kind: Joi.string().required(), label: Joi.string().required() }))
    .required(),
  incidents: Joi.array()
    .items(Joi.object({ elementId: Joi.string().required(), type: Joi.string().required(), message: Joi.string().required() }))
    .required(),
  unfit: Joi.array()
    .items(
      Joi.object({
        index: Joi.number().integer().required(),
        event: Joi.string().required(),
        elementId: Joi.string(),
        at: Joi.number().required(),
        reason: Joi.string().required(),
      }),
    )
    .required(),
  assumed: Joi.array().items(Joi.string()).required(),
  timers: Joi.array()
    .items(
      Joi.object({
        elementId: Joi.string().required(),
        at: Joi.number().required(),
        dueAt: Joi.number().required(),
        source: Joi.string().valid('recorded', 'new', 'due').required(),
        index: Joi.number().integer(),
      }).label('WhatIfFiredTimer'),
    )
    .description('the timers that fired in the replay (absent in runs replayed before timer firings were recorded)'),
  endedAt: Joi.number(),
  sla: Joi.string().valid('met', 'breached', 'open'),
}).label('WhatIfOutcome');

const statusCounts = Joi.object().pattern(Joi.string(), Joi.number().integer());

export const whatIfRun = Joi.object({
  id: uuid.required(),
  processId: Joi.string().required(),
  periodFrom: Joi.date().required(),
  periodTo: Joi.date().required(),
  slaHours: Joi.number().allow(null).required(),
  state: Joi.string().valid('running', 'finished').required(),
  total: Joi.number().integer().required(),
  counts: Joi.object({ pending: Joi.number().integer(), replayed: Joi.number().integer(), failed: Joi.number().integer() }).required(),
  diverging: Joi.number().integer().required(),
  totals: Joi.object({
    instances: Joi.number().integer().required(),
    diverging: Joi.number().integer().required(),
    slaChanged: Joi.number().integer().required(),
    outcomes: Joi.object({ recorded: statusCounts, candidate: statusCounts }).required(),
    elements: Joi.array()
      .items(
        Joi.object({
          elementId: Joi.string().required(),
          recorded: Joi.number().integer().required(),
          candidate: Joi.number().integer().required(),
          waiting: Joi.number().integer().required(),
          incidents: Joi.number().integer().required(),
          unfit: Joi.number().integer().required(),
        }).label('WhatIfElementTotals'),
      )
      .required(),
  })
    .allow(null)
    .required()
    .label('WhatIfTotals'),
  requestedBy: Joi.string().required(),
  createdAt: Joi.date().required(),
  finishedAt: Joi.date().allow(null).required(),
}).label('WhatIfRun');

export const whatIfItemsQuery = Joi.object({
  diverging: Joi.boolean().description('only the instances that diverge (true) or those that do not (false)'),
  limit: Joi.number().integer().min(1).max(200).default(50),
  offset: Joi.number().integer().min(0).default(0),
});

export const whatIfItems = Joi.object({
  items: Joi.array()
    .items(
      Joi.object({
        instanceId: uuid.required(),
        businessKey: Joi.string().allow(null).required(),
        state: Joi.string().valid('pending', 'replayed', 'failed').required(),
        diverges: Joi.boolean().allow(null).required(),
        reasons: Joi.array().items(Joi.string()).required(),
        recorded: outcome.allow(null).required(),
        candidate: outcome.allow(null).required(),
        message: Joi.string().allow(null).required(),
      }).label('WhatIfInstance'),
    )
    .required(),
  total: Joi.number().integer().required(),
}).label('WhatIfInstances');
