import { kpiSegments } from './kpi-segments';

describe('kpiSegments', () => {
  it('reads a UTC month as whole days only', () => {
    expect(kpiSegments(new Date('2026-03-01T00:00:00Z'), new Date('2026-04-01T00:00:00Z'), 'month', 'UTC')).toEqual({
      days: [{ period: '2026-03-01', from: '2026-03-01', to: '2026-04-01' }],
      edges: [],
    });
  });

  it('gives a Vilnius month a part-day at each end, across the DST change', () => {
    // March 2026 in Vilnius starts at 22:00 UTC (UTC+2) and ends at 21:00 UTC (UTC+3 from the 29th).
    const s = kpiSegments(new Date('2026-02-28T22:00:00Z'), new Date('2026-03-31T21:00:00Z'), 'month', 'Europe/Vilnius');
    expect(s.days).toEqual([{ period: '2026-03-01', from: '2026-03-01', to: '2026-03-31' }]);
    expect(s.edges).toEqual([
      { period: '2026-03-01', from: new Date('2026-02-28T22:00:00Z'), to: new Date('2026-03-01T00:00:00Z') },
      { period: '2026-03-01', from: new Date('2026-03-31T00:00:00Z'), to: new Date('2026-03-31T21:00:00Z') },
    ]);
  });

  it('labels ISO weeks by their Monday and clips the range ends', () => {
    const s = kpiSegments(new Date('2026-12-04T13:30:00Z'), new Date('2026-12-09T10:15:00Z'), 'week', 'UTC');
    expect(s.days).toEqual([
      { period: '2026-11-30', from: '2026-12-05', to: '2026-12-07' },
      { period: '2026-12-07', from: '2026-12-07', to: '2026-12-09' },
    ]);
    expect(s.edges).toEqual([
      { period: '2026-11-30', from: new Date('2026-12-04T13:30:00Z'), to: new Date('2026-12-05T00:00:00Z') },
      { period: '2026-12-07', from: new Date('2026-12-09T00:00:00Z'), to: new Date('2026-12-09T10:15:00Z') },
    ]);
  });

  it('reads days of a half-hour zone from the tickets alone', () => {
    const s = kpiSegments(new Date('2026-12-03T18:30:00Z'), new Date('2026-12-05T18:30:00Z'), 'day', 'Asia/Kolkata');
    expect(s.days).toEqual([]);
    expect(s.edges.map((e) => e.period)).toEqual(['2026-12-04', '2026-12-05']);
  });
});
