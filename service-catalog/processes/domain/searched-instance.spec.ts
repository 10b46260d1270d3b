import { InvalidInput } from '../../errors';
import { searchedInstance } from './searched-instance';

const ID = '0b7e4a52-93c1-4f0e-8d6a-5a1c9e3b2f70';

/** The field a refusal names and what it says, or null when the search was taken. */
function refusalOf(search: () => unknown): { field: string; message: string } | null {
  try {
    search();
    return null;
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidInput);
    return (err as InvalidInput).details[0] as { field: string; message: string };
  }
}

describe('the one instance a search looks in', () => {
  it('is the instance its filter names, by key or {$eq}, or for variables by one of its scopes', () => {
    expect(searchedInstance({ processInstanceKey: ID.toUpperCase() }, 'element instances')).toBe(ID);
    expect(searchedInstance({ processInstanceKey: { $eq: ID } }, 'element instances')).toBe(ID);
    expect(searchedInstance({ scopeKey: `${ID}.4` }, 'variables', true)).toBe(ID);
    expect(searchedInstance({ scopeKey: { $eq: ID } }, 'variables', true)).toBe(ID);
    // the instance's key wins: a scope of another instance then simply matches nothing
    expect(searchedInstance({ processInstanceKey: ID, scopeKey: 'anything' }, 'variables', true)).toBe(ID);
  });

  it('is required, and one, with a refusal naming processInstanceKey and saying why', () => {
    expect(refusalOf(() => searchedInstance({}, 'element instances'))).toEqual({
      field: 'payload.filter.processInstanceKey',
      message: 'is required: Flowdesk searches element instances within one process instance, whose workflow holds them',
    });
    expect(refusalOf(() => searchedInstance({}, 'variables', true))?.message).toContain('or filter.scopeKey');
    // a scope names no instance where scopes are not searched, nor does a scope filter that is not one scope
    expect(refusalOf(() => searchedInstance({ scopeKey: ID }, 'element instances'))?.field).toBe('payload.filter.processInstanceKey');
    expect(refusalOf(() => searchedInstance({ scopeKey: { $in: [ID] } }, 'variables', true))?.field).toBe(
      'payload.filter.processInstanceKey',
    );
    expect(refusalOf(() => searchedInstance({ processInstanceKey: { $in: [ID] } }, 'variables', true))).toEqual({
      field: 'payload.filter.processInstanceKey',
      message: expect.stringContaining('must name one process instance'),
    });
    expect(refusalOf(() => searchedInstance({ processInstanceKey: 'PI-1' }, 'variables'))?.message).toContain('not a process instance key');
    expect(refusalOf(() => searchedInstance({ scopeKey: 'x.1' }, 'variables', true))?.field).toBe('payload.filter.scopeKey');
  });
});
