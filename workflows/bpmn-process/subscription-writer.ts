import { workflowInfo } from '@temporalio/workflow';
import type { EngineCommand } from '../../engine/runtime/process-state';
import { remote, type RunActivities } from './activity-proxies';
import type { ProcessRun } from './process-run';

export type SubscriptionCommand = Extract<EngineCommand, { type: 'subscription.open' | 'subscription.close' | 'signal.throw' }>;

/**
 * Writes the instance's message and signal subscriptions to the host's table, and broadcasts the
 * signals it throws. The writes run one after the other, so a close never overtakes its open.
 */
export class SubscriptionWriter {
  private writes: Promise<void> = Promise.resolve();
  /** Writes queued or in flight; the run ends (or continues as new) only once none is left. */
  pending = 0;

  constructor(
    private readonly run: ProcessRun,
    private readonly activities: RunActivities,
  ) {}

  /** Table writes and signal broadcasts, in order: a signal thrown after a catch event opened reaches it. */
  write(command: SubscriptionCommand): void {
    const processInstanceId = workflowInfo().workflowId;
    this.pending++;
    this.writes = this.writes
      .then(async () => {
        if (command.type === 'signal.throw') {
          // The element instance throws once, so this id names the delivery on every attempt of the activity.
          const deliveryId = `${processInstanceId}/${command.elementInstanceKey}`;
          await remote.subscription.broadcastSignal({ name: command.name, variables: command.variables, deliveryId });
          return;
        }
        if (command.type === 'subscription.close') {
          await this.activities.subscription().closeEventSubscription({ processInstanceId, subscriptionKey: command.subscriptionKey });
          return;
        }
        const { subscriptionKey, elementId, eventType, name, correlationKey } = command;
        const { buffered } = await this.activities.subscription().openEventSubscription({
          processInstanceId, processId: this.run.graph.processId, subscriptionKey, elementId, eventType, name, ...(correlationKey !== undefined ? { correlationKey } : {}),
        });
        // A message published before anyone waited, still within its time to live.
        if (buffered && correlationKey !== undefined) this.run.inbox.push({ type: 'message.correlate', name, correlationKey, variables: buffered.variables });
      })
      .finally(() => this.pending--);
  }
}
