/**
 * Shifts this process's wall clock by `skewMs` (Date.now(), `new Date()` without arguments), the way a
 * machine whose clock drifted would read it. Tests only: the worker process of the clock-skew test
 * installs it before anything else loads. Temporal's workflow sandbox keeps its own deterministic
 * clock (the server's), which is the point of the test: nothing that decides a deadline may read this one.
 */
export function installClockSkew(skewMs: number): void {
  if (!skewMs) return;
  const RealDate = Date;
  const realNow = RealDate.now.bind(RealDate);
  class SkewedDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(realNow() + skewMs);
      else super(...(args as [string | number | Date]));
    }
    static override now(): number {
      return realNow() + skewMs;
    }
  }
  globalThis.Date = SkewedDate as DateConstructor;
}
