// The figures bench/scale-out.ts collects per phase, and how it prints them.
import type { DatabaseWork } from './database-work';
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
    const [one, two] = r.phases;
    if (one && two) console.log(`${r.server}: 2 workers / 1 worker = ${(two.rate.perSecond / one.rate.perSecond).toFixed(2)}×`);
  }
  if (results.length === 2) {
    for (const i of [0, 1]) {
      const [a, b] = [results[0]!.phases[i], results[1]!.phases[i]];
      if (a && b)
        console.log(
          `${a.workers} worker(s): ${results[1]!.server} / ${results[0]!.server} = ${(b.rate.perSecond / a.rate.perSecond).toFixed(2)}×`,
        );
    }
  }
}
