import { offeredCondition, scopeSees, TenantScope, tenantCondition } from './tenant';

describe('tenantCondition', () => {
  it.each([
    ['admin bypass', TenantScope.all('admin'), {}],
    ['a requester: their organisation only', TenantScope.of(['a'], false), { organizationId: { $in: ['a'] } }],
    [
      'staff: served organisations and internal rows',
      TenantScope.of(['a', 'b'], true),
      { $or: [{ organizationId: { $in: ['a', 'b'] } }, { organizationId: null }] },
    ],
    ['nobody: matches no organisation', TenantScope.of([], false), { organizationId: { $in: ['00000000-0000-0000-0000-000000000000'] } }],
  ])('%s', (_name, scope, expected) => {
    expect(tenantCondition(scope)).toEqual(expected);
  });
});

describe('offeredCondition: a tenant’s own rows and the provider’s rows offered to it', () => {
  const A = '11111111-1111-1111-1111-111111111111';
  it('adds the provider rows whose audience names one of the scope’s organisations (or is empty, when that means everyone)', () => {
    expect(offeredCondition(TenantScope.of([A], false), 'audience', false)).toEqual({
      $or: [{ organizationId: { $in: [A] } }, { organizationId: null, audience: { $overlap: [A] } }],
    });
    expect(offeredCondition(TenantScope.of([A], true), 'audience', true)).toEqual({
      $or: [
        { $or: [{ organizationId: { $in: [A] } }, { organizationId: null }] },
        { organizationId: null, $or: [{ audience: { $overlap: [A] } }, { audience: { $eq: [] } }] },
      ],
    });
  });
  it('offers nothing to a scope without organisations, and everything to a bypass', () => {
    expect(offeredCondition(TenantScope.of([], false), 'audience', true)).toEqual(tenantCondition(TenantScope.of([], false)));
    expect(offeredCondition(TenantScope.all('test'), 'audience', true)).toEqual({});
  });
});

describe('scopeSees (what a caller may name on a row they create)', () => {
  it.each([
    ['admin: any organisation and internal rows', TenantScope.all('admin'), 'b', true],
    ['a process owner: an organisation they serve', TenantScope.of(['a'], true), 'a', true],
    ['a process owner: one they do not serve', TenantScope.of(['a'], true), 'b', false],
    ['staff: internal rows', TenantScope.of(['a'], true), null, true],
    ['a requester: no internal rows', TenantScope.of(['a'], false), null, false],
    ['no scope at all: nothing', undefined, 'a', false],
  ] as const)('%s', (_name, scope, organizationId, expected) => {
    expect(scopeSees(scope, organizationId)).toBe(expected);
  });
});
