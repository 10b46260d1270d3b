import { contractDeadlines } from './work-order-sla';
import { nextDueOn, opensOn, rruleAsDuration, visitWindow } from './maintenance-plan';

const OFFICE = {
  timeZone: 'Europe/Vilnius',
  weekly: Object.fromEntries([1, 2, 3, 4, 5].map((d) => [d, [{ start: '08:00', end: '18:00' }]])),
  holidays: ['2026-12-24'],
};

describe('contract SLA deadlines on the customer’s business calendar', () => {
  it.each([
    // Friday 17:00 Vilnius: one business hour left, three more on Monday from 08:00.
    ['2026-12-04T15:00:00Z', 'PT4H', '2026-12-07T09:00:00.000Z'],
    // Wednesday 23 Dec 16:00: two hours that day, the 24th is a holiday, Friday 25th 08:00 + 2 h.
    ['2026-12-23T14:00:00Z', 'PT4H', '2026-12-25T08:00:00.000Z'],
    // Asked on a Sunday: the clock starts Monday at opening.
    ['2026-12-06T10:00:00Z', 'PT30M', '2026-12-07T06:30:00.000Z'],
  ])('asked at %s with an on-site target %s is due %s', (asked, target, due) => {
    expect(contractDeadlines(OFFICE, { responseTarget: null, onSiteTarget: target }, new Date(asked)).onSiteDueAt?.toISOString()).toBe(due);
  });

  it('leaves a deadline out when the contract has no such target', () => {
    expect(contractDeadlines(OFFICE, { responseTarget: null, onSiteTarget: null }, new Date())).toEqual({
      responseDueAt: null,
      onSiteDueAt: null,
    });
  });
});

describe('maintenance schedule dates', () => {
  it.each([
    ['FREQ=MONTHLY;INTERVAL=3', 'P3M'],
    ['FREQ=WEEKLY', 'P1W'],
    ['freq=daily;interval=90', 'P90D'],
    ['FREQ=HOURLY', undefined],
    ['FREQ=MONTHLY;INTERVAL=0', undefined],
  ])('reads the RRULE-like interval %s as %s', (rrule, every) => {
    expect(rruleAsDuration(rrule)).toBe(every);
  });

  it.each([
    ['2027-01-31', 'P1M', '2027-02-28'],
    ['2026-12-04', 'P3M', '2027-03-04'],
    ['2024-02-29', 'P1Y', '2025-02-28'],
    ['2026-12-04', 'P2W', '2026-12-18'],
  ])('after %s every %s comes %s', (due, every, next) => {
    expect(nextDueOn(due, every)).toBe(next);
  });

  it('opens the work order its lead days before the due date', () => {
    expect(opensOn({ every: 'P1M', nextDueOn: '2027-01-10' })).toBe('2027-01-03');
    expect(opensOn({ every: 'P1M', nextDueOn: '2027-01-10', leadDays: 0 })).toBe('2027-01-10');
  });

  it('puts the visit on the due date in the schedule’s zone, or the next day when that window is over', () => {
    const schedule = { every: 'P1M', nextDueOn: '2027-01-10', windowStart: '09:00', windowHours: 3, timeZone: 'Europe/Vilnius' };
    expect(visitWindow(schedule, '2027-01-10', new Date('2027-01-01T00:00:00Z'))).toEqual({
      startsAt: new Date('2027-01-10T07:00:00Z'),
      endsAt: new Date('2027-01-10T10:00:00Z'),
    });
    expect(visitWindow(schedule, '2027-01-10', new Date('2027-01-10T12:00:00Z')).startsAt).toEqual(new Date('2027-01-11T07:00:00Z'));
  });
});
