import { Context } from '@temporalio/activity';
import { EngineClient } from '../client';

/**
 * The task queues of a worker's process instances: `process` runs the interpreter workflow, `activity`
 * (config `FLOWDESK_ACTIVITY_TASK_QUEUE`) their regular activities when those have workers of their own.
 */
export interface ProcessQueues {
  process: string;
  activity?: string;
}

/**
 * A client for the instances an activity starts (timer and signal starts, tickets a process opens). On
 * the process queue, not the activity's own: an activities-only worker polls a queue no workflow runs on.
 * Without `queues` (tests), the activity's own queue, as before.
 */
export function engineClientInActivity(
  queues: ProcessQueues | undefined,
  opts: { localTaskTypes?: readonly string[]; inProcessTaskTypes?: readonly string[] },
): EngineClient {
  return new EngineClient(Context.current().client, queues?.process ?? Context.current().info.taskQueue, {
    ...opts,
    ...(queues?.activity ? { activityTaskQueue: queues.activity } : {}),
  });
}
