import { Readable } from 'node:stream';
import { findUnstorableText } from './unstorable-text';

describe('findUnstorableText', () => {
  it.each([
    ['clean text, emoji (a surrogate pair) included', { payload: { title: 'VPN down 😀', tags: ['a'] } }, []],
    ['a NUL in a field', { payload: { title: 'a\u0000b' } }, ['payload.title']],
    ['a lone high surrogate', { query: { q: 'x\uD800' } }, ['query.q']],
    ['a lone low surrogate after a pair', { params: { number: '😀\uDE00' } }, ['params.number']],
    [
      'deep inside arrays and objects',
      { payload: { variables: { list: [{ note: 'ok' }, { note: '\u0000' }] } } },
      ['payload.variables.list.1.note'],
    ],
    ['an object key, spelled out in the path', { payload: { variables: { 'a\u0000': 1 } } }, ['payload.variables.a\\u0000']],
    ['a text body', { payload: '<xml>\u0000</xml>' }, ['payload']],
    ['bytes are not text', { payload: { file: Buffer.from([0, 0xd8]), stream: Readable.from([]) } }, []],
  ])('%s', (_name, parts, fields) => {
    expect(findUnstorableText(parts).map((f) => f.field)).toEqual(fields);
  });

  it('names what is wrong', () => {
    expect(findUnstorableText({ a: '\u0000', b: '\uD800' }).map((f) => f.message)).toEqual([
      'contains a NUL character (U+0000), which text cannot hold',
      'contains an unpaired UTF-16 surrogate, which is not valid Unicode text',
    ]);
  });

  it('walks JSON nested deeper than the stack would allow recursion', () => {
    const deep = JSON.parse(`${'['.repeat(100_000)}"\\u0000"${']'.repeat(100_000)}`);
    expect(findUnstorableText({ payload: deep })).toHaveLength(1);
  });

  it('reports at most 20 fields', () => {
    expect(findUnstorableText({ payload: Array.from({ length: 50 }, () => '\u0000') })).toHaveLength(20);
  });
});
