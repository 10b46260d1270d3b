import { addIsoDuration, parseIsoDate, scheduleTimer } from './timer-schedule';

describe('timer schedule', () => {
  const t0 = Date.UTC(2026, 0, 31, 12, 0, 0);

  it.each([
    ['PT5S', 5_000],
    ['PT0.25S', 250],
    ['PT1H30M', 5_400_000],
    ['P1DT2H', 26 * 3_600_000],
    ['P2W', 14 * 86_400_000],
  ])('%s lasts %i ms', (text, ms) => {
    expect(addIsoDuration(text, t0) - t0).toBe(ms);
  });

  it('adds months on the calendar (UTC)', () => {
    expect(new Date(addIsoDuration('P1M', Date.UTC(2026, 2, 15))).toISOString()).toBe('2026-04-15T00:00:00.000Z');
  });

  it.each(['5S', 'P', 'PT', 'P-1D', 'PT1X', ''])('refuses the duration %p', (text) => {
    expect(() => addIsoDuration(text, t0)).toThrow(/ISO 8601 duration|negative/);
  });

  it('reads dates with an offset, and without one as UTC', () => {
    expect(parseIsoDate('2026-12-24T18:00:00+02:00')).toBe(Date.UTC(2026, 11, 24, 16));
    expect(parseIsoDate('2026-12-24T18:00:00')).toBe(Date.UTC(2026, 11, 24, 18));
    expect(() => parseIsoDate('next friday')).toThrow(/date-time/);
  });

  it('schedules cycles: R3/PT1S fires at +1 s with two more to come; R/PT1H is unbounded', () => {
    expect(scheduleTimer('cycle', 'R3/PT1S', t0)).toEqual({ dueAt: t0 + 1000, cycle: { intervalMs: 1000, remaining: 2 } });
    expect(scheduleTimer('cycle', 'R/PT1H', t0)).toEqual({ dueAt: t0 + 3_600_000, cycle: { intervalMs: 3_600_000, remaining: -1 } });
    expect(() => scheduleTimer('cycle', '0 0 * * *', t0)).toThrow(/not a supported timer cycle/);
    expect(() => scheduleTimer('cycle', 'R0/PT1S', t0)).toThrow(/never fires/);
  });
});
