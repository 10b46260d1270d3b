import { Temporal } from 'temporal-polyfill';
import type { OnCallShift } from './on-call.entity';

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * Who the weekly rota has on call at `instant` (epoch ms), in the rota's time zone: a shift covers its
 * weekday from `start` to `end`, or past midnight into the next day when `end` is not after `start`.
 * The first matching shift wins (the rota's order). Pure: no clock read.
 */
export function rotaOnCallAt(rota: { timeZone: string; shifts: readonly OnCallShift[] }, instant: number): string | null {
  const local = Temporal.Instant.fromEpochMilliseconds(instant).toZonedDateTimeISO(rota.timeZone);
  const now = local.hour * 60 + local.minute;
  const today = local.dayOfWeek;
  const yesterday = today === 1 ? 7 : today - 1;
  for (const s of rota.shifts) {
    const start = minutes(s.start);
    const end = s.end === '24:00' ? 24 * 60 : minutes(s.end);
    const overnight = end <= start;
    if (s.weekday === today && now >= start && (overnight || now < end)) return s.userId;
    if (overnight && s.weekday === yesterday && now < end) return s.userId;
  }
  return null;
}
