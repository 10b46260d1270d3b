/** The batch migration workflow's input: the batch row (service-catalog/processes) holds the rest. */
export interface MigrationBatchInput {
  batchId: string;
}

export interface MigrationChunkResult {
  migrated: number;
  failed: number;
  /** Items still pending after this chunk. */
  remaining: number;
}

/** What the workflow calls (workflows/migration-batch/migration-batch-activities.ts). */
export interface MigrationBatchActivities {
  /** Migrates up to `size` pending items of the batch, recording each result; idempotent per item. */
  migrateBatchChunk(input: { batchId: string; size: number }): Promise<MigrationChunkResult>;
  finishMigrationBatch(input: { batchId: string }): Promise<void>;
}

export const MIGRATION_BATCH_WORKFLOW_TYPE = 'processMigrationBatch';
export const migrationBatchWorkflowId = (batchId: string) => `migration-batch:${batchId}`;
