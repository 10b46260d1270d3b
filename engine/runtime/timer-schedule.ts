import type { TimerDefinition } from '../compiler/process-graph';
import type { Instant } from './process-state';

/** A timer definition that cannot be turned into a due time; the interpreter raises it as an incident. */
export class InvalidTimerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidTimerError';
  }
}

export interface TimerSchedule {
  dueAt: Instant;
  /** For cycles: the period and how many firings remain after the first (-1: unbounded). */
  cycle?: { intervalMs: number; remaining: number };
}

const DURATION =
  /^(-)?P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;
const CYCLE = /^R(\d*)\/(P[^/]+)$/;

/**
 * ISO 8601 duration → the instant it ends when it starts at `from`. Years and months are calendar
 * units (UTC), so P1M from 31 January is the last day of February's overflow, as in Java's Period.
 */
export function addIsoDuration(text: string, from: Instant): Instant {
  const m = DURATION.exec(text.trim());
  if (!m || text.trim() === 'P' || text.trim().endsWith('T'))
    throw new InvalidTimerError(`"${text}" is not an ISO 8601 duration (e.g. PT5S, P1DT2H)`);
  if (m[1]) throw new InvalidTimerError(`duration "${text}" is negative`);
  const n = (i: number) => (m[i] ? Number(m[i]) : 0);
  const date = new Date(from);
  if (n(2) || n(3)) {
    date.setUTCFullYear(date.getUTCFullYear() + Math.trunc(n(2)));
    date.setUTCMonth(date.getUTCMonth() + Math.trunc(n(3)));
  }
  const ms = (((n(4) * 7 + n(5)) * 24 + n(6)) * 60 + n(7)) * 60_000 + n(8) * 1000;
  return date.getTime() + Math.round(ms);
}

/** An ISO 8601 date-time with an offset (or Z); a date-time without a zone is read as UTC, as Zeebe does. */
export function parseIsoDate(text: string): Instant {
  const trimmed = text.trim();
  const withZone = /T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(trimmed) ? `${trimmed}Z` : trimmed;
  // FEEL date-and-time values print with an IANA zone in brackets: keep the offset, drop the name.
  const ms = Date.parse(withZone.replace(/\[[^\]]+\]$/, ''));
  if (!/^\d{4}-\d{2}-\d{2}T/.test(trimmed) || Number.isNaN(ms))
    throw new InvalidTimerError(`"${text}" is not an ISO 8601 date-time (e.g. 2026-12-24T18:00:00Z)`);
  return ms;
}

/**
 * When a timer armed at `now` first fires. Cycles are `R<n>/<duration>` (`R/…` repeats until the
 * element is left); a cycle with a start date or a cron expression is refused.
 */
export function scheduleTimer(kind: TimerDefinition['kind'], value: string, now: Instant): TimerSchedule {
  if (kind === 'duration') return { dueAt: addIsoDuration(value, now) };
  if (kind === 'date') return { dueAt: parseIsoDate(value) };
  const m = CYCLE.exec(value.trim());
  if (!m) throw new InvalidTimerError(`"${value}" is not a supported timer cycle; use R<n>/<duration> such as R3/PT1H`);
  const repetitions = m[1] === '' ? -1 : Number(m[1]);
  if (repetitions === 0) throw new InvalidTimerError(`timer cycle "${value}" never fires`);
  const dueAt = addIsoDuration(m[2]!, now);
  const intervalMs = dueAt - now;
  if (intervalMs < 1) throw new InvalidTimerError(`timer cycle "${value}" has an empty period`);
  return { dueAt, cycle: { intervalMs, remaining: repetitions === -1 ? -1 : repetitions - 1 } };
}

/** Checks a literal (non-FEEL) timer definition at deploy time; returns the problem or undefined. */
export function checkTimerLiteral(kind: TimerDefinition['kind'], value: string): string | undefined {
  try {
    scheduleTimer(kind, value, 0);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}
