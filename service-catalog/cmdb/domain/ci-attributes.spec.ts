import { checkAttributes } from './ci-attributes';
import { ciRow, relationRow } from './ci-import-rows';
import { searchWords } from './ci-search';

describe('CI attributes, import rows and search words', () => {
  it.each([
    ['server', { ramGb: 64, os: 'Debian 12', ipAddress: '10.0.0.1' }, []],
    ['server', { ramGb: 'lots' }, ['payload.attributes.ramGb']],
    ['server', { colour: 'blue' }, ['payload.attributes.colour']],
    ['server', { ipAddress: '10.0.0.256' }, ['payload.attributes.ipAddress']],
    ['database', { engine: 'excel' }, ['payload.attributes.engine']],
    ['spaceship', {}, ['payload.attributes']],
  ])('%s %j → problems at %j', (classKey, attributes, fields) => {
    expect(checkAttributes(classKey, attributes).map((p) => p.field)).toEqual(fields);
  });

  it('reads a CSV row: fixed columns, attributes coerced to their declared type, empty cells unset', () => {
    const row = ciRow({ key: 'srv-1', class: 'server', name: 'One', ramGb: '64', virtual: 'true', os: '' }, 0, true);
    expect(row).toMatchObject({ row: 2, key: 'srv-1', classKey: 'server', attributes: { ramGb: 64, virtual: true }, problems: [] });
  });

  it('names what is wrong in a row by row number and field', () => {
    expect(ciRow({ class: 'rocket', name: 'x' }, 2, true).problems.map((p) => p.field)).toEqual(['cis[4].key', 'cis[4].classKey']);
    expect(ciRow({ key: 'k', class: 'server', name: 'x', colour: 1 }, 0, false).problems.map((p) => p.field)).toEqual(['cis[1].colour']);
    expect(relationRow({ source: 'a', type: 'orbits', target: 'b' }, 0, true).problems.map((p) => p.field)).toEqual(['relations[2].type']);
  });

  it.each([
    ['web pro', ['web', 'pro']],
    ['Šiauliai-01', ['šiauliai', '01']],
    ["'&|!():*", []],
  ])('takes the search words of %j as %j', (text, words) => {
    expect(searchWords(text)).toEqual(words);
  });
});
