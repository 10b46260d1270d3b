import { percentile, summarize } from './latency';

describe('latency summaries', () => {
  it('takes nearest-rank percentiles, so every figure is a latency that was observed', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(summarize(values)).toEqual({ n: 100, p50: 50, p90: 90, p99: 99, max: 100 });
    expect(percentile([1, 2, 3], 0.5)).toBe(2);
  });

  it('answers NaN for no values rather than a made-up zero', () => {
    expect(summarize([]).p99).toBeNaN();
  });
});
