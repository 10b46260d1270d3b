import { TenantScope, scopeSees, tenantCondition } from './tenant';

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
