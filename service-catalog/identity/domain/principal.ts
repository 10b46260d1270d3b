import { TenantScope } from '../../db/tenant';
import type { Actor } from '../../audit/audit-log';
import { CUSTOMER_ROLES, STAFF_ROLES, type Role } from './roles';

/**
 * Who is calling, resolved fresh from the directory on every request (so a deactivated user or a
 * changed membership takes effect at once). The same shape whichever way they authenticated.
 */
export interface Principal {
  userId: string;
  username: string;
  displayName: string;
  roles: Role[];
  /** The customer organisation a requester belongs to. */
  organizationId: string | null;
  /** The customer organisations an agent or technician works for. */
  servedOrganizationIds: string[];
  /** Keys of the assignment groups the user is in (what BPMN candidateGroups name). */
  groupKeys: string[];
  /**
   * How this request authenticated: an access JWT, an API token, (later) an external IdP — or
   * `system` for work the product does on someone's behalf without an account (mail from an
   * unknown sender); such a principal is never a user row. `approval-link`: the signed link of an
   * approval mail, which decides that one approval and nothing else.
   */
  via: 'jwt' | 'api-token' | 'oidc' | 'system' | 'approval-link' | 'mail-reply';
  tokenId?: string;
}

export const hasRole = (principal: Principal, ...roles: Role[]) => roles.some((r) => principal.roles.includes(r));

/**
 * What the principal may see of tenant-owned rows: admins everything (explicitly), requesters their
 * organisation's rows, staff the organisations they serve plus internal rows without an organisation.
 */
export function tenantScopeOf(principal: Principal): TenantScope {
  if (hasRole(principal, 'admin')) return TenantScope.all(`admin ${principal.username}`);
  const ids = new Set<string>(principal.servedOrganizationIds);
  if (hasRole(principal, ...CUSTOMER_ROLES) && principal.organizationId) ids.add(principal.organizationId);
  return TenantScope.of([...ids], hasRole(principal, ...STAFF_ROLES));
}

export const actorOf = (principal: Principal): Actor => ({
  id: principal.via === 'system' ? null : principal.userId,
  name: principal.username,
});

/** The user row behind a principal, or null for the system acting on someone's behalf. */
export const userIdOf = (principal: Principal): string | null => (principal.via === 'system' ? null : principal.userId);
