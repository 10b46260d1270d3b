/**
 * Timer start events. One small workflow per timer start event of the latest deployed version
 * (workflow id `timer-start:<processId>:<elementId>`): it sleeps on the workflow clock until the timer
 * is due and asks the host to start an instance there, once for a duration or a date, n times for a
 * cycle. Deploying a new version replaces it. Deterministic: only `@temporalio/workflow` and pure modules.
 */
import { continueAsNew, proxyActivities, sleep, uuid4 } from '@temporalio/workflow';
import { evaluateFeel, isFeelExpression, stripFeelMarker } from '../../engine/feel/feel';
import type { EngineActivities, TimerStartInput } from './messages';
import { scheduleTimer } from '../../engine/runtime/timer-schedule';

const activities = proxyActivities<EngineActivities>({ startToCloseTimeout: '1 minute', retry: { maximumInterval: '1 minute' } });

/** Firings per run before continuing as new, so an endless cycle never fills a history. */
const FIRINGS_PER_RUN = 500;

export async function bpmnTimerStart(input: TimerStartInput): Promise<{ started: number }> {
  let next = input.next;
  if (!next) {
    const expression = input.timer.expression;
    // A timer start has no instance yet, so its FEEL sees no variables.
    const text = isFeelExpression(expression) ? String(evaluateFeel(stripFeelMarker(expression), {}).value ?? '') : expression;
    const { dueAt, cycle } = scheduleTimer(input.timer.kind, text, Date.now());
    next = { dueAt, remaining: cycle ? cycle.remaining : 0, ...(cycle ? { intervalMs: cycle.intervalMs } : {}) };
  }
  for (let started = 0; ; ) {
    await sleep(Math.max(1, next.dueAt - Date.now()));
    // The instance id is chosen here, so a retried activity starts the same instance, not a second one.
    await activities.startProcessAtTimer({ instanceId: uuid4(), definitionId: input.definitionId, startEventId: input.startEventId });
    started++;
    if (next.remaining === 0 || next.intervalMs === undefined) return { started };
    next = { ...next, dueAt: next.dueAt + next.intervalMs, remaining: next.remaining === -1 ? -1 : next.remaining - 1 };
    if (started >= FIRINGS_PER_RUN) await continueAsNew<typeof bpmnTimerStart>({ ...input, next });
  }
}
