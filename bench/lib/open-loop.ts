/** One request of an open-loop run; times in ms on the performance.now() clock. */
export interface Shot {
  index: number;
  /** When the schedule said to send it: start + index / rate. */
  scheduledAt: number;
  /** When it was really sent: later than scheduled when this process fell behind. */
  sentAt: number;
  /** When the whole response had arrived (or the request failed). */
  doneAt: number;
  ok: boolean;
  /** HTTP status, or the error's message for a request that got no response. */
  outcome: string;
}

/**
 * Sends `count` requests at `ratePerSec` on a fixed schedule, without waiting for earlier responses
 * (open loop: a slow server does not slow the arrivals, as real callers do not wait for each other).
 * Latency from the scheduled time, beside latency from the actual send, exposes coordinated omission:
 * if this process itself fell behind, the two differ.
 */
export async function runOpenLoop(opts: {
  count: number;
  ratePerSec: number;
  startAt: number;
  send: (index: number) => Promise<{ ok: boolean; outcome: string }>;
}): Promise<Shot[]> {
  const interval = 1000 / opts.ratePerSec;
  const shots: Shot[] = [];
  const inFlight: Array<Promise<void>> = [];
  let next = 0;
  await new Promise<void>((allSent) => {
    const tick = () => {
      const now = performance.now();
      while (next < opts.count && opts.startAt + next * interval <= now) fire(next++);
      if (next < opts.count) setTimeout(tick, Math.max(0, opts.startAt + next * interval - performance.now()));
      else allSent();
    };
    setTimeout(tick, Math.max(0, opts.startAt - performance.now()));
  });
  await Promise.all(inFlight);
  return shots.sort((a, b) => a.index - b.index);

  function fire(index: number) {
    const scheduledAt = opts.startAt + index * interval;
    const sentAt = performance.now();
    inFlight.push(
      opts.send(index).then(
        ({ ok, outcome }) => void shots.push({ index, scheduledAt, sentAt, doneAt: performance.now(), ok, outcome }),
        (err: unknown) => void shots.push({ index, scheduledAt, sentAt, doneAt: performance.now(), ok: false, outcome: describe(err) }),
      ),
    );
  }
}

function describe(err: unknown): string {
  if ((err as { name?: string }).name === 'TimeoutError') return 'timeout';
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
}
