import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** The fields of /proc/<pid>/stat this benchmark needs; times in clock ticks. */
export interface ProcStat {
  pid: number;
  comm: string;
  ppid: number;
  utime: number;
  stime: number;
  /** CPU of children this process has waited for (reaped): PostgreSQL backends that already exited. */
  cutime: number;
  cstime: number;
}

/**
 * Parses one /proc/<pid>/stat line. The command name sits in parentheses and may itself contain
 * spaces and parentheses, so fields are counted from the last ')'.
 */
export function parseStat(line: string): ProcStat {
  const open = line.indexOf('(');
  const close = line.lastIndexOf(')');
  if (open < 0 || close < open) throw new Error(`not a /proc stat line: ${line.slice(0, 80)}`);
  // After ')': state(3) ppid(4) … utime(14) stime(15) cutime(16) cstime(17), numbered as in proc(5).
  const rest = line.slice(close + 2).split(' ');
  const field = (n: number) => Number(rest[n - 3]);
  return {
    pid: Number(line.slice(0, open).trim()),
    comm: line.slice(open + 1, close),
    ppid: field(4),
    utime: field(14),
    stime: field(15),
    cutime: field(16),
    cstime: field(17),
  };
}

export const CLOCK_TICKS_PER_SEC = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

function readStat(path: string): ProcStat | undefined {
  try {
    return parseStat(readFileSync(path, 'utf8'));
  } catch {
    return undefined; // exited between listing and reading
  }
}

function allProcesses(): ProcStat[] {
  const stats: ProcStat[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readStat(`/proc/${name}/stat`);
    if (stat) stats.push(stat);
  }
  return stats;
}

/** CPU used so far by a process tree, in seconds, and how many of its processes are alive. */
export interface TreeCpu {
  seconds: number;
  processes: number;
}

/**
 * A process's own CPU plus that of its children it has reaped (cutime/cstime), plus, recursively,
 * its live descendants': every CPU second of the tree counted once, whether its process still runs
 * or already exited (as long as its parent reaped it, as the postmaster does with its backends).
 */
export function treeCpu(rootPid: number, table: ProcStat[] = allProcesses()): TreeCpu {
  const byParent = new Map<number, ProcStat[]>();
  for (const s of table) byParent.set(s.ppid, [...(byParent.get(s.ppid) ?? []), s]);
  const root = table.find((s) => s.pid === rootPid);
  if (!root) return { seconds: 0, processes: 0 };
  let ticks = 0;
  let processes = 0;
  const visit = (s: ProcStat) => {
    ticks += s.utime + s.stime + s.cutime + s.cstime;
    processes++;
    for (const child of byParent.get(s.pid) ?? []) visit(child);
  };
  visit(root);
  return { seconds: ticks / CLOCK_TICKS_PER_SEC, processes };
}

/** Direct children of a process, for finding the servers this process spawned. */
export function childPids(parentPid: number, table: ProcStat[] = allProcesses()): number[] {
  return table.filter((s) => s.ppid === parentPid).map((s) => s.pid);
}

/** A snapshot of the whole process table, so several trees are read at one instant. */
export function processTable(): ProcStat[] {
  return allProcesses();
}

/**
 * CPU seconds per thread name of one process (live threads only), so a Node process's main thread
 * (HTTP, ORM, activities) can be told from the Temporal core's Rust threads and the workflow threads.
 * Trailing digits are dropped from names so numbered pool threads add up.
 */
export function threadCpu(pid: number): Map<string, number> {
  const byName = new Map<string, number>();
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return byName;
  }
  for (const tid of tids) {
    const stat = readStat(`/proc/${pid}/task/${tid}/stat`);
    if (!stat) continue;
    const name = stat.comm.replace(/[\s#_-]*\d+$/, '') || stat.comm;
    byName.set(name, (byName.get(name) ?? 0) + (stat.utime + stat.stime) / CLOCK_TICKS_PER_SEC);
  }
  return byName;
}

/** Machine-wide busy and total CPU ticks from /proc/stat: other users of a shared machine show here. */
export function machineCpu(): { busy: number; total: number } {
  const [label, ...values] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
  if (label !== 'cpu') throw new Error('unexpected /proc/stat');
  const [user, nice, system, idle, iowait, irq, softirq, steal] = values.map(Number) as number[];
  const busy = user! + nice! + system! + irq! + softirq! + (steal ?? 0);
  return { busy, total: busy + idle! + iowait! };
}
