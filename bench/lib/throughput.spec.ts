import { queueThroughput, throughput } from './throughput';

describe('throughput', () => {
  it('divides the count by the span in seconds', () => {
    expect(throughput(300, 1_000, 11_000)).toEqual({ count: 300, seconds: 10, perSecond: 30 });
  });

  it('answers NaN per second for an empty span rather than Infinity', () => {
    expect(throughput(5, 2_000, 2_000).perSecond).toBeNaN();
  });

  it('counts incidents in the queue from the first send to the last one seen, whatever order they arrived in', () => {
    expect(queueThroughput(500, [2_500, 4_500, 1_500, 3_000])).toEqual({ count: 4, seconds: 4, perSecond: 1 });
  });

  it('reports nothing reached the queue as no rate at all', () => {
    expect(queueThroughput(500, [])).toEqual({ count: 0, seconds: 0, perSecond: NaN });
  });
});
