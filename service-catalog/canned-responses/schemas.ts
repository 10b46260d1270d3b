import Joi from 'joi';
import { ticketNumber } from '../tickets/schemas';

export const cannedResponseId = Joi.string().guid();

const fields = {
  title: Joi.string().trim().min(1).max(200),
  body: Joi.string().trim().min(1).max(20_000),
  groupKey: Joi.string()
    .pattern(/^[a-z0-9][a-z0-9-]{0,62}$/, 'group key')
    .allow(null),
  category: Joi.string().trim().min(1).max(120).allow(null),
};

export const createCannedResponsePayload = Joi.object({ ...fields, title: fields.title.required(), body: fields.body.required() }).label(
  'NewCannedResponse',
);
export const updateCannedResponsePayload = Joi.object(fields).min(1).label('CannedResponseChanges');
export const listCannedResponsesQuery = Joi.object({
  groupKey: fields.groupKey,
  category: Joi.string().max(120),
  q: Joi.string().trim().min(1).max(100),
  limit: Joi.number().integer().min(1).max(500).default(100),
  offset: Joi.number().integer().min(0).default(0),
});
export const renderPayload = Joi.object({ ticketNumber: ticketNumber.required() }).label('RenderCannedResponse');

export const cannedResponse = Joi.object({
  id: Joi.string().required(),
  title: Joi.string().required(),
  body: Joi.string().required(),
  groupKey: Joi.string().allow(null).required(),
  category: Joi.string().allow(null).required(),
  createdById: Joi.string().allow(null).required(),
  createdByName: Joi.string().required(),
  createdAt: Joi.date().iso().required(),
  updatedAt: Joi.date().iso().required(),
}).label('CannedResponse');

export const cannedResponseList = Joi.object({
  items: Joi.array().items(cannedResponse).required(),
  total: Joi.number().integer().required(),
}).label('CannedResponseList');
export const renderedResponse = Joi.object({
  id: Joi.string().required(),
  ticketNumber: Joi.string().required(),
  title: Joi.string().required(),
  body: Joi.string().allow('').required(),
}).label('RenderedCannedResponse');
