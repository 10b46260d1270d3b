import { TenantScope, tenantCondition } from './tenant';

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
