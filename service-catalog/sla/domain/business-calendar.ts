import { Temporal } from 'temporal-polyfill';

/**
 * Business-time arithmetic for SLA clocks: pure, no clock read, every instant an epoch millisecond.
 * Hours are wall-clock times in the calendar's own time zone, so "08:00–18:00 Vilnius" stays 08:00
 * across daylight-saving changes; a day's hours may run past midnight ("22:00–06:00"), in which case
 * they belong to the day they start on (a Friday night shift ends on Saturday morning).
 */
export interface BusinessCalendar {
  /** IANA time zone, e.g. `Europe/Vilnius`. */
  timeZone: string;
  /** Opening hours per ISO weekday (1 = Monday … 7 = Sunday); a missing day is closed. */
  weekly: Partial<Record<1 | 2 | 3 | 4 | 5 | 6 | 7, Array<{ start: string; end: string }>>>;
  /** Local dates (`YYYY-MM-DD`) on which no hours start. */
  holidays?: string[];
}

export interface Interval {
  start: number;
  end: number;
}

/** How far ahead a computation may look before deciding a calendar has no business hours at all. */
const MAX_DAYS = 3 * 366;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;

export class InvalidCalendar extends Error {
  /** @param field where in the definition the problem is (`weekly.3`), so a form can show it at that control. */
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'InvalidCalendar';
  }
}

/** Checks a calendar once, before it is used; names the first thing wrong. */
export function validateCalendar(calendar: BusinessCalendar): void {
  try {
    Temporal.Now.instant().toZonedDateTimeISO(calendar.timeZone);
  } catch {
    throw new InvalidCalendar(`unknown time zone "${calendar.timeZone}"`, 'timeZone');
  }
  let any = false;
  for (const [day, hours] of Object.entries(calendar.weekly)) {
    if (!/^[1-7]$/.test(day)) throw new InvalidCalendar(`weekday ${day} is not 1 (Monday) to 7 (Sunday)`, 'weekly');
    for (const { start, end } of hours ?? []) {
      if (!TIME.test(start) || start === '24:00')
        throw new InvalidCalendar(`weekday ${day}: start "${start}" is not HH:MM`, `weekly.${day}`);
      if (!TIME.test(end)) throw new InvalidCalendar(`weekday ${day}: end "${end}" is not HH:MM`, `weekly.${day}`);
      if (start === end) throw new InvalidCalendar(`weekday ${day}: ${start}–${end} is empty`, `weekly.${day}`);
      any = true;
    }
  }
  if (!any) throw new InvalidCalendar('the calendar has no business hours', 'weekly');
  for (const date of calendar.holidays ?? []) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new InvalidCalendar(`holiday "${date}" is not YYYY-MM-DD`, 'holidays');
  }
}

/** The business intervals that start on one local date, as instants, in order. */
export function intervalsOn(calendar: BusinessCalendar, date: Temporal.PlainDate): Interval[] {
  if (calendar.holidays?.includes(date.toString())) return [];
  const hours = calendar.weekly[date.dayOfWeek as 1 | 2 | 3 | 4 | 5 | 6 | 7] ?? [];
  return hours
    .map(({ start, end }) => {
      const from = at(calendar, date, start);
      // An end at or before the start runs past midnight into the next day.
      const endDate = end === '24:00' || end <= start ? date.add({ days: 1 }) : date;
      const to = at(calendar, endDate, end === '24:00' ? '00:00' : end);
      return { start: from, end: to };
    })
    .filter((i) => i.end > i.start)
    .sort((a, b) => a.start - b.start);
}

/** Walks the business intervals that end after `from`, clipped to start no earlier than `from`. */
export function* businessIntervalsFrom(calendar: BusinessCalendar, from: number): Generator<Interval> {
  // Start a day early: yesterday's overnight hours may still be running.
  let date = Temporal.Instant.fromEpochMilliseconds(from).toZonedDateTimeISO(calendar.timeZone).toPlainDate().subtract({ days: 1 });
  let lastEnd = from;
  for (let day = 0; day < MAX_DAYS; day++, date = date.add({ days: 1 })) {
    for (const interval of intervalsOn(calendar, date)) {
      if (interval.end <= lastEnd) continue;
      const clipped = { start: Math.max(interval.start, lastEnd), end: interval.end };
      lastEnd = clipped.end;
      yield clipped;
    }
  }
  throw new InvalidCalendar(`no business hours within ${MAX_DAYS} days`);
}

/** The instant at which `durationMs` of business time has passed since `from` (an SLA deadline). */
export function addBusinessTime(calendar: BusinessCalendar, from: number, durationMs: number): number {
  if (durationMs < 0) throw new RangeError('a business duration cannot be negative');
  let remaining = durationMs;
  for (const { start, end } of businessIntervalsFrom(calendar, from)) {
    if (remaining === 0) return start;
    const length = end - start;
    if (remaining <= length) return start + remaining;
    remaining -= length;
  }
  throw new InvalidCalendar('unreachable');
}

/** Business time elapsed between two instants (an SLA clock's reading); 0 when `to` is not after `from`. */
export function businessTimeBetween(calendar: BusinessCalendar, from: number, to: number): number {
  let total = 0;
  if (to <= from) return 0;
  for (const { start, end } of businessIntervalsFrom(calendar, from)) {
    if (start >= to) break;
    total += Math.min(end, to) - start;
  }
  return total;
}

/**
 * "After N business days": the close of business on the N-th business day after the local date of
 * `from` (resolved Monday 14:00, 3 days → Thursday at closing time). Days without hours and holidays
 * do not count; the day of `from` itself does not either, however late it is.
 */
export function addBusinessDays(calendar: BusinessCalendar, from: number, days: number): number {
  if (!Number.isInteger(days) || days < 1) throw new RangeError('business days must be a whole number of at least 1');
  let date = Temporal.Instant.fromEpochMilliseconds(from).toZonedDateTimeISO(calendar.timeZone).toPlainDate();
  let counted = 0;
  for (let day = 0; day < MAX_DAYS; day++) {
    date = date.add({ days: 1 });
    const intervals = intervalsOn(calendar, date);
    if (intervals.length && ++counted === days) return intervals[intervals.length - 1]!.end;
  }
  throw new InvalidCalendar(`no ${days} business days within ${MAX_DAYS} days`);
}

export function isBusinessTime(calendar: BusinessCalendar, instant: number): boolean {
  const first = businessIntervalsFrom(calendar, instant).next().value as Interval;
  return first.start <= instant && instant < first.end;
}

/** A local wall-clock time → instant; a time skipped by a DST jump moves forward (RFC 5545 "compatible"). */
function at(calendar: BusinessCalendar, date: Temporal.PlainDate, time: string): number {
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  return date.toZonedDateTime({ timeZone: calendar.timeZone, plainTime: Temporal.PlainTime.from({ hour, minute }) }).epochMilliseconds;
}
