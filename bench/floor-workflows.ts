/**
 * The throughput floor's workflow bundle: the least a process of ours can be on Temporal (start, one
 * activity, wait for one update, complete), written by hand, so a figure for the whole system can be
 * read as a multiple of what Temporal itself costs on the same server. See bench/lib/temporal-floor.ts.
 */
import { condition, defineUpdate, proxyActivities, proxySinks, setHandler, type Sinks } from '@temporalio/workflow';

export const floorFinish = defineUpdate<void>('floor.finish');

/** The worker's sinks run once an activation is done, so `waiting` tells the benchmark the workflow now waits. */
export interface FloorSinks extends Sinks {
  floor: { waiting(): void };
}

const { floorStep } = proxyActivities<{ floorStep(): Promise<void> }>({ startToCloseTimeout: '1 minute' });
const { floor } = proxySinks<FloorSinks>();

export async function floorWorkflow(): Promise<void> {
  let finished = false;
  setHandler(floorFinish, () => {
    finished = true;
  });
  await floorStep();
  floor.waiting();
  await condition(() => finished);
}
