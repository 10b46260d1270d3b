import type { RunningFlowdesk } from './flowdesk-system';
import { childPids, machineCpu, processTable, threadCpu, treeCpu } from './proc-cpu';

/** CPU seconds used so far by each part of the system, read at one instant. */
export interface CpuSnapshot {
  at: number;
  postgres: number;
  postgresProcesses: number;
  temporal: number;
  system: number;
  /** The API + worker process by thread name. */
  threads: Map<string, number>;
  /** This process: load generator and queue poller. */
  bench: number;
  machine: { busy: number; total: number };
}

export type CpuPart = 'postgres' | 'temporal' | 'system' | 'bench';

/**
 * The Temporal dev server is whatever this process spawned besides PostgreSQL and the system: the
 * cached CLI, or the SDK's downloaded server when there is none.
 */
export function temporalServerPids(system: RunningFlowdesk): Array<{ pid: number; name: string }> {
  const table = processTable();
  return childPids(process.pid, table)
    .filter((pid) => pid !== system.systemPid && pid !== system.postgresPid)
    .map((pid) => ({ pid, name: table.find((s) => s.pid === pid)?.comm ?? '?' }));
}

export function cpuSnapshot(system: RunningFlowdesk, temporalPids: number[]): CpuSnapshot {
  const table = processTable();
  const postgres = treeCpu(system.postgresPid, table);
  const own = process.cpuUsage();
  return {
    at: performance.now(),
    postgres: postgres.seconds,
    postgresProcesses: postgres.processes,
    temporal: temporalPids.reduce((sum, pid) => sum + treeCpu(pid, table).seconds, 0),
    system: treeCpu(system.systemPid, table).seconds,
    threads: threadCpu(system.systemPid),
    bench: (own.user + own.system) / 1e6,
    machine: machineCpu(),
  };
}

/** CPU seconds of one part between two snapshots. */
export function cpuBetween(before: CpuSnapshot, after: CpuSnapshot, part: CpuPart): number {
  return after[part] - before[part];
}
