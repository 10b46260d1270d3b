import { findNestedRepetition } from './safe-regex';

describe('patterns with nested unbounded repetition', () => {
  it.each([
    ['(a+)+$', '(a+)'],
    ['^(a*)*b', '(a*)'],
    ['(\\w+\\s?)*$', '(\\w+\\s?)'],
    ['((ab)+)+', '((ab)+)'],
    ['(x(a|b+))+', '(x(a|b+))'],
    ['(a+|b)*c', '(a+|b)'],
    ['(a+){2,}', '(a+)'],
  ])('finds %s', (pattern, repeated) => {
    expect(findNestedRepetition(pattern)).toBe(repeated);
  });

  it.each([
    '^INC\\d{7}$',
    '^[\\w.+-]+@([\\w-]+\\.)+[\\w-]{2,}$',
    '(\\d+\\.){3}\\d+',
    '(ab)+',
    '(a+b)+',
    '[(a+)+]',
    '\\(a+\\)+',
    '(a+){2,5}',
    '(a+?b)*',
  ])('lets %s through', (pattern) => {
    expect(findNestedRepetition(pattern)).toBeUndefined();
  });
});
