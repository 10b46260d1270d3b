/**
 * A batch migration (workflow id `migration-batch:<batch id>`): works through the batch's pending items a
 * chunk at a time, each chunk an activity that migrates its instances one by one and records each result,
 * until none is pending; continues as new every 100 chunks so a batch of any size keeps a short history.
 * The progress lives in the database (process_migration_item), where the API reads it. Deterministic.
 */
import { continueAsNew, proxyActivities } from '@temporalio/workflow';
import type { MigrationBatchActivities, MigrationBatchInput } from './migration-batch-messages';

const { migrateBatchChunk, finishMigrationBatch } = proxyActivities<MigrationBatchActivities>({
  // A chunk of 20 migrations, each a query and an update of its instance's workflow.
  startToCloseTimeout: '5 minutes',
  retry: { maximumInterval: '1 minute' },
});

const CHUNK = 20;
const CHUNKS_PER_RUN = 100;

export async function processMigrationBatch(input: MigrationBatchInput): Promise<{ migrated: number; failed: number }> {
  let migrated = 0;
  let failed = 0;
  for (let chunks = 0; ; chunks++) {
    if (chunks === CHUNKS_PER_RUN) await continueAsNew<typeof processMigrationBatch>(input);
    const result = await migrateBatchChunk({ batchId: input.batchId, size: CHUNK });
    migrated += result.migrated;
    failed += result.failed;
    if (result.remaining === 0) break;
  }
  await finishMigrationBatch({ batchId: input.batchId });
  return { migrated, failed };
}
