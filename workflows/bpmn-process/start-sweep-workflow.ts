/**
 * One start sweep (processes/domain/start-sweep.ts), started by the Temporal Schedule
 * `start-sweep:<task queue>` so it runs once per cluster however many API nodes and workers there are.
 * Deterministic: the work is the activity's.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { StartSweepActivities } from './start-sweep-messages';

const { sweepUnstartedProcesses } = proxyActivities<StartSweepActivities>({
  // At most 200 rows, each a describe and perhaps a start.
  startToCloseTimeout: '5 minutes',
  // The next scheduled sweep retries anyway; a sweep must not pile up behind a failing one.
  retry: { maximumAttempts: 3 },
});

export async function processStartSweep(): Promise<{ confirmed: number; started: number }> {
  return sweepUnstartedProcesses();
}
