import {
  addBusinessDays,
  addBusinessTime,
  businessTimeBetween,
  InvalidCalendar,
  isBusinessTime,
  validateCalendar,
  type BusinessCalendar,
} from './business-calendar';

const HOUR = 3_600_000;
const MIN = 60_000;
const ms = (iso: string) => Date.parse(iso);
const iso = (epoch: number) => new Date(epoch).toISOString();

/** Scenario 1's Network group: Mon–Fri 08:00–18:00 Vilnius, national holidays off. */
const vilnius: BusinessCalendar = {
  timeZone: 'Europe/Vilnius',
  weekly: {
    1: [{ start: '08:00', end: '18:00' }],
    2: [{ start: '08:00', end: '18:00' }],
    3: [{ start: '08:00', end: '18:00' }],
    4: [{ start: '08:00', end: '18:00' }],
    5: [{ start: '08:00', end: '18:00' }],
  },
  holidays: ['2026-12-24', '2026-12-25', '2026-12-26'],
};

/** A night desk: Mon–Fri 22:00–06:00 New York, across midnight. */
const nightDesk: BusinessCalendar = {
  timeZone: 'America/New_York',
  weekly: {
    1: [{ start: '22:00', end: '06:00' }],
    2: [{ start: '22:00', end: '06:00' }],
    3: [{ start: '22:00', end: '06:00' }],
    4: [{ start: '22:00', end: '06:00' }],
    5: [{ start: '22:00', end: '06:00' }],
  },
};

/** Split shifts with a lunch break, and 24:00 as an end. */
const split: BusinessCalendar = {
  timeZone: 'UTC',
  weekly: {
    1: [
      { start: '13:00', end: '24:00' },
      { start: '08:00', end: '12:00' },
    ],
  },
};

