import Joi from 'joi';
import { groupKey } from '../tickets/domain/ticket-fields';
import { SERVICE_KINDS, SERVICE_STATUSES } from './domain/service.entity';

export const serviceId = Joi.string().guid();

const fields = {
  name: Joi.string().trim().min(1).max(120),
  kind: Joi.string().valid(...SERVICE_KINDS),
  description: Joi.string().max(20_000).allow(''),
  ownerId: Joi.string().guid().allow(null).description('the service owner (a user)'),
  supportGroup: groupKey.allow(null).description('the group that supports it'),
  slaPolicyId: Joi.string().guid().allow(null),
  status: Joi.string().valid(...SERVICE_STATUSES),
  customerOrganizationIds: Joi.array().items(Joi.string().guid()).max(1000).unique().description('the customer organisations it serves'),
};

export const createServicePayload = Joi.object({
  ...fields,
  name: fields.name.required(),
  kind: fields.kind.required(),
  organizationId: Joi.string().guid().allow(null).description("a customer's own service; unset: the provider's"),
}).label('NewService');
export const updateServicePayload = Joi.object(fields).min(1).label('ServiceChanges');
export const listServicesQuery = Joi.object({
  q: Joi.string().trim().min(1).max(100),
  kind: fields.kind,
  status: fields.status,
  organizationId: Joi.string().guid().description('only the services this customer may use (its own and those serving it)'),
  limit: Joi.number().integer().min(1).max(500).default(100),
  offset: Joi.number().integer().min(0).default(0),
});

export const service = Joi.object({
  id: Joi.string().required(),
  name: Joi.string().required(),
  kind: Joi.string().required(),
  description: Joi.string().allow('').required(),
  ownerId: Joi.string().allow(null).required(),
  supportGroup: Joi.string().allow(null).required(),
  slaPolicyId: Joi.string().allow(null).required(),
  status: Joi.string().required(),
  customerOrganizationIds: Joi.array().items(Joi.string()).required(),
  organizationId: Joi.string().allow(null).required(),
  createdAt: Joi.date().iso().required(),
  updatedAt: Joi.date().iso().required(),
}).label('Service');
export const serviceList = Joi.object({ items: Joi.array().items(service).required(), total: Joi.number().integer().required() }).label(
  'ServiceList',
);
