// The Temporal SDK's worker metrics (TEMPORAL_WORKER_METRICS_BIND, Prometheus text) read around a phase of
// bench/scale-out.ts: whether a phase slow with the cores idle waited in the workers' task queues, replayed
// histories it had evicted, or ran long workflow tasks.

/** Sums over all label sets, by series name (a histogram's `_sum` and `_count` are series of their own). */
export type MetricSums = Map<string, number>;

/** Parses Prometheus text exposition into sums by series name; comments and malformed lines are skipped. */
export function parseMetricSums(text: string): MetricSums {
  const sums: MetricSums = new Map();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!match) continue;
    const value = Number(match[2]);
    if (Number.isFinite(value)) sums.set(match[1]!, (sums.get(match[1]!) ?? 0) + value);
  }
  return sums;
}

/** Every worker's metrics, summed; a worker that does not answer (stopped) counts nothing. */
export async function scrapeWorkers(urls: string[]): Promise<MetricSums> {
  const total: MetricSums = new Map();
  for (const url of urls) {
    let text: string;
    try {
      text = await (await fetch(url)).text();
    } catch {
      continue;
    }
    for (const [name, value] of parseMetricSums(text)) total.set(name, (total.get(name) ?? 0) + value);
  }
  return total;
}

const delta = (after: MetricSums, before: MetricSums, name: string) => (after.get(name) ?? 0) - (before.get(name) ?? 0);

/** The mean of a histogram between two scrapes, in milliseconds (the SDK reports seconds); NaN when empty. */
function meanMs(after: MetricSums, before: MetricSums, name: string): number {
  const count = delta(after, before, `${name}_count`);
  return count > 0 ? (1000 * delta(after, before, `${name}_sum`)) / count : NaN;
}

/** One line of what the workers did between two scrapes, per incident where it is a count. */
export function formatWorkerMetrics(before: MetricSums, after: MetricSums, incidents: number): string {
  const per = (name: string) => (delta(after, before, name) / incidents).toFixed(2);
  const ms = (name: string) => meanMs(after, before, name).toFixed(0);
  return (
    `workflow tasks ${per('temporal_workflow_task_execution_latency_count')} per incident, ` +
    `waited ${ms('temporal_workflow_task_schedule_to_start_latency')} ms, ran ${ms('temporal_workflow_task_execution_latency')} ms; ` +
    `replays ${per('temporal_workflow_task_replay_latency_count')} per incident; ` +
    `sticky cache hits ${per('temporal_sticky_cache_hit')}, misses ${per('temporal_sticky_cache_miss')} per incident; ` +
    `local activities ran ${ms('temporal_local_activity_execution_latency')} ms`
  );
}
