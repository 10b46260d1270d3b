/** The what-if workflow's input: the run row (service-catalog/processes) holds the rest. */
export interface WhatIfRunInput {
  runId: string;
}

/** What the workflow calls (workflows/what-if/what-if-activities.ts). */
export interface WhatIfActivities {
  /** Replays up to `size` pending items of the run and records each comparison; idempotent per item. */
  replayWhatIfChunk(input: { runId: string; size: number }): Promise<{ replayed: number; remaining: number }>;
  /** Totals per element and per outcome over the run's items. */
  finishWhatIfRun(input: { runId: string }): Promise<void>;
}

export const WHAT_IF_WORKFLOW_TYPE = 'processWhatIf';
export const whatIfWorkflowId = (runId: string) => `what-if:${runId}`;
