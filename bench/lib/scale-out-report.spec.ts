import { median, roundRatios, type Phase } from './scale-out-report';

const phase = (workers: number, round: number, perSecond: number): Phase =>
  ({ workers, round, rate: { perSecond, count: 150, seconds: 150 / perSecond } }) as Phase;

describe('the scale-out summary', () => {
  it('pairs the 1- and 2-worker phases of each round, whichever ran first', () => {
    const phases = [phase(1, 0, 8), phase(2, 0, 6), phase(2, 1, 9), phase(1, 1, 7.5), phase(1, 2, 10)];
    // Round 2 measured one worker only: no ratio for it.
    expect(roundRatios(phases)).toEqual([0.75, 1.2]);
  });

  it('reads phases without a round as one round', () => {
    expect(roundRatios([phase(1, 0, 5), phase(2, 0, 5)].map(({ round: _round, ...p }) => p as Phase))).toEqual([1]);
  });

  it('takes the median by nearest rank', () => {
    expect(median([1.2, 0.75, 1.05])).toBe(1.05);
    expect(median([1.2, 0.75])).toBe(0.75);
    expect(median([])).toBeNaN();
  });
});
