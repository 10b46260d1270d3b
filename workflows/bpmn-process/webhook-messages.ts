/** How a delivery retries: exponential from `initialIntervalMs`, doubling up to `maximumIntervalMs`, `maximumAttempts` in all. */
export interface WebhookRetry {
  initialIntervalMs: number;
  maximumIntervalMs: number;
  maximumAttempts: number;
}

/** About a day of attempts (10 s doubling to an hour, 30 attempts) before a delivery goes to the dead-letter list. */
export const DEFAULT_WEBHOOK_RETRY: WebhookRetry = { initialIntervalMs: 10_000, maximumIntervalMs: 3_600_000, maximumAttempts: 30 };

export interface WebhookDeliveryInput {
  deliveryId: string;
  retry: WebhookRetry;
}

export type WebhookDeliveryOutcome = 'delivered' | 'dead';

/** The activities the delivery workflow calls (workflows/webhooks/webhook-activities.ts). */
export interface WebhookActivities {
  /** One POST of the delivery; throws to be retried, or non-retryably when retrying cannot help. */
  deliverWebhook(input: { deliveryId: string }): Promise<{ status: number | null }>;
  /** Puts the delivery on the dead-letter list with why. */
  buryWebhookDelivery(input: { deliveryId: string; reason: string }): Promise<void>;
}
