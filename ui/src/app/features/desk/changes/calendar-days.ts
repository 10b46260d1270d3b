/** A day of the calendar grid, from local midnight to the next. */
export interface CalendarDay {
  start: Date;
  end: Date;
  /** Inside the month shown (month view greys the days around it). */
  inMonth: boolean;
  key: string;
}

export type CalendarMode = 'month' | 'week';

const DAY_MS = 86_400_000;

/** Monday on or before `date`, at local midnight: weeks start on Monday (ISO 8601). */
export function mondayOf(date: Date): Date {
  const d = new Date(date.getFullYear(), date.getMonth(), date.getDate());
  d.setDate(d.getDate() - ((d.getDay() + 6) % 7));
  return d;
}

/** The days a view shows around `anchor`: the whole weeks covering its month, or its week. */
export function daysOf(mode: CalendarMode, anchor: Date): CalendarDay[] {
  const first = mode === 'month' ? mondayOf(new Date(anchor.getFullYear(), anchor.getMonth(), 1)) : mondayOf(anchor);
  const count =
    mode === 'week' ? 7 : Math.ceil((new Date(anchor.getFullYear(), anchor.getMonth() + 1, 0).getDate() + dayIndex(first, anchor)) / 7) * 7;
  return Array.from({ length: count }, (_, i) => {
    // By calendar date, not by adding 24 h: a daylight-saving day has 23 or 25 hours.
    const start = new Date(first.getFullYear(), first.getMonth(), first.getDate() + i);
    const end = new Date(first.getFullYear(), first.getMonth(), first.getDate() + i + 1);
    return { start, end, inMonth: mode === 'week' || start.getMonth() === anchor.getMonth(), key: isoDate(start) };
  });
}

/** The view moved one month or week back (-1) or on (+1). */
export function shift(mode: CalendarMode, anchor: Date, by: -1 | 1): Date {
  return mode === 'month'
    ? new Date(anchor.getFullYear(), anchor.getMonth() + by, 1)
    : new Date(anchor.getFullYear(), anchor.getMonth(), anchor.getDate() + 7 * by);
}

/** Whether [start, end) overlaps the day. */
export function overlapsDay(day: CalendarDay, start: string, end: string): boolean {
  return Date.parse(start) < day.end.getTime() && Date.parse(end) > day.start.getTime();
}

/** `YYYY-MM-DD` of a local date. */
export function isoDate(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Days from the Monday the month view starts on to the 1st of the anchor's month. */
function dayIndex(first: Date, anchor: Date): number {
  return Math.round((new Date(anchor.getFullYear(), anchor.getMonth(), 1).getTime() - first.getTime()) / DAY_MS);
}
