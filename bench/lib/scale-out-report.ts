// The figures bench/scale-out.ts collects per phase, and how it prints them.
import type { DatabaseWork } from './database-work';
import { percentile } from './latency';
import type { Throughput } from './throughput';

/** CPU seconds used so far by each part, read at one instant. */
export interface Cpu {
  at: number;
  temporal: number;
  postgres: number;
  workers: number;
  api: number;
  bench: number;
}

export interface Phase {
  workers: number;
  /** Which round of `--rounds` it was measured in (0-based). */
  round?: number;
  /** The workers' own account of the phase (`--worker-metrics`: bench/lib/worker-metrics.ts). */
  workerMetrics?: string;
  /** What the database connections did over the phase (`--connections`: bench/lib/connection-states.ts). */
  connections?: string;
  rate: Throughput;
  lost: number;
  /** Cores each part kept busy on average over the phase (CPU seconds / wall seconds). */
  cores: Record<Exclude<keyof Cpu, 'at'>, number>;
  /** The database's work per incident, from its own counters (bench/lib/database-work.ts). */
  database: DatabaseWork;
  /**
   * Requests the client sent again in the phase: after a 503 (it waits the `Retry-After`, up to 2 s) or
   * no answer. Either leaves a sender idle, so a phase slow with the cores idle shows here if that is why.
   */
  retried: { unavailable: number; unanswered: number };
  /**
   * How long the API took to answer a create (the client's view, retries included). The senders wait for
   * it, so in a phase slower than its CPU allows, a rise here says the wait is in the API's path (its
   * database, the workflow start) rather than in the workers.
   */
  createAnsweredMs: { mean: number; p95: number };
}

export const sumCores = (c: Phase['cores']) => Object.values(c).reduce((a, b) => a + b, 0);
/** CPU milliseconds per item: cores busy over a phase divided by its rate (both averages over the same span). */
export const cpuMs = (cores: number, rate: Throughput) => ((1000 * cores) / rate.perSecond).toFixed(0);
export const fmtRate = (t: Throughput) => `${t.perSecond.toFixed(1)}/s (${t.count} in ${t.seconds.toFixed(1)} s)`;
export const fmtCores = (c: Phase['cores']) =>
  Object.entries(c)
    .map(([k, v]) => `${k} ${v.toFixed(2)}`)
    .join(', ');

export function printSummary(results: Array<{ server: string; phases: Phase[]; floor: Throughput }>): void {
  console.log('\n== summary: incidents/s reaching their queue, beside the floor on the same server');
  console.log(
    'server                              workers  incidents/s  floor/s  ratio to floor  CPU cores busy (temporal, postgres, workers, api, bench)',
  );
  for (const r of results) {
    for (const p of r.phases) {
      console.log(
        `${r.server.padEnd(36)}${String(p.workers).padStart(7)}  ${p.rate.perSecond.toFixed(1).padStart(11)}  ${r.floor.perSecond.toFixed(1).padStart(7)}  ${(p.rate.perSecond / r.floor.perSecond).toFixed(2).padStart(13)}×  ${fmtCores(p.cores)}`,
      );
    }
    const ratios = roundRatios(r.phases);
    if (ratios.length)
      console.log(
        `${r.server}: 2 workers / 1 worker = ${ratios.map((x) => `${x.toFixed(2)}×`).join(', ')}${ratios.length > 1 ? ` by round, median ${median(ratios).toFixed(2)}×` : ''}`,
      );
  }
  if (results.length === 2) {
    for (const workers of [1, 2]) {
      const [a, b] = results.map((r) => median(r.phases.filter((p) => p.workers === workers).map((p) => p.rate.perSecond)));
      if (a && b) console.log(`${workers} worker(s): ${results[1]!.server} / ${results[0]!.server} = ${(b / a).toFixed(2)}×`);
    }
  }
}

/** The 2-worker rate over the 1-worker rate of the same round, for each round that measured both. */
export function roundRatios(phases: Phase[]): number[] {
  const rounds = new Map<number, Partial<Record<number, number>>>();
  for (const p of phases) rounds.set(p.round ?? 0, { ...rounds.get(p.round ?? 0), [p.workers]: p.rate.perSecond });
  return [...rounds.values()].filter((r) => r[1] && r[2]).map((r) => r[2]! / r[1]!);
}

/** The median by nearest rank (the lower middle of an even count): a ratio some round really measured. */
export const median = (xs: number[]) =>
  percentile(
    [...xs].sort((a, b) => a - b),
    0.5,
  );
