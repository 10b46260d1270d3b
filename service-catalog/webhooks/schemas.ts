import Joi from 'joi';
import { WEBHOOK_EVENT_TYPES } from './domain/webhook.entities';

export const webhookId = Joi.string().guid();

const fields = {
  name: Joi.string().trim().min(1).max(200),
  url: Joi.string().trim().max(2000).description('http(s) address the events are POSTed to'),
  eventTypes: Joi.array()
    .items(Joi.string().valid(...WEBHOOK_EVENT_TYPES))
    .min(1)
    .max(WEBHOOK_EVENT_TYPES.length),
  active: Joi.boolean(),
};

export const createWebhookPayload = Joi.object({
  ...fields,
  name: fields.name.required(),
  url: fields.url.required(),
  eventTypes: fields.eventTypes.required(),
  organizationId: Joi.string().guid().allow(null).default(null).description("one customer's events only; null: every event"),
}).label('NewWebhookSubscription');
export const updateWebhookPayload = Joi.object(fields).min(1).label('WebhookSubscriptionChanges');
export const listWebhooksQuery = Joi.object({
  organizationId: Joi.string().guid(),
  limit: Joi.number().integer().min(1).max(500).default(100),
  offset: Joi.number().integer().min(0).default(0),
});
export const listDeliveriesQuery = Joi.object({
  state: Joi.string().valid('pending', 'delivered', 'dead'),
  limit: Joi.number().integer().min(1).max(500).default(50),
  offset: Joi.number().integer().min(0).default(0),
});

export const webhookSubscription = Joi.object({
  id: Joi.string().required(),
  name: Joi.string().required(),
  url: Joi.string().required(),
  eventTypes: Joi.array().items(Joi.string()).required(),
  active: Joi.boolean().required(),
  organizationId: Joi.string().allow(null).required(),
  createdAt: Joi.date().iso().required(),
  updatedAt: Joi.date().iso().required(),
}).label('WebhookSubscription');

export const webhookWithSecret = webhookSubscription
  .keys({ secret: Joi.string().required().description('HMAC-SHA256 key of X-Flowdesk-Signature; shown this once') })
  .label('WebhookSubscriptionWithSecret');

export const webhookList = Joi.object({
  items: Joi.array().items(webhookSubscription).required(),
  total: Joi.number().integer().required(),
}).label('WebhookSubscriptionList');

export const webhookDelivery = Joi.object({
  id: Joi.string().required(),
  subscriptionId: Joi.string().required(),
  state: Joi.string().valid('pending', 'delivered', 'dead').required(),
  attempts: Joi.number().integer().required(),
  lastStatus: Joi.number().integer().allow(null).required(),
  lastError: Joi.string().allow(null, '').required(),
  lastAttemptAt: Joi.date().iso().allow(null).required(),
  deliveredAt: Joi.date().iso().allow(null).required(),
  deadAt: Joi.date().iso().allow(null).required(),
  replays: Joi.number().integer().required(),
  createdAt: Joi.date().iso().required(),
  event: Joi.object({
    id: Joi.number().integer().required(),
    type: Joi.string().required(),
    subject: Joi.string().required(),
    occurredAt: Joi.date().iso().required(),
    payload: Joi.object().unknown(true).required(),
  }).required(),
}).label('WebhookDelivery');

export const webhookDeliveryList = Joi.object({
  items: Joi.array().items(webhookDelivery).required(),
  total: Joi.number().integer().required(),
}).label('WebhookDeliveryList');

export const webhookEventTypes = Joi.object({ items: Joi.array().items(Joi.string()).required() }).label('WebhookEventTypes');
