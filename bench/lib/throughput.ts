/** A count of things finished over a span of wall time. */
export interface Throughput {
  count: number;
  seconds: number;
  perSecond: number;
}

/** `count` over the span from `fromMs` to `toMs` (performance.now() clock); NaN per second for an empty span. */
export function throughput(count: number, fromMs: number, toMs: number): Throughput {
  const seconds = (toMs - fromMs) / 1000;
  return { count, seconds, perSecond: seconds > 0 ? count / seconds : NaN };
}

/**
 * How many incidents per second reached the queue, over the span from the first send to the last one
 * seen there: the whole pipeline's output, not the offered rate (when the system keeps up, the two match).
 */
export function queueThroughput(firstSentAt: number, seenAt: number[]): Throughput {
  if (seenAt.length === 0) return { count: 0, seconds: 0, perSecond: NaN };
  return throughput(
    seenAt.length,
    firstSentAt,
    seenAt.reduce((a, b) => Math.max(a, b)),
  );
}
