/**
 * One webhook delivery (workflow id `webhook-delivery:<delivery id>:<replays>`): the POST is an activity
 * that Temporal retries with exponential backoff, so the retries survive worker and server restarts; when
 * they run out, or the receiver refuses for good (a 4xx other than 408/429), the delivery goes to the
 * dead-letter list, from where an admin replays it. Deterministic: only `@temporalio/workflow`.
 */
import { ActivityFailure, ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import type { WebhookActivities, WebhookDeliveryInput, WebhookDeliveryOutcome } from './webhook-messages';

const { buryWebhookDelivery } = proxyActivities<WebhookActivities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumInterval: '1 minute' },
});

export async function webhookDelivery(input: WebhookDeliveryInput): Promise<WebhookDeliveryOutcome> {
  const { deliverWebhook } = proxyActivities<WebhookActivities>({
    // A receiver gets 10 s (webhook-activities.ts); the rest is the database on either side.
    startToCloseTimeout: '1 minute',
    retry: {
      initialInterval: input.retry.initialIntervalMs,
      backoffCoefficient: 2,
      maximumInterval: input.retry.maximumIntervalMs,
      maximumAttempts: input.retry.maximumAttempts,
    },
  });
  try {
    await deliverWebhook({ deliveryId: input.deliveryId });
    return 'delivered';
  } catch (err) {
    await buryWebhookDelivery({ deliveryId: input.deliveryId, reason: reasonOf(err) });
    return 'dead';
  }
}

function reasonOf(err: unknown): string {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  if (cause instanceof ApplicationFailure || cause instanceof Error) return cause.message;
  return String(cause);
}
