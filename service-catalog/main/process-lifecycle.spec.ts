import { stopOnSignals } from './process-lifecycle';

describe('stopOnSignals', () => {
  const saved = { SIGINT: process.listeners('SIGINT'), SIGTERM: process.listeners('SIGTERM') };
  afterEach(() => {
    process.removeAllListeners('SIGINT');
    process.removeAllListeners('SIGTERM');
    for (const l of saved.SIGINT) process.on('SIGINT', l);
    for (const l of saved.SIGTERM) process.on('SIGTERM', l);
  });

  it('stops once on the first SIGTERM, exits at once on a second one while stopping, and 0 once stopped', async () => {
    let finish!: () => void;
    let stops = 0;
    const exits: number[] = [];
    const lines: string[] = [];
    stopOnSignals(
      'Test',
      () => {
        stops++;
        return new Promise<void>((resolve) => (finish = resolve));
      },
      (line) => lines.push(line),
      (code) => exits.push(code),
    );
    process.emit('SIGTERM', 'SIGTERM');
    expect(stops).toBe(1);
    expect(exits).toEqual([]);
    process.emit('SIGTERM', 'SIGTERM');
    expect(stops).toBe(1);
    expect(exits).toEqual([130]);
    finish();
    await new Promise((r) => setImmediate(r));
    expect(exits).toEqual([130, 0]);
    expect(lines.some((l) => l.includes('second SIGTERM'))).toBe(true);
  });

  it('exits 1 when stopping fails', async () => {
    const exits: number[] = [];
    stopOnSignals(
      'Test',
      () => Promise.reject(new Error('pool gone')),
      () => undefined,
      (code) => exits.push(code),
    );
    process.emit('SIGINT', 'SIGINT');
    await new Promise((r) => setImmediate(r));
    expect(exits).toEqual([1]);
  });

  it('exits 1, saying so, when a stop outlasts its deadline', async () => {
    const exits: number[] = [];
    const lines: string[] = [];
    stopOnSignals(
      'Test',
      () => new Promise<void>(() => undefined),
      (line) => lines.push(line),
      (code) => exits.push(code),
      20,
    );
    process.emit('SIGINT', 'SIGINT');
    await new Promise((r) => setTimeout(r, 60));
    expect(exits).toEqual([1]);
    expect(lines.some((l) => l.includes('still stopping after 0.02 s'))).toBe(true);
  });
});
