import Joi from 'joi';
import { PRIORITIES } from '../tickets/domain/ticket-types';
import { ticketNumber } from '../tickets/schemas';
import { WORK_ORDER_STATUSES } from './domain/work-order.entity';

export const id = Joi.string().guid();
export const at = Joi.string().isoDate();
/** Skill and territory keys are lowercase words, like the users' skills (`hvac`, `payment-terminals`). */
export const key = Joi.string().pattern(/^[a-z0-9][a-z0-9-]{0,59}$/, 'lowercase key');
const latitude = Joi.number().min(-90).max(90);
const longitude = Joi.number().min(-180).max(180);
const hhmm = Joi.string().pattern(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');
const paging = { limit: Joi.number().integer().min(1).max(500).default(50), offset: Joi.number().integer().min(0).default(0) };

export const idParams = Joi.object({ id: id.required() });
export const siteParams = Joi.object({ id: id.required() });
export const numberParams = Joi.object({ number: ticketNumber.required() });

const skills = Joi.object().pattern(key, Joi.number().integer().min(1).max(5)).max(100);
const workingHours = Joi.object()
  .pattern(
    Joi.string().valid('1', '2', '3', '4', '5', '6', '7'),
    Joi.array()
      .items(Joi.object({ start: hhmm.required(), end: hhmm.required() }))
      .max(4),
  )
  .description('ISO weekday (1 = Monday) to the hours worked that day, UTC');
const point = Joi.object({ latitude: latitude.required(), longitude: longitude.required() });

export const createTechnicianPayload = Joi.object({
  userId: id.required(),
  skills: skills.required().description('skill key to level, 1 (basic) to 5 (expert)'),
  territories: Joi.array().items(key).unique().max(50).default([]),
  workingHours: workingHours.required(),
  homeBase: point.required().label('Coordinates'),
}).label('NewTechnician');
export const updateTechnicianPayload = Joi.object({
  skills: skills.description('skill key to level, 1 (basic) to 5 (expert); replaces the whole set'),
  territories: Joi.array().items(key).unique().max(50),
  workingHours,
  homeBase: point.label('Coordinates'),
  version: Joi.number().integer().min(1).required().description('the version read; 409 when someone changed the profile since'),
})
  .or('skills', 'territories', 'workingHours', 'homeBase')
  .label('TechnicianChange');
export const absenceParams = Joi.object({ id: id.required(), absenceId: id.required() });

export const absence = Joi.object({
  id: id.required(),
  startsAt: at.required(),
  endsAt: at.required(),
  reason: Joi.string().allow(null).required(),
}).label('TechnicianAbsence');
export const absencePayload = Joi.object({
  startsAt: at.required(),
  endsAt: at.required(),
  reason: Joi.string().trim().max(255).allow(null),
}).label('NewTechnicianAbsence');

export const technician = Joi.object({
  id: id.required(),
  userId: id.required(),
  skills: Joi.object().pattern(Joi.string(), Joi.number()).required(),
  territories: Joi.array().items(Joi.string()).required(),
  workingHours: Joi.object().unknown(true).required(),
  homeBase: point.required(),
  version: Joi.number().integer().required(),
  createdAt: at.required(),
  absences: Joi.array().items(absence),
}).label('Technician');
export const technicianList = Joi.object({ items: Joi.array().items(technician).required(), total: Joi.number().required() }).label(
  'TechnicianList',
);
export const listTechniciansQuery = Joi.object({ ...paging, territory: key, skill: key });

export const siteLocationPayload = Joi.object({
  latitude: latitude.required(),
  longitude: longitude.required(),
  territory: key.allow(null),
}).label('SiteLocationInput');
export const siteLocation = Joi.object({
  siteId: id.required(),
  organizationId: id.allow(null).required(),
  latitude: latitude.required(),
  longitude: longitude.required(),
  territory: Joi.string().allow(null).required(),
  updatedAt: at.required(),
}).label('SiteLocation');

const checklistItem = Joi.object({
  key: key.required(),
  label: Joi.string().trim().min(1).max(200).required(),
  required: Joi.boolean().default(false),
}).label('ChecklistItem');
const checklistEntry = Joi.object({
  key: Joi.string().required(),
  label: Joi.string().required(),
  required: Joi.boolean().required(),
  done: Joi.boolean().required(),
  note: Joi.string().allow(null).required(),
}).label('ChecklistEntry');
const sku = Joi.string()
  .trim()
  .pattern(/^[A-Za-z0-9][A-Za-z0-9._/-]{0,59}$/, 'SKU: letters, digits, . _ / -');
const quantity = Joi.number().positive().precision(3).max(10_000);
const part = Joi.object({
  partNumber: sku.required().description('the SKU of a catalogue part (GET /parts) of the provider or the customer'),
  description: Joi.string().trim().max(200).allow('').default('').description('a free-text note on this use'),
  quantity: quantity.required().description('in the part’s unit; whole numbers for pieces'),
}).label('PartUsedInput');
const partUsed = Joi.object({
  partNumber: Joi.string().required(),
  description: Joi.string().allow('').required(),
  quantity: Joi.number().required(),
  partId: id.allow(null).required(),
  name: Joi.string().allow(null).required(),
  unit: Joi.string().allow(null).required(),
  unitPrice: Joi.string().allow(null).required(),
  currency: Joi.string().allow(null).required(),
}).label('PartUsed');

export const workTypeParams = Joi.object({ workType: key.required() });
export const checklistTemplatePayload = Joi.object({
  items: Joi.array().items(checklistItem).unique('key').min(1).max(100).required(),
}).label('ChecklistTemplateInput');
export const checklistTemplate = Joi.object({
  workType: Joi.string().required(),
  items: Joi.array().items(checklistItem).required(),
  updatedAt: at.required(),
}).label('ChecklistTemplate');
export const checklistTemplateList = Joi.object({ items: Joi.array().items(checklistTemplate).required() }).label('ChecklistTemplateList');
export const checklistTicksPayload = Joi.object({
  items: Joi.array()
    .items(Joi.object({ key: key.required(), done: Joi.boolean().required(), note: Joi.string().trim().max(2000).allow(null) }))
    .unique('key')
    .min(1)
    .max(100)
    .required(),
}).label('ChecklistTicks');
export const partsPayload = Joi.object({ parts: Joi.array().items(part).max(200).required() }).label('PartsUsed');

const requiredSkill = Joi.object({ skill: key.required(), level: Joi.number().integer().min(1).max(5).default(1) }).label('RequiredSkill');
export const createWorkOrderPayload = Joi.object({
  title: Joi.string().trim().min(3).max(200).required(),
  description: Joi.string().max(20_000).allow(''),
  parentTicket: ticketNumber.description('the incident or request the visit is for; the work order takes its customer'),
  organizationId: id.description('the customer, when there is no parent ticket'),
  siteId: id.required(),
  assetIds: Joi.array().items(id).unique().max(100).default([]),
  workType: key.required().description('what kind of job (`installation`, `repair`, `maintenance`…)'),
  requiredSkills: Joi.array()
    .items(requiredSkill)
    .unique('skill')
    .max(20)
    .description('left out: the work type’s required skills (PUT /work-types/{workType})'),
  priority: Joi.string()
    .valid(...PRIORITIES)
    .required(),
  window: Joi.object({
    startsAt: at.required(),
    endsAt: at.description('left out: the start plus the work type’s default duration (422 when it has none)'),
  })
    .required()
    .description('the time window agreed with the customer'),
  dispatchBy: at.description(
    'when a technician must have been dispatched (late-dispatch escalation); default the contract’s response deadline, else 2 hours before the window',
  ),
  contractId: id.description('the customer’s SLA contract; default the latest valid one with SLA targets'),
  contactId: id.description('the customer’s person the completion report is mailed to; default the parent ticket’s caller'),
}).label('NewWorkOrder');

export const workOrder = Joi.object({
  id: id.required(),
  number: ticketNumber.required(),
  organizationId: id.allow(null).required(),
  parentTicket: ticketNumber.allow(null).required(),
  siteId: id.required(),
  assetIds: Joi.array().items(id).required(),
  workType: Joi.string().required(),
  requiredSkills: Joi.array().items(requiredSkill).required(),
  priority: Joi.string().required(),
  window: Joi.object({ startsAt: at.required(), endsAt: at.required() }).required(),
  technicianId: id.allow(null).required(),
  dispatchDueAt: at.required(),
  sla: Joi.object({
    contractId: id.allow(null).required(),
    onSiteDueAt: at.allow(null).required(),
    arrivalDueAt: at.required().description('when arriving is late: the contract’s on-site deadline, else the end of the window'),
  })
    .required()
    .label('WorkOrderSla'),
  maintenance: Joi.object({ assetId: id.required(), dueOn: Joi.string().required() })
    .allow(null)
    .required()
    .description('a planned visit: the asset whose maintenance schedule opened it and the due date'),
  escalations: Joi.object({ lateDispatchAt: at.allow(null).required(), lateArrivalAt: at.allow(null).required() }).required(),
  rejections: Joi.array()
    .items(Joi.object({ technicianId: id.required(), reason: Joi.string().required(), at: at.required() }))
    .required(),
  checkIn: Joi.object({ at: at.required(), latitude: latitude.required(), longitude: longitude.required() }).allow(null).required(),
  signerName: Joi.string().allow(null).required(),
  workNotes: Joi.string().allow(null).required(),
  checkedOutAt: at.allow(null).required(),
  checklist: Joi.array().items(checklistEntry).required(),
  parts: Joi.array().items(partUsed).required(),
  reportSentTo: Joi.string().allow(null).required(),
  status: Joi.string()
    .valid(...WORK_ORDER_STATUSES)
    .required(),
  version: Joi.number().integer().required(),
  createdAt: at.required(),
  updatedAt: at.required(),
}).label('WorkOrder');
export const workOrderList = Joi.object({ items: Joi.array().items(workOrder).required(), total: Joi.number().required() }).label(
  'WorkOrderList',
);
export const listWorkOrdersQuery = Joi.object({
  ...paging,
  status: Joi.string().valid(...WORK_ORDER_STATUSES),
  technicianId: id,
  organizationId: id,
});

/** The fields each work-order action carries besides its name: one table for the API and the offline sync. */
const ACTION_FIELDS: Record<string, Joi.PartialSchemaMap> = {
  schedule: { technicianId: id.required() },
  reassign: { technicianId: id.required().description('another technician; allowed until someone has checked in') },
  accept: {},
  reject: { reason: Joi.string().trim().min(3).max(2000).required() },
  'start-travel': {},
  'check-in': { at, latitude: latitude.required(), longitude: longitude.required() },
  'sign-off': {
    signerName: Joi.string().trim().min(2).max(200).required(),
    notes: Joi.string().max(20_000),
    signature: Joi.string()
      .base64()
      .max(400_000)
      .required()
      .description('the customer’s signature: base64 of a PNG from a signature pad (at most 256 KiB, 2000×1000 pixels)'),
  },
  'check-out': { at },
};
const byAction = (actions: Record<string, Joi.PartialSchemaMap>, base: Joi.PartialSchemaMap) =>
  Joi.alternatives().conditional('.action', {
    switch: Object.entries(actions).map(([name, fields]) => ({
      is: name,
      then: Joi.object({ ...base, ...fields, action: Joi.string().valid(name).required() }),
    })),
    otherwise: Joi.object({
      action: Joi.string()
        .valid(...Object.keys(actions))
        .required(),
    }).unknown(true),
  });

export const workOrderActionPayload = byAction(ACTION_FIELDS, {}).label('WorkOrderAction');

const queuedBase = {
  id: id.required().description('generated by the phone; sending it again applies nothing twice'),
  at: at.required().description('when the technician did it; the batch is applied in this order'),
  workOrder: ticketNumber.required(),
};
/** What a phone may queue: the technician's own actions (dispatchers schedule), ticks and parts. */
const { schedule: _dispatchersOnly, reassign: _dispatchersToo, ...TECHNICIAN_ACTION_FIELDS } = ACTION_FIELDS;
export const syncPayload = Joi.object({
  actions: Joi.array()
    .items(
      byAction(
        {
          ...TECHNICIAN_ACTION_FIELDS,
          checklist: { items: checklistTicksPayload.extract('items') },
          parts: { parts: partsPayload.extract('parts') },
        },
        queuedBase,
      ),
    )
    .unique('id')
    .min(1)
    .max(200)
    .required(),
}).label('WorkOrderSync');
export const syncResults = Joi.object({
  results: Joi.array()
    .items(
      Joi.object({
        id: id.required(),
        workOrder: Joi.string().required(),
        action: Joi.string().required(),
        outcome: Joi.string().valid('applied', 'conflict', 'rejected', 'pending').required(),
        duplicate: Joi.boolean().required(),
        code: Joi.string().allow(null).required(),
        message: Joi.string().allow(null).required(),
      }).label('SyncResult'),
    )
    .required(),
}).label('WorkOrderSyncResults');
