import Joi from 'joi';
import { ticketNumber } from '../tickets/schemas';
import { CI_CLASS_KEYS } from './domain/ci-classes';
import { RELATION_TYPES } from './domain/ci-relation.entity';
import { LIFECYCLE_STATES } from './domain/lifecycle';

const id = Joi.string().guid();
export const ciIdParams = Joi.object({ id: id.required() });
export const relationIdParams = Joi.object({ id: id.required() });
export const ticketParams = Joi.object({ number: ticketNumber.required() });
export const ticketCiParams = Joi.object({ number: ticketNumber.required(), ciId: id.required() });

const date = Joi.string().pattern(/^\d{4}-\d{2}-\d{2}$/, 'date YYYY-MM-DD');
export const maintenanceSchedule = Joi.object({
  every: Joi.string()
    .pattern(/^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?$/, 'ISO 8601 duration such as P3M')
    .required(),
  nextDueOn: date.required(),
  task: Joi.string().trim().max(500),
  // What the planned work orders it opens look like (field service: PUT /assets/{id}/maintenance-schedule).
  workType: Joi.string().pattern(/^[a-z0-9][a-z0-9-]{0,59}$/, 'lowercase key'),
  priority: Joi.string().valid('P1', 'P2', 'P3', 'P4', 'P5'),
  requiredSkills: Joi.array()
    .items(
      Joi.object({
        skill: Joi.string()
          .pattern(/^[a-z0-9][a-z0-9-]{0,59}$/, 'lowercase key')
          .required(),
        level: Joi.number().integer().min(1).max(5).default(1),
      }),
    )
    .unique('skill')
    .max(20),
  checklist: Joi.array()
    .items(
      Joi.object({
        key: Joi.string()
          .pattern(/^[a-z0-9][a-z0-9-]{0,59}$/, 'lowercase key')
          .required(),
        label: Joi.string().trim().min(1).max(200).required(),
        required: Joi.boolean().default(false),
      }),
    )
    .unique('key')
    .max(100),
  windowStart: Joi.string().pattern(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM'),
  windowHours: Joi.number().integer().min(1).max(24),
  timeZone: Joi.string().max(60).description('IANA time zone of windowStart; default UTC'),
  leadDays: Joi.number().integer().min(0).max(365),
}).label('MaintenanceSchedule');

const ciFields = {
  key: Joi.string()
    .trim()
    .min(1)
    .max(200)
    .pattern(/^[^\s]+$/, 'key without spaces'),
  classKey: Joi.string().valid(...CI_CLASS_KEYS),
  name: Joi.string().trim().min(1).max(255),
  lifecycleState: Joi.string().valid(...LIFECYCLE_STATES),
  // Shape only: the class's JSON Schema checks the attributes themselves (400 naming each).
  attributes: Joi.object().unknown(true),
  model: Joi.string().trim().max(255).allow(null),
  serialNumber: Joi.string().trim().max(255).allow(null),
  siteId: id.allow(null),
  contractId: id.allow(null),
  warrantyUntil: date.allow(null),
  maintenanceSchedule: maintenanceSchedule.allow(null),
};

export const createCiPayload = Joi.object({
  ...ciFields,
  classKey: ciFields.classKey.required(),
  name: ciFields.name.required(),
  organizationId: id.allow(null),
}).label('NewConfigurationItem');
export const updateCiPayload = Joi.object({ ...ciFields, version: Joi.number().integer().min(1) })
  .min(1)
  .label('ConfigurationItemChanges');

const page = {
  limit: Joi.number().integer().min(1).max(500).default(50),
  offset: Joi.number().integer().min(0).max(100_000).default(0),
};
export const listCisQuery = Joi.object({
  q: Joi.string().trim().min(1).max(200),
  key: ciFields.key,
  classKey: ciFields.classKey,
  lifecycleState: ciFields.lifecycleState,
  organizationId: id,
  siteId: id,
  ...page,
});
export const historyQuery = Joi.object(page);
export const impactQuery = Joi.object({
  depth: Joi.number().integer().min(1).max(10).default(3),
  direction: Joi.string().valid('upstream', 'downstream', 'both').default('both'),
});
export const graphQuery = Joi.object({
  depth: Joi.number().integer().min(1).max(6).default(2),
  limit: Joi.number().integer().min(1).max(1000).default(300),
});

export const relationPayload = Joi.object({
  sourceId: id.required(),
  type: Joi.string()
    .valid(...RELATION_TYPES)
    .required(),
  targetId: id.required().invalid(Joi.ref('sourceId')).messages({ 'any.invalid': '"targetId" must differ from "sourceId"' }),
}).label('NewCiRelation');
export const linkCiPayload = Joi.object({ ciId: id.required() }).label('TicketCiLinkInput');

const rows = Joi.alternatives().try(Joi.string().max(20_000_000), Joi.array().items(Joi.object().unknown(true)).max(100_000));
export const importPayload = Joi.object({
  format: Joi.string().valid('csv', 'json').required(),
  dryRun: Joi.boolean().default(true),
  organizationId: id.allow(null),
  cis: rows,
  relations: rows,
})
  .or('cis', 'relations')
  .label('CmdbImport');

// ---------------------------------------------------------------------------------------------
// Responses

const at = Joi.string().isoDate();
export const ciSummary = Joi.object({
  id: Joi.string().required(),
  key: Joi.string().required(),
  name: Joi.string().required(),
  classKey: Joi.string().required(),
  lifecycleState: Joi.string().required(),
  organizationId: Joi.string().allow(null).required(),
}).label('CiSummary');
export const configurationItem = ciSummary
  .keys({
    attributes: Joi.object().unknown(true).required(),
    model: Joi.string().allow(null).required(),
    serialNumber: Joi.string().allow(null).required(),
    siteId: Joi.string().allow(null).required(),
    contractId: Joi.string().allow(null).required(),
    warrantyUntil: Joi.string().allow(null).required(),
    maintenanceSchedule: maintenanceSchedule.allow(null).required(),
    version: Joi.number().integer().required(),
    createdAt: at.required(),
    updatedAt: at.required(),
  })
  .label('ConfigurationItem');
export const ciList = Joi.object({ items: Joi.array().items(configurationItem).required(), total: Joi.number().required() }).label(
  'ConfigurationItemList',
);
export const ciClassList = Joi.object({
  items: Joi.array()
    .items(
      Joi.object({
        key: Joi.string().required(),
        name: Joi.string().required(),
        asset: Joi.boolean().required(),
        attributes: Joi.object().unknown(true).required(),
      }).label('CiClass'),
    )
    .required(),
  lifecycleStates: Joi.array().items(Joi.string()).required(),
  relationTypes: Joi.array().items(Joi.string()).required(),
}).label('CiClassList');
const reached = ciSummary.keys({ depth: Joi.number().integer().required() }).label('ReachedCi');
export const impact = Joi.object({
  ci: ciSummary.required(),
  depth: Joi.number().integer().required(),
  upstream: Joi.array().items(reached).required(),
  downstream: Joi.array().items(reached).required(),
  services: Joi.array().items(reached).required(),
  truncated: Joi.boolean().required(),
}).label('CiImpact');
export const relation = Joi.object({
  id: Joi.string().required(),
  sourceId: Joi.string().required(),
  type: Joi.string().required(),
  targetId: Joi.string().required(),
}).label('CiRelation');
export const graph = Joi.object({
  nodes: Joi.array()
    .items(reached.keys({ side: Joi.string().valid('self', 'upstream', 'downstream').required() }).label('CiGraphNode'))
    .required(),
  edges: Joi.array().items(relation).required(),
  truncated: Joi.boolean().required(),
}).label('CiGraph');
export const relationList = Joi.object({
  items: Joi.array()
    .items(
      relation
        .keys({ direction: Joi.string().valid('outgoing', 'incoming').required(), other: ciSummary.required() })
        .label('CiRelationOfCi'),
    )
    .required(),
}).label('CiRelationList');
export const historyList = Joi.object({
  items: Joi.array()
    .items(
      Joi.object({
        action: Joi.string().required(),
        actorName: Joi.string().required(),
        at: at.required(),
        before: Joi.object().unknown(true).allow(null).required(),
        after: Joi.object().unknown(true).allow(null).required(),
      }).label('CiHistoryEntry'),
    )
    .required(),
  total: Joi.number().required(),
}).label('CiHistory');
export const linkedCiList = Joi.object({
  items: Joi.array()
    .items(ciSummary.keys({ linkedBy: Joi.string().required(), linkedAt: at.required() }).label('LinkedCi'))
    .required(),
}).label('LinkedCiList');
export const ciTicketList = Joi.object({
  items: Joi.array()
    .items(
      Joi.object({
        number: Joi.string().required(),
        type: Joi.string().required(),
        title: Joi.string().required(),
        state: Joi.string().required(),
        createdAt: at.required(),
      }).label('CiTicket'),
    )
    .required(),
}).label('CiTicketList');
const problem = Joi.object({ field: Joi.string().required(), message: Joi.string().required() });
export const importReport = Joi.object({
  dryRun: Joi.boolean().required(),
  applied: Joi.boolean().required(),
  organizationId: Joi.string().allow(null).required(),
  summary: Joi.object({
    create: Joi.number().required(),
    update: Joi.number().required(),
    unchanged: Joi.number().required(),
    refuse: Joi.number().required(),
  }).required(),
  rows: Joi.array()
    .items(
      Joi.object({
        section: Joi.string().valid('cis', 'relations').required(),
        row: Joi.number().integer().required(),
        key: Joi.string().allow('').required(),
        action: Joi.string().valid('create', 'update', 'unchanged', 'refuse').required(),
        changes: Joi.array().items(Joi.string()),
        problems: Joi.array().items(problem),
      }).label('ImportRow'),
    )
    .required(),
}).label('CmdbImportReport');
