import Joi from 'joi';
import { at, id, key } from './schemas';

/** The parts catalogue and the work types' dispatch settings (routes/parts.ts, routes/work-types.ts). */
const paging = { limit: Joi.number().integer().min(1).max(500).default(50), offset: Joi.number().integer().min(0).default(0) };
const sku = Joi.string()
  .trim()
  .pattern(/^[A-Za-z0-9][A-Za-z0-9._/-]{0,59}$/, 'SKU: letters, digits, . _ / -');

export const partPayload = Joi.object({
  organizationId: id.allow(null).default(null).description('the customer whose own stock it is; null: the provider’s, usable for everyone'),
  sku: sku.required(),
  name: Joi.string().trim().min(1).max(200).required(),
  unit: Joi.string()
    .trim()
    .pattern(/^[a-z]{1,20}$/, 'lowercase unit such as pcs, m, l, kg')
    .default('pcs'),
  unitPrice: Joi.number().min(0).max(10_000_000).precision(2).allow(null).default(null),
  currency: Joi.string()
    .pattern(/^[A-Z]{3}$/, 'ISO 4217 code')
    .allow(null)
    .default(null)
    .when('unitPrice', { is: Joi.number().required(), then: Joi.required().invalid(null) }),
  active: Joi.boolean().default(true),
}).label('PartInput');
const requiredSkills = Joi.array()
  .items(Joi.object({ skill: key.required(), level: Joi.number().integer().min(1).max(5).default(1) }).label('RequiredSkill'))
  .unique('skill')
  .max(20);
const durationMinutes = Joi.number().integer().min(5).max(1440);
export const workTypeSettingPayload = Joi.object({
  autoDispatch: Joi.boolean().required().description('assign new work orders of this type to the top suggested technician'),
  // Optional so the auto-dispatch switch alone can be sent: left out keeps what the type has.
  defaultDurationMinutes: durationMinutes
    .allow(null)
    .description('the window’s length when a new work order gives only its start; null: the work order must give the end'),
  requiredSkills: requiredSkills.description('the skills a new work order of this type needs when it names none itself'),
}).label('WorkTypeSettingInput');
export const workTypeSetting = Joi.object({
  workType: Joi.string().required(),
  autoDispatch: Joi.boolean().required(),
  defaultDurationMinutes: durationMinutes.allow(null).required(),
  requiredSkills: requiredSkills.required(),
  updatedAt: at.required(),
}).label('WorkTypeSetting');
export const workTypeSettingList = Joi.object({ items: Joi.array().items(workTypeSetting).required() }).label('WorkTypeSettingList');

export const partUpdatePayload = partPayload
  .keys({ organizationId: Joi.forbidden(), version: Joi.number().integer().min(1).required() })
  .label('PartUpdate');
export const partResource = Joi.object({
  id: id.required(),
  organizationId: id.allow(null).required(),
  sku: Joi.string().required(),
  name: Joi.string().required(),
  unit: Joi.string().required(),
  unitPrice: Joi.string().allow(null).required(),
  currency: Joi.string().allow(null).required(),
  active: Joi.boolean().required(),
  version: Joi.number().integer().required(),
  updatedAt: at.required(),
}).label('Part');
export const partList = Joi.object({ items: Joi.array().items(partResource).required(), total: Joi.number().required() }).label('PartList');
export const listPartsQuery = Joi.object({
  ...paging,
  q: Joi.string().trim().min(1).max(100).description('SKU prefix or words of the name'),
  organizationId: id,
  active: Joi.boolean(),
});
