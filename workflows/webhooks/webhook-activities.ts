import { ApplicationFailure } from '@temporalio/activity';
import type { EntityManager } from '@mikro-orm/postgresql';
import { TenantScope, setTenantScope } from '../../service-catalog/db/tenant';
import type { Orm } from '../../service-catalog/db/orm';
import { WebhookDelivery, WebhookEvent, WebhookSubscription } from '../../service-catalog/webhooks/domain/webhook.entities';
import { signWebhook } from '../../service-catalog/webhooks/domain/webhook-signature';
import { resolvedTargetProblem, type PrivateTargets } from '../../service-catalog/webhooks/domain/webhook-target';
import type { WebhookActivities } from '../bpmn-process/webhook-messages';

/** How long a receiver may take to answer one POST. */
const RECEIVER_TIMEOUT_MS = 10_000;
/** What is kept of a failed attempt's answer, for the admin's delivery list. */
const ERROR_TEXT_MAX = 500;

/**
 * The delivery workflow's activities. Each attempt is recorded on the delivery (status, error, count)
 * before the activity returns or throws; a delivery already delivered is not sent again, so a worker that
 * died after the receiver answered and before Temporal heard of it sends at most that one duplicate —
 * which receivers recognise by `X-Flowdesk-Delivery`.
 */
export function createWebhookActivities(deps: { orm: Orm; privateTargets: PrivateTargets }): WebhookActivities {
  const em = () => {
    const forked = deps.orm.em.fork() as EntityManager;
    // Deliveries of every organisation go through here; each carries only its own organisation's event.
    setTenantScope(forked, TenantScope.all('webhook delivery'));
    return forked;
  };
  return {
    async deliverWebhook({ deliveryId }) {
      const db = em();
      const delivery = await db.findOne(WebhookDelivery, { id: deliveryId });
      if (!delivery)
        throw ApplicationFailure.nonRetryable(`delivery ${deliveryId} no longer exists (its subscription was deleted)`, 'GONE');
      if (delivery.state === 'delivered') return { status: delivery.lastStatus ?? null };
      const subscription = await db.findOne(WebhookSubscription, { id: delivery.subscriptionId }, { populate: ['secret'] });
      if (!subscription) throw ApplicationFailure.nonRetryable('the subscription was deleted', 'GONE');
      if (!subscription.active) throw ApplicationFailure.nonRetryable('the subscription is inactive', 'INACTIVE');
      const event = await db.findOneOrFail(WebhookEvent, { id: delivery.eventId });
      const refused = await resolvedTargetProblem(subscription.url, deps.privateTargets);
      if (refused) return fail(db, delivery, null, `the URL ${refused}`, false);

      const body = JSON.stringify({
        id: delivery.id,
        type: event.type,
        subject: event.subject,
        occurredAt: event.occurredAt.toISOString(),
        organizationId: event.organizationId ?? null,
        data: event.payload,
      });
      let status: number;
      let answer = '';
      try {
        const res = await fetch(subscription.url, {
          method: 'POST',
          body,
          redirect: 'manual',
          signal: AbortSignal.timeout(RECEIVER_TIMEOUT_MS),
          headers: {
            'content-type': 'application/json',
            'user-agent': 'Flowdesk-Webhooks/1',
            'x-flowdesk-event': event.type,
            'x-flowdesk-delivery': delivery.id,
            'x-flowdesk-signature': signWebhook(subscription.secret!, body, Math.floor(Date.now() / 1000)),
          },
        });
        status = res.status;
        if (status >= 300) answer = (await res.text().catch(() => '')).slice(0, ERROR_TEXT_MAX);
        else await res.body?.cancel();
      } catch (err) {
        return fail(db, delivery, null, `no answer: ${(err as Error).message}`, true);
      }
      if (status >= 200 && status < 300) {
        await db.nativeUpdate(
          WebhookDelivery,
          { id: delivery.id },
          {
            state: 'delivered',
            attempts: delivery.attempts + 1,
            lastStatus: status,
            lastError: null,
            lastAttemptAt: new Date(),
            deliveredAt: new Date(),
          },
        );
        return { status };
      }
      // Redirects are not followed (they could lead anywhere); a receiver that is busy or broken may recover.
      const retryable = status === 408 || status === 429 || status >= 500;
      return fail(db, delivery, status, `HTTP ${status}${answer ? `: ${answer}` : ''}`, retryable);
    },

    async buryWebhookDelivery({ deliveryId, reason }) {
      await em().nativeUpdate(
        WebhookDelivery,
        { id: deliveryId, state: 'pending' },
        { state: 'dead', deadAt: new Date(), lastError: reason.slice(0, ERROR_TEXT_MAX) },
      );
    },
  };
}

async function fail(
  db: EntityManager,
  delivery: WebhookDelivery,
  status: number | null,
  error: string,
  retryable: boolean,
): Promise<never> {
  await db.nativeUpdate(
    WebhookDelivery,
    { id: delivery.id },
    { attempts: delivery.attempts + 1, lastStatus: status, lastError: error.slice(0, ERROR_TEXT_MAX), lastAttemptAt: new Date() },
  );
  if (retryable) throw ApplicationFailure.retryable(error, 'WEBHOOK_ATTEMPT_FAILED');
  throw ApplicationFailure.nonRetryable(error, 'WEBHOOK_REFUSED');
}
