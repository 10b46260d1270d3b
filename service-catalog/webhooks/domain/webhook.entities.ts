import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { tenantOwned } from '../../db/tenant';

/** What an integration can subscribe to; the triggers of Migration20270106000000_webhooks publish them. */
export const WEBHOOK_EVENT_TYPES = [
  'ticket.created',
  'ticket.updated',
  'ticket.stateChanged',
  'sla.warning',
  'sla.breached',
  'process.incident',
  'approval.requested',
  'approval.decided',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/**
 * An integration's subscription: events of its organisation (or, with none, every event of the desk)
 * POSTed to `url`, signed with `secret` (HMAC-SHA256; shown once, when created or rotated).
 */
export const WebhookSubscription = defineEntity({
  name: 'WebhookSubscription',
  tableName: 'webhook_subscription',
  properties: {
    id: p.uuid().primary(),
    name: p.string(),
    url: p.text(),
    secret: p.string().lazy(),
    eventTypes: p.array().$type<WebhookEventType[]>(),
    active: p.boolean(),
    createdById: p.uuid().nullable(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
    ...tenantOwned.properties,
  },
  filters: tenantOwned.filters,
});
export type WebhookSubscription = InferEntity<typeof WebhookSubscription>;

/** One business event as it was when it happened; written by the outbox triggers only. */
export const WebhookEvent = defineEntity({
  name: 'WebhookEvent',
  tableName: 'webhook_event',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    type: p.string().$type<WebhookEventType>(),
    subject: p.string(),
    payload: p.json<Record<string, unknown>>(),
    occurredAt: p.datetime(),
    ...tenantOwned.properties,
  },
  filters: tenantOwned.filters,
});
export type WebhookEvent = InferEntity<typeof WebhookEvent>;

export type WebhookDeliveryState = 'pending' | 'delivered' | 'dead';

/** One event for one subscription: attempted by its own workflow until delivered or dead (the dead-letter list). */
export const WebhookDelivery = defineEntity({
  name: 'WebhookDelivery',
  tableName: 'webhook_delivery',
  properties: {
    id: p.uuid().primary(),
    subscriptionId: p.uuid(),
    eventId: p.bigint('number'),
    state: p.string().$type<WebhookDeliveryState>(),
    attempts: p.integer(),
    lastStatus: p.integer().nullable(),
    lastError: p.text().nullable(),
    lastAttemptAt: p.datetime().nullable(),
    deliveredAt: p.datetime().nullable(),
    deadAt: p.datetime().nullable(),
    relayedAt: p.datetime().nullable(),
    replays: p.integer(),
    createdAt: p.datetime(),
    ...tenantOwned.properties,
  },
  filters: tenantOwned.filters,
});
export type WebhookDelivery = InferEntity<typeof WebhookDelivery>;

export const webhookEntities = [WebhookSubscription, WebhookEvent, WebhookDelivery];
