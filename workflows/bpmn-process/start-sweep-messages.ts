/** The start sweep's activity, as its workflow sees it (types only: the workflow sandbox imports nothing else). */
export interface StartSweepActivities {
  sweepUnstartedProcesses(): Promise<{ confirmed: number; started: number }>;
}

/** The workflow type a Temporal Schedule starts once per interval for the whole cluster. */
export const START_SWEEP_WORKFLOW_TYPE = 'processStartSweep';
/** One schedule per namespace and task queue: every API node creates it, the first one wins. */
export const startSweepScheduleId = (taskQueue: string): string => `start-sweep:${taskQueue}`;
