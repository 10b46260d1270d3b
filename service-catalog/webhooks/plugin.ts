import type { Plugin } from '@hapi/hapi';
import type { PrivateTargets } from './domain/webhook-target';
import { webhookRoutes } from './routes/webhooks';

export interface WebhooksOptions {
  privateTargets: PrivateTargets;
}

/** Outgoing webhooks: subscriptions, their deliveries and the dead-letter list (delivery itself: workflows/webhooks). */
export const webhooksPlugin: Plugin<WebhooksOptions> = {
  name: 'flowdesk-webhooks',
  register(server, opts) {
    server.route(webhookRoutes(opts));
  },
};
