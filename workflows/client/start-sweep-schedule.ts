import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client, type ScheduleSpec } from '@temporalio/client';
import { START_SWEEP_WORKFLOW_TYPE, startSweepScheduleId } from '../bpmn-process/start-sweep-messages';

/**
 * Makes sure the cluster's start sweep is scheduled: a Temporal Schedule, not a timer in each API node,
 * so N nodes sweep once per interval between them. Every node calls this at start; the first creates
 * the schedule, the others find it (and bring its interval to theirs, so a changed setting takes effect).
 */
export async function ensureStartSweepSchedule(client: Client, taskQueue: string, everySec: number): Promise<void> {
  const scheduleId = startSweepScheduleId(taskQueue);
  const spec: ScheduleSpec = { intervals: [{ every: `${everySec} seconds` }] };
  try {
    await client.schedule.create({
      scheduleId,
      spec,
      action: { type: 'startWorkflow', workflowType: START_SWEEP_WORKFLOW_TYPE, taskQueue, args: [] },
      // A sweep still running when the next is due: skip the next, never run two.
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 minute' },
    });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await client.schedule.getHandle(scheduleId).update((previous) => ({ ...previous, spec }));
  }
}
