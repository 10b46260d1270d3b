import { toCsv } from './csv';

describe('toCsv', () => {
  it('writes a header, quotes separators and quotes, leaves numbers and empties plain', () => {
    const rows = [
      { key: 'desk, first line', n: 3, r: null },
      { key: 'say "hi"', n: 0.5, r: 1 },
    ];
    expect(toCsv(['key', 'n', 'r'], rows)).toBe('key,n,r\r\n"desk, first line",3,\r\n"say ""hi""",0.5,1\r\n');
  });

  it('defuses cells a spreadsheet would evaluate as formulas', () => {
    expect(toCsv(['key'], [{ key: '=HYPERLINK("x")' }, { key: '-1+2' }])).toBe('key\r\n"\'=HYPERLINK(""x"")"\r\n\'-1+2\r\n');
  });
});
