import { Temporal } from 'temporal-polyfill';
import type { KpiPeriod } from './kpi-dimensions';

/** A stretch of a KPI range: whole UTC days read from the partial sums, or instants read from the tickets. */
export interface KpiSegments {
  /** Whole UTC days `[from, to)` (ISO dates) and the period they belong to. */
  days: Array<{ period: string; from: string; to: string }>;
  /** Part-days `[from, to)` at a period's edges, and the period they belong to. */
  edges: Array<{ period: string; from: Date; to: Date }>;
}

const DAY_MS = 86_400_000;
const STEP: Record<KpiPeriod, Temporal.DurationLike> = { day: { days: 1 }, week: { weeks: 1 }, month: { months: 1 } };

/**
 * Cuts `[from, to)` into its periods — days, ISO weeks or months starting at local midnight in
 * `timeZone`, labelled with the local date they start on, as `date_trunc` labels the per-ticket path
 * — and each period into the whole UTC days inside it (the partial sums' rows) and the part-days at its
 * ends. A UTC month is whole days only; a Vilnius month has a part-day at each end.
 */
export function kpiSegments(from: Date, to: Date, period: KpiPeriod, timeZone: string): KpiSegments {
  const out: KpiSegments = { days: [], edges: [] };
  const first = Temporal.Instant.fromEpochMilliseconds(from.getTime()).toZonedDateTimeISO(timeZone).toPlainDate();
  let start = period === 'day' ? first : period === 'week' ? first.subtract({ days: first.dayOfWeek - 1 }) : first.with({ day: 1 });
  while (true) {
    const startMs = start.toZonedDateTime({ timeZone }).epochMilliseconds;
    if (startMs >= to.getTime()) break;
    const next = start.add(STEP[period]);
    const lo = Math.max(startMs, from.getTime());
    const hi = Math.min(next.toZonedDateTime({ timeZone }).epochMilliseconds, to.getTime());
    const label = start.toString();
    if (lo < hi) {
      const dayLo = Math.ceil(lo / DAY_MS) * DAY_MS;
      const dayHi = Math.floor(hi / DAY_MS) * DAY_MS;
      if (dayLo < dayHi) {
        out.days.push({ period: label, from: isoDate(dayLo), to: isoDate(dayHi) });
        if (lo < dayLo) out.edges.push({ period: label, from: new Date(lo), to: new Date(dayLo) });
        if (dayHi < hi) out.edges.push({ period: label, from: new Date(dayHi), to: new Date(hi) });
      } else out.edges.push({ period: label, from: new Date(lo), to: new Date(hi) });
    }
    start = next;
  }
  return out;
}

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
