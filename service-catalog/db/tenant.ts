import { p, type EntityManager } from '@mikro-orm/core';

/**
 * Tenant isolation in the data layer. An entity that belongs to a customer organisation spreads
 * {@link tenantOwned}'s `properties` and `filters` into its `defineEntity`; from then on every query of
 * it (find, count, populate, native update/delete) is narrowed to the organisations the request's
 * principal may see. A route that forgets a check therefore still cannot read another tenant's rows.
 *
 * The filter is on by default and takes arguments, so a query made before a scope is set fails
 * instead of reading everything: code that legitimately sees all rows (admins, the worker, demo data)
 * says so with {@link TenantScope.all}.
 */
export type TenantScope =
  | { readonly all: true; readonly reason: string }
  | { readonly all: false; readonly organizationIds: readonly string[]; readonly includeUnowned: boolean };

export const TenantScope = {
  /** Every row, explicitly; `reason` documents who bypasses isolation (admin, worker, seed…). */
  all: (reason: string): TenantScope => ({ all: true, reason }),
  /** Rows of these organisations; `includeUnowned` adds internal rows with no organisation (staff only). */
  of: (organizationIds: readonly string[], includeUnowned: boolean): TenantScope => ({ all: false, organizationIds, includeUnowned }),
};

export const TENANT_FILTER = 'tenant';

// `$in: []` is legal SQL-wise in MikroORM but reads badly in logs; a nil id matches nothing just as well.
const NOTHING = '00000000-0000-0000-0000-000000000000';

/** The condition every tenant-owned query gets; exported for its unit spec. */
export function tenantCondition(scope: TenantScope): Record<string, unknown> {
  if (scope.all) return {};
  const ids = scope.organizationIds.length ? [...scope.organizationIds] : [NOTHING];
  return scope.includeUnowned ? { $or: [{ organizationId: { $in: ids } }, { organizationId: null }] } : { organizationId: { $in: ids } };
}

/** The trait: an `organizationId` column and the filter. Tickets, work orders and assets declare it too. */
export const tenantOwned = {
  properties: {
    /** The customer organisation the row belongs to; null for internal rows only staff see. */
    organizationId: p.uuid().nullable().index(),
  },
  filters: {
    [TENANT_FILTER]: {
      name: TENANT_FILTER,
      default: true,
      // One parameter, so MikroORM refuses to run the query without a scope (fail closed).
      cond: (scope: TenantScope) => (ormFiltersOn ? tenantCondition(scope) : {}),
    },
  },
};

let ormFiltersOn = true;

/**
 * Switches the ORM filter's condition off (`FLOWDESK_ORM_TENANT_FILTERS=off`), leaving isolation to
 * PostgreSQL's row-level security alone: the test suite runs that way to prove the policies hold by
 * themselves. The scope is still required and still reaches the database.
 */
export function useOrmTenantFilters(on: boolean): void {
  ormFiltersOn = on;
}

/** Session settings the row-level security policies read (migrations/…_row_level_security.ts). */
export function tenantSessionVariables(scope: TenantScope): Record<string, string> {
  if (scope.all)
    return { 'flowdesk.tenant_bypass': scope.reason || 'unnamed', 'flowdesk.organization_ids': '', 'flowdesk.include_unowned': 'off' };
  return {
    'flowdesk.tenant_bypass': '',
    'flowdesk.organization_ids': scope.organizationIds.join(','),
    'flowdesk.include_unowned': scope.includeUnowned ? 'on' : 'off',
  };
}

/**
 * Sets the scope on an entity manager; forks (and transactions) made from it inherit it. Besides the
 * ORM filter, every query of this entity manager then runs in a transaction that begins with
 * `set_config(…, true)` of {@link tenantSessionVariables}: transaction-local, so a pooled connection
 * forgets it at commit and never serves the next request with this one's scope.
 */
export function setTenantScope(em: EntityManager, scope: TenantScope): void {
  em.setFilterParams(TENANT_FILTER, scope);
  em.setSessionContext({ variables: tenantSessionVariables(scope) });
}

/**
 * The trait of a row that is either one tenant's or the provider's offered to some tenants (a service
 * and the customers it serves, a catalog item and the customers who may order it): visible where
 * {@link tenantCondition} holds, or where the row has no organisation and its `audience` column names
 * one of the scope's organisations (or is empty, when `everyoneWhenEmpty`). Mirrors the policy
 * `flowdesk_tenant_offered` of migrations/…_services_and_catalog.ts.
 */
export function offeredToTenants(audience: string, everyoneWhenEmpty: boolean) {
  return {
    properties: tenantOwned.properties,
    filters: {
      [TENANT_FILTER]: {
        name: TENANT_FILTER,
        default: true,
        cond: (scope: TenantScope) => (ormFiltersOn ? offeredCondition(scope, audience, everyoneWhenEmpty) : {}),
      },
    },
  };
}

/** The condition of {@link offeredToTenants}; exported for its unit spec. */
export function offeredCondition(scope: TenantScope, audience: string, everyoneWhenEmpty: boolean): Record<string, unknown> {
  if (scope.all) return {};
  const own = tenantCondition(scope);
  if (!scope.organizationIds.length) return own;
  const ids = [...scope.organizationIds];
  const offered = everyoneWhenEmpty
    ? { $or: [{ [audience]: { $overlap: ids } }, { [audience]: { $eq: [] } }] }
    : { [audience]: { $overlap: ids } };
  return { $or: [own, { organizationId: null, ...offered }] };
}

/** The scope {@link setTenantScope} put on `em` (or an ancestor it was forked from); undefined when none was. */
export function tenantScopeOn(em: EntityManager): TenantScope | undefined {
  return em.getFilterParams(TENANT_FILTER) as TenantScope | undefined;
}

/**
 * Whether `scope` sees rows of `organizationId` (null: internal rows): the rule the row-level security
 * policies apply (`flowdesk_tenant_visible`), for checks made before a row exists — whether a caller
 * may name that organisation on something they create.
 */
export function scopeSees(scope: TenantScope | undefined, organizationId: string | null): boolean {
  if (!scope) return false;
  if (scope.all) return true;
  return organizationId === null ? scope.includeUnowned : scope.organizationIds.includes(organizationId);
}
