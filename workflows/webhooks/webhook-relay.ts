import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { EntityManager } from '@mikro-orm/postgresql';
import { TenantScope, setTenantScope } from '../../service-catalog/db/tenant';
import type { Orm } from '../../service-catalog/db/orm';
import type { WebhookDeliveryInput, WebhookRetry } from '../bpmn-process/webhook-messages';

/** Deliveries handed to Temporal per round. */
const BATCH = 100;

export interface WebhookRelay {
  /** One round now: starts a workflow for every delivery queued so far; resolves with how many. */
  relayOnce(): Promise<number>;
  stop(): Promise<void>;
}

/** The workflow id of a delivery's `replays`-th sending: a relay that runs twice starts it once. */
export const webhookDeliveryWorkflowId = (deliveryId: string, replays: number) => `webhook-delivery:${deliveryId}:${replays}`;

/**
 * Hands queued webhook deliveries (written by the outbox triggers in the same transaction as the change)
 * to Temporal, one workflow each, every `intervalMs`. Safe on any number of workers at once: a round locks
 * the rows it takes (`for update skip locked`), and a workflow id is started once (a second start of the
 * same id is refused by Temporal and counted as done).
 */
export function startWebhookRelay(deps: {
  orm: Orm;
  client: Client;
  taskQueue: string;
  retry: WebhookRetry;
  intervalMs?: number;
  onError?: (err: unknown) => void;
}): WebhookRelay {
  let stopped = false;
  let running: Promise<number> = Promise.resolve(0);

  const round = async (): Promise<number> => {
    const em = deps.orm.em.fork() as EntityManager;
    setTenantScope(em, TenantScope.all('webhook relay'));
    return em.transactional(async (tx) => {
      const rows = await tx.execute<Array<{ id: string; replays: number }>>(
        `select id, replays from webhook_delivery where relayed_at is null order by created_at limit ${BATCH} for update skip locked`,
      );
      for (const row of rows) {
        const input: WebhookDeliveryInput = { deliveryId: row.id, retry: deps.retry };
        try {
          await deps.client.workflow.start('webhookDelivery', {
            taskQueue: deps.taskQueue,
            workflowId: webhookDeliveryWorkflowId(row.id, row.replays),
            args: [input],
          });
        } catch (err) {
          if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
        }
      }
      if (rows.length) await tx.execute('update webhook_delivery set relayed_at = now() where id in (?)', [rows.map((r) => r.id)]);
      return rows.length;
    });
  };

  const relayOnce = () => {
    running = running.then(round, round);
    return running;
  };

  const loop = async () => {
    while (!stopped) {
      try {
        const n = await relayOnce();
        if (n === BATCH) continue;
      } catch (err) {
        deps.onError?.(err);
      }
      await new Promise((r) => setTimeout(r, deps.intervalMs ?? 500));
    }
  };
  const looping = loop();

  return {
    relayOnce,
    async stop() {
      stopped = true;
      await looping;
      await running.catch(() => undefined);
    },
  };
}
