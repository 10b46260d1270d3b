import { rotaOnCallAt } from './on-call-schedule';

const at = (iso: string) => Date.parse(iso);

describe('rotaOnCallAt', () => {
  const rota = {
    timeZone: 'Europe/Vilnius',
    shifts: [
      { userId: 'day', weekday: 1, start: '08:00', end: '20:00' },
      { userId: 'night', weekday: 1, start: '20:00', end: '08:00' },
      { userId: 'weekend', weekday: 6, start: '00:00', end: '24:00' },
    ],
  };

  it.each([
    ['Monday 09:00 local is the day shift', '2026-12-07T07:00:00Z', 'day'],
    ['Monday 20:00 local starts the night shift', '2026-12-07T18:00:00Z', 'night'],
    ['Tuesday 07:59 local is still Monday night', '2026-12-08T05:59:00Z', 'night'],
    ['Tuesday 08:00 local: nobody', '2026-12-08T06:00:00Z', null],
    ['Saturday all day', '2026-12-12T21:30:00Z', 'weekend'],
    ['Sunday: nobody', '2026-12-13T10:00:00Z', null],
  ])('%s', (_name, instant, expected) => {
    expect(rotaOnCallAt(rota, at(instant))).toBe(expected);
  });
});
