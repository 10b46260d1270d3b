import Joi from 'joi';
import type { ServerRoute } from '@hapi/hapi';
import { principalOf } from '../../identity/auth-plugin';
import { adminOnly } from '../../identity/identity-context';
import { WebhookService, type WebhookSubscriptionInput } from '../domain/webhook-service';
import { WEBHOOK_EVENT_TYPES } from '../domain/webhook.entities';
import type { PrivateTargets } from '../domain/webhook-target';
import { presentDelivery, presentWebhook } from '../presenters';
import {
  createWebhookPayload,
  listDeliveriesQuery,
  listWebhooksQuery,
  updateWebhookPayload,
  webhookDelivery,
  webhookDeliveryList,
  webhookEventTypes,
  webhookId,
  webhookList,
  webhookSubscription,
  webhookWithSecret,
} from '../schemas';

const byId = Joi.object({ id: webhookId.required() });
const tags = ['api', 'webhooks'];

/** The webhook routes; admins only: a subscription sees every event of its organisation, or of the desk. */
export function webhookRoutes(opts: { privateTargets: PrivateTargets }): ServerRoute[] {
  const service = (request: { app: { em: ConstructorParameters<typeof WebhookService>[0] } }) =>
    new WebhookService(request.app.em, opts.privateTargets);
  return [
    {
      method: 'GET',
      path: '/webhooks/event-types',
      options: { tags, description: 'The event types a subscription can name', auth: adminOnly, response: { schema: webhookEventTypes } },
      handler: () => ({ items: [...WEBHOOK_EVENT_TYPES] }),
    },
    {
      method: 'GET',
      path: '/webhooks',
      options: {
        tags,
        description: 'Webhook subscriptions, by name',
        auth: adminOnly,
        validate: { query: listWebhooksQuery },
        response: { schema: webhookList },
      },
      async handler(request) {
        const [items, total] = await service(request).list(request.query as Parameters<WebhookService['list']>[0]);
        return { items: items.map(presentWebhook), total };
      },
    },
    {
      method: 'POST',
      path: '/webhooks',
      options: {
        tags,
        description:
          'Subscribe a URL to events (of one organisation, or all with organizationId null); the answer carries the signing secret, shown this once. 422 names a refused URL or unknown organisation.',
        auth: adminOnly,
        validate: { payload: createWebhookPayload },
        response: { status: { 201: webhookWithSecret } },
      },
      async handler(request, h) {
        const { subscription, secret } = await service(request).create(principalOf(request), request.payload as WebhookSubscriptionInput);
        return h.response({ ...presentWebhook(subscription), secret }).code(201);
      },
    },
    {
      method: 'GET',
      path: '/webhooks/{id}',
      options: {
        tags,
        description: 'One webhook subscription',
        auth: adminOnly,
        validate: { params: byId },
        response: { schema: webhookSubscription },
      },
      async handler(request) {
        return presentWebhook(await service(request).get(request.params.id as string));
      },
    },
    {
      method: 'PATCH',
      path: '/webhooks/{id}',
      options: {
        tags,
        description: 'Change a subscription: name, URL, event types, active',
        auth: adminOnly,
        validate: { params: byId, payload: updateWebhookPayload },
        response: { schema: webhookSubscription },
      },
      async handler(request) {
        const changes = request.payload as Partial<WebhookSubscriptionInput>;
        return presentWebhook(await service(request).update(principalOf(request), request.params.id as string, changes));
      },
    },
    {
      method: 'POST',
      path: '/webhooks/{id}/secret',
      options: {
        tags,
        description: 'A new signing secret, shown this once; the old one stops signing at once',
        auth: adminOnly,
        validate: { params: byId },
        response: { schema: webhookWithSecret },
      },
      async handler(request) {
        const { subscription, secret } = await service(request).rotateSecret(principalOf(request), request.params.id as string);
        return { ...presentWebhook(subscription), secret };
      },
    },
    {
      method: 'DELETE',
      path: '/webhooks/{id}',
      options: { tags, description: 'Delete a subscription and its deliveries', auth: adminOnly, validate: { params: byId } },
      async handler(request, h) {
        await service(request).delete(principalOf(request), request.params.id as string);
        return h.response().code(204);
      },
    },
    {
      method: 'GET',
      path: '/webhooks/{id}/deliveries',
      options: {
        tags,
        description: "A subscription's deliveries, newest first; state=dead is its dead-letter list",
        auth: adminOnly,
        validate: { params: byId, query: listDeliveriesQuery },
        response: { schema: webhookDeliveryList },
      },
      async handler(request) {
        const svc = service(request);
        await svc.get(request.params.id as string);
        const query = request.query as { state?: 'pending' | 'delivered' | 'dead'; limit: number; offset: number };
        const { items, total } = await svc.deliveries({ subscriptionId: request.params.id as string, ...query });
        return { items: items.map(presentDelivery), total };
      },
    },
    {
      method: 'POST',
      path: '/webhook-deliveries/{id}/replay',
      options: {
        tags,
        description: 'Send a dead delivery again (409 unless it is dead)',
        auth: adminOnly,
        validate: { params: byId },
        response: { status: { 202: webhookDelivery } },
      },
      async handler(request, h) {
        const svc = service(request);
        await svc.replay(principalOf(request), request.params.id as string);
        return h.response(presentDelivery(await svc.delivery(request.params.id as string))).code(202);
      },
    },
  ];
}
