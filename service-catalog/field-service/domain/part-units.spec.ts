import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WHOLE_UNITS } from './part.entity';

/**
 * The technician app checks a quantity before queuing it offline (ui/src/app/core/api/field-api.ts keeps
 * its own copy of the units counted in whole numbers, the UI importing nothing of the server): the two
 * lists must not drift, or the phone would queue what the server then refuses.
 */
describe('units counted in whole numbers', () => {
  it('are the same on the phone as on the server', () => {
    const ui = readFileSync(join(__dirname, '../../../ui/src/app/core/api/field-api.ts'), 'utf8');
    const list = /export const WHOLE_UNITS: readonly string\[\] = \[([^\]]*)\]/.exec(ui)?.[1];
    expect(list).toBeDefined();
    const units = [...list!.matchAll(/'([^']+)'/g)].map((m) => m[1]);
    expect(units).toEqual([...WHOLE_UNITS]);
  });
});
