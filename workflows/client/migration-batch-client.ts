import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import {
  MIGRATION_BATCH_WORKFLOW_TYPE,
  migrationBatchWorkflowId,
  type MigrationBatchInput,
} from '../bpmn-process/migration-batch-messages';

/** Starts batch migrations on the engine's task queue (see workflows/migration-batch). */
export class MigrationBatchClient {
  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
  ) {}

  async start(batchId: string): Promise<void> {
    const input: MigrationBatchInput = { batchId };
    try {
      await this.client.workflow.start(MIGRATION_BATCH_WORKFLOW_TYPE, {
        workflowId: migrationBatchWorkflowId(batchId),
        taskQueue: this.taskQueue,
        args: [input],
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  }
}
