import { randomUUID } from 'node:crypto';
import { isUuid } from './uuid';

describe('isUuid', () => {
  it('takes a UUID in either case', () => {
    const id = randomUUID();
    expect(isUuid(id)).toBe(true);
    expect(isUuid(id.toUpperCase())).toBe(true);
  });

  it('refuses anything else, strings with a UUID inside included', () => {
    const id = randomUUID();
    for (const value of ['', 'not-a-uuid', ` ${id}`, `${id}\n`, id.replace(/-/g, ''), id.slice(0, -1) + 'g'])
      expect(isUuid(value)).toBe(false);
  });
});