describe('business calendar', () => {
  it.each([
    [
      '3 days from a Monday afternoon close on Thursday evening',
      '2026-11-23T12:00:00Z' /* Mon 14:00 */,
      3,
      '2026-11-26T16:00:00Z' /* Thu 18:00 */,
    ],
    ['the weekend does not count', '2026-11-26T12:00:00Z' /* Thu 14:00 */, 3, '2026-12-01T16:00:00Z' /* Tue 18:00 */],
    ['holidays do not count', '2026-12-22T12:00:00Z' /* Tue 14:00 */, 3, '2026-12-29T16:00:00Z' /* Wed 23 → Mon 28 → Tue 29 */],
    ['a Sunday start counts from Monday', '2026-11-22T12:00:00Z', 1, '2026-11-23T16:00:00Z'],
    ['late on a workday the day itself still does not count', '2026-11-23T20:00:00Z' /* Mon 22:00 */, 1, '2026-11-24T16:00:00Z'],
  ])('adds business days: %s', (_what, from, days, expected) => {
    expect(iso(addBusinessDays(vilnius, ms(from), days))).toBe(new Date(expected).toISOString());
  });

  it('counts a night shift on the day it starts', () => {
    // Friday 23:00 New York is inside Friday's shift; one day later is Monday's shift, ending Tuesday 06:00.
    expect(iso(addBusinessDays(nightDesk, ms('2026-11-28T04:00:00Z'), 1))).toBe('2026-12-01T11:00:00.000Z');
  });

  it('refuses a non-positive or fractional number of days', () => {
    expect(() => addBusinessDays(vilnius, 0, 0)).toThrow(RangeError);
    expect(() => addBusinessDays(vilnius, 0, 1.5)).toThrow(RangeError);
  });

  // Vilnius is UTC+2 in winter (EET) and UTC+3 in summer (EEST); DST in 2026: 29 March and 25 October.
  it.each([
    ['within the same day', '2026-11-23T08:00:00Z' /* Mon 10:00 local */, 4 * HOUR, '2026-11-23T12:00:00Z'],
    ['over the evening into the next morning', '2026-11-23T15:00:00Z' /* Mon 17:00 */, 2 * HOUR, '2026-11-24T07:00:00Z' /* Tue 09:00 */],
    ['from before opening', '2026-11-23T04:00:00Z' /* Mon 06:00 */, 1 * HOUR, '2026-11-23T07:00:00Z' /* 09:00 */],
    ['over a weekend', '2026-11-27T15:00:00Z' /* Fri 17:00 */, 2 * HOUR, '2026-11-30T07:00:00Z' /* Mon 09:00 */],
    ['over Christmas holidays', '2026-12-23T15:00:00Z' /* Wed 17:00 */, 2 * HOUR, '2026-12-28T07:00:00Z' /* Mon 09:00 */],
    [
      'across the spring DST change: 08:00 local stays 08:00',
      '2026-03-27T15:00:00Z' /* Fri 17:00 EET */,
      2 * HOUR,
      '2026-03-30T06:00:00Z' /* Mon 09:00 EEST */,
    ],
    ['across the autumn DST change', '2026-10-23T14:00:00Z' /* Fri 17:00 EEST */, 2 * HOUR, '2026-10-26T07:00:00Z' /* Mon 09:00 EET */],
    [
      'two business days (P3 target) from a Monday afternoon',
      '2026-11-23T12:00:00Z' /* Mon 14:00 */,
      20 * HOUR,
      '2026-11-25T12:00:00Z' /* Wed 14:00 */,
    ],
    ['zero duration inside hours', '2026-11-23T08:00:00Z', 0, '2026-11-23T08:00:00Z'],
    ['zero duration outside hours moves to the opening', '2026-11-22T08:00:00Z' /* Sun */, 0, '2026-11-23T06:00:00Z'],
  ])('adds business time %s', (_what, from, duration, expected) => {
    expect(iso(addBusinessTime(vilnius, ms(from), duration))).toBe(new Date(expected).toISOString());
  });

  it.each([
    ['a working day', '2026-11-23T06:00:00Z', '2026-11-23T16:00:00Z', 10 * HOUR],
    ['a whole week', '2026-11-23T00:00:00Z', '2026-11-30T00:00:00Z', 50 * HOUR],
    ['the Christmas week has two days', '2026-12-21T00:00:00Z', '2026-12-28T00:00:00Z', 30 * HOUR],
    ['a weekend has none', '2026-11-28T00:00:00Z', '2026-11-30T00:00:00Z', 0],
    ['reversed range', '2026-11-24T00:00:00Z', '2026-11-23T00:00:00Z', 0],
  ])('measures business time over %s', (_what, from, to, expected) => {
    expect(businessTimeBetween(vilnius, ms(from), ms(to))).toBe(expected);
  });

  it('adding then measuring gives back the duration', () => {
    for (const start of ['2026-11-23T05:17:00Z', '2026-03-27T16:59:00Z', '2026-12-23T10:00:00Z']) {
      for (const duration of [1, 17 * MIN, 9 * HOUR, 37 * HOUR]) {
        const end = addBusinessTime(vilnius, ms(start), duration);
        expect(businessTimeBetween(vilnius, ms(start), end)).toBe(duration);
      }
    }
  });

  describe('hours across midnight', () => {
    it('continue into the next day, even a closed one (Friday night into Saturday)', () => {
      // Fri 27 Nov 2026 23:00 New York (EST, UTC-5) = 28 Nov 04:00Z; 2 h later is Sat 01:00 local.
      expect(iso(addBusinessTime(nightDesk, ms('2026-11-28T04:00:00Z'), 2 * HOUR))).toBe('2026-11-28T06:00:00.000Z');
      expect(isBusinessTime(nightDesk, ms('2026-11-28T10:00:00Z') /* Sat 05:00 */)).toBe(true);
      expect(isBusinessTime(nightDesk, ms('2026-11-28T12:00:00Z') /* Sat 07:00 */)).toBe(false);
    });

    it('count the real length of a night that crosses the spring DST change', () => {
      // US clocks jump 02:00 → 03:00 on Sunday 8 March 2026: Saturday's 22:00–06:00 shift lasts 7 hours.
      const saturdayNights: BusinessCalendar = { timeZone: 'America/New_York', weekly: { 6: [{ start: '22:00', end: '06:00' }] } };
      expect(businessTimeBetween(saturdayNights, ms('2026-03-07T00:00:00Z'), ms('2026-03-09T00:00:00Z'))).toBe(7 * HOUR);
      // …and the autumn one (1 November 2026, 02:00 → 01:00) lasts 9.
      expect(businessTimeBetween(saturdayNights, ms('2026-10-31T00:00:00Z'), ms('2026-11-02T00:00:00Z'))).toBe(9 * HOUR);
    });
  });

  it('handles split shifts given out of order and a 24:00 end', () => {
    // Mon 23 Nov 2026 UTC: 08–12 and 13–24.
    expect(businessTimeBetween(split, ms('2026-11-23T00:00:00Z'), ms('2026-11-24T00:00:00Z'))).toBe(15 * HOUR);
    expect(iso(addBusinessTime(split, ms('2026-11-23T11:30:00Z'), HOUR))).toBe('2026-11-23T13:30:00.000Z');
    expect(isBusinessTime(split, ms('2026-11-23T12:30:00Z'))).toBe(false);
  });

  it.each([
    [{ ...vilnius, timeZone: 'Mars/Olympus' }, /unknown time zone/, 'timeZone'],
    [{ timeZone: 'UTC', weekly: {} }, /no business hours/, 'weekly'],
    [{ timeZone: 'UTC', weekly: { 1: [{ start: '8:00', end: '18:00' }] } }, /start "8:00"/, 'weekly.1'],
    [{ timeZone: 'UTC', weekly: { 3: [{ start: '08:00', end: '08:00' }] } }, /empty/, 'weekly.3'],
    [{ ...vilnius, holidays: ['24.12.2026'] }, /holiday/, 'holidays'],
  ])('refuses an invalid calendar, naming where in it the problem is', (calendar, message, field) => {
    expect(() => validateCalendar(calendar as BusinessCalendar)).toThrow(message);
    expect(() => validateCalendar(calendar as BusinessCalendar)).toThrow(InvalidCalendar);
    expect(() => validateCalendar(calendar as BusinessCalendar)).toThrow(expect.objectContaining({ field }));
  });

  it('refuses a negative duration', () => {
    expect(() => addBusinessTime(vilnius, 0, -1)).toThrow(RangeError);
  });
});
