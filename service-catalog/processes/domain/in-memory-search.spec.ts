import { matchesDate, matchesLike, matchesText, pinnedValue, sortBy } from './in-memory-search';

describe('Camunda filters on items in hand', () => {
  it('reads $like as Camunda does: * any run, ? one character, a backslash the next one as itself', () => {
    expect(matchesLike('ord*', 'orderId')).toBe(true);
    expect(matchesLike('ord*', 'an order')).toBe(false);
    expect(matchesLike('a?c', 'abc')).toBe(true);
    expect(matchesLike('a?c', 'abbc')).toBe(false);
    expect(matchesLike('100\\*', '100*')).toBe(true);
    expect(matchesLike('100\\*', '1000')).toBe(false);
    // regular expression characters are themselves
    expect(matchesLike('a.b(c)', 'a.b(c)')).toBe(true);
    expect(matchesLike('a.b(c)', 'axb(c)')).toBe(false);
    // runs anywhere, several, at either end, and a line break is a character like any other
    expect(matchesLike('*ord*Id', 'the orderId')).toBe(true);
    expect(matchesLike('*ord*Id', 'the orderIds')).toBe(false);
    expect(matchesLike('**', '')).toBe(true);
    expect(matchesLike('a*?', 'a')).toBe(false);
    expect(matchesLike('a*?', 'a\nb')).toBe(true);
    expect(matchesLike('', '')).toBe(true);
    expect(matchesLike('', 'x')).toBe(false);
  });

  it('matches a pattern of many runs against a long value without backtracking through it', () => {
    // as a regular expression this pattern took longer than 20 s against 200 characters
    const pattern = '*a'.repeat(60) + '*b';
    expect(matchesLike(pattern, 'a'.repeat(100_000))).toBe(false);
    expect(matchesLike(pattern, `${'a'.repeat(100_000)}b`)).toBe(true);
  });

  it('matches a text by value and by each operator, all of them together', () => {
    expect(matchesText(undefined, 'x')).toBe(true);
    expect(matchesText('x', 'x')).toBe(true);
    expect(matchesText('x', 'y')).toBe(false);
    expect(matchesText({ $eq: 'x' }, 'x')).toBe(true);
    expect(matchesText({ $neq: 'x' }, 'x')).toBe(false);
    expect(matchesText({ $in: ['x', 'y'] }, 'y')).toBe(true);
    expect(matchesText({ $notIn: ['x', 'y'] }, 'y')).toBe(false);
    expect(matchesText({ $like: 'o*', $neq: 'orange' }, 'olive')).toBe(true);
    expect(matchesText({ $like: 'o*', $neq: 'orange' }, 'orange')).toBe(false);
  });

  it('treats a missing value as unequal to anything and found only by $exists false', () => {
    expect(matchesText({ $exists: false }, null)).toBe(true);
    expect(matchesText({ $exists: true }, null)).toBe(false);
    expect(matchesText({ $exists: true }, 'x')).toBe(true);
    expect(matchesText({ $neq: 'x' }, null)).toBe(true);
    expect(matchesText({ $eq: 'x' }, null)).toBe(false);
    expect(matchesText({ $in: ['x'] }, null)).toBe(false);
    expect(matchesText('x', null)).toBe(false);
  });

  it('compares instants, whatever their written form', () => {
    const at = '2026-05-01T10:00:00.000Z';
    expect(matchesDate('2026-05-01T12:00:00+02:00', at)).toBe(true);
    expect(matchesDate({ $gte: '2026-05-01T10:00:00Z', $lt: '2026-05-02T00:00:00Z' }, at)).toBe(true);
    expect(matchesDate({ $gt: '2026-05-01T10:00:00Z' }, at)).toBe(false);
    expect(matchesDate({ $lte: '2026-05-01T10:00:00Z' }, at)).toBe(true);
    expect(matchesDate({ $in: ['2026-01-01T00:00:00Z', at] }, at)).toBe(true);
    expect(matchesDate({ $neq: at }, at)).toBe(false);
    // an element instance that has not ended has no end date
    expect(matchesDate({ $exists: false }, null)).toBe(true);
    expect(matchesDate({ $lt: at }, null)).toBe(false);
  });

  it('pins a value only when the filter is the value or {$eq} alone', () => {
    expect(pinnedValue('x')).toBe('x');
    expect(pinnedValue({ $eq: 'x' })).toBe('x');
    expect(pinnedValue({ $eq: 'x', $neq: 'y' })).toBeUndefined();
    expect(pinnedValue({ $in: ['x'] })).toBeUndefined();
    expect(pinnedValue(undefined)).toBeUndefined();
  });

  it('sorts by what it reads, either way, keeping ties in order and missing values last', () => {
    const items = [
      { id: 'a', end: '2026-02-01' },
      { id: 'b', end: null },
      { id: 'c', end: '2026-01-01' },
      { id: 'd', end: '2026-01-01' },
    ];
    expect(sortBy([...items], (i) => i.end, false).map((i) => i.id)).toEqual(['c', 'd', 'a', 'b']);
    expect(sortBy([...items], (i) => i.end, true).map((i) => i.id)).toEqual(['a', 'c', 'd', 'b']);
  });
});
