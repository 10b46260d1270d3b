/**
 * A what-if replay (workflow id `what-if:<run id>`): works through the run's pending instances a chunk
 * at a time, each chunk an activity that reads their histories and replays them through the pure
 * interpreter on both graphs, so the replay never runs in the API's event loop; then totals the run.
 * Progress lives in the database (process_what_if_item), where the API reads it. Deterministic.
 */
import { continueAsNew, proxyActivities } from '@temporalio/workflow';
import type { WhatIfActivities, WhatIfRunInput } from './what-if-messages';

const { replayWhatIfChunk, finishWhatIfRun } = proxyActivities<WhatIfActivities>({
  // A chunk of 25 instances: one history fetch and two replays each.
  startToCloseTimeout: '5 minutes',
  retry: { maximumInterval: '1 minute' },
});

const CHUNK = 25;
const CHUNKS_PER_RUN = 100;

export async function processWhatIf(input: WhatIfRunInput): Promise<{ replayed: number }> {
  let replayed = 0;
  for (let chunks = 0; ; chunks++) {
    if (chunks === CHUNKS_PER_RUN) await continueAsNew<typeof processWhatIf>(input);
    const result = await replayWhatIfChunk({ runId: input.runId, size: CHUNK });
    replayed += result.replayed;
    if (result.remaining === 0) break;
  }
  await finishWhatIfRun({ runId: input.runId });
  return { replayed };
}
