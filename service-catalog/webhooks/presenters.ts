import type { WebhookDelivery, WebhookEvent, WebhookSubscription } from './domain/webhook.entities';

/** A subscription as the API shows it: never its secret (that is shown once, by create and rotate). */
export const presentWebhook = (s: WebhookSubscription) => ({
  id: s.id,
  name: s.name,
  url: s.url,
  eventTypes: s.eventTypes,
  active: s.active,
  organizationId: s.organizationId ?? null,
  createdAt: s.createdAt,
  updatedAt: s.updatedAt,
});

export const presentDelivery = ({ delivery: d, event: e }: { delivery: WebhookDelivery; event: WebhookEvent }) => ({
  id: d.id,
  subscriptionId: d.subscriptionId,
  state: d.state,
  attempts: d.attempts,
  lastStatus: d.lastStatus ?? null,
  lastError: d.lastError ?? null,
  lastAttemptAt: d.lastAttemptAt ?? null,
  deliveredAt: d.deliveredAt ?? null,
  deadAt: d.deadAt ?? null,
  replays: d.replays,
  createdAt: d.createdAt,
  event: { id: e.id, type: e.type, subject: e.subject, occurredAt: e.occurredAt, payload: e.payload },
});
