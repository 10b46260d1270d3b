import { CLOCK_TICKS_PER_SEC, parseStat, treeCpu, type ProcStat } from './proc-cpu';

describe('parseStat', () => {
  it('reads ppid and the CPU fields after a command name with spaces and parentheses', () => {
    const stat = parseStat('4242 (tokio (w) 1) S 7 7 0 0 -1 4194304 125 0 0 0 310 120 45 5 20 0 1 0 736040 3133440 413');
    expect(stat).toEqual({ pid: 4242, comm: 'tokio (w) 1', ppid: 7, utime: 310, stime: 120, cutime: 45, cstime: 5 });
  });

  it('refuses a line that is not a stat line', () => {
    expect(() => parseStat('nothing here')).toThrow('not a /proc stat line');
  });
});

describe('treeCpu', () => {
  const proc = (pid: number, ppid: number, ticks: number, reaped = 0): ProcStat => ({
    pid,
    comm: 'x',
    ppid,
    utime: ticks,
    stime: 0,
    cutime: reaped,
    cstime: 0,
  });

  it('adds the root, what it reaped and its live descendants, and nothing outside the tree', () => {
    const table = [proc(10, 1, 100, 40), proc(11, 10, 20), proc(12, 11, 5), proc(13, 1, 999)];
    expect(treeCpu(10, table)).toEqual({ seconds: 165 / CLOCK_TICKS_PER_SEC, processes: 3 });
  });

  it('is zero for a process that is gone', () => {
    expect(treeCpu(99, [proc(10, 1, 100)])).toEqual({ seconds: 0, processes: 0 });
  });
});
