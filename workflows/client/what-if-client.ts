import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { WHAT_IF_WORKFLOW_TYPE, whatIfWorkflowId, type WhatIfRunInput } from '../bpmn-process/what-if-messages';

/** Starts what-if replays on the engine's task queue (see workflows/what-if). */
export class WhatIfClient {
  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
  ) {}

  async start(runId: string): Promise<void> {
    const input: WhatIfRunInput = { runId };
    try {
      await this.client.workflow.start(WHAT_IF_WORKFLOW_TYPE, {
        workflowId: whatIfWorkflowId(runId),
        taskQueue: this.taskQueue,
        args: [input],
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  }
}
