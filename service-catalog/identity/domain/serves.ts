import { STAFF_ROLES, type Role } from './roles';

/** What of a user decides which organisations' rows they may see. */
export interface TenantMember {
  roles: readonly Role[];
  /** The customer a requester belongs to. */
  organizationId?: string | null;
  /** The customers an agent or technician works for. */
  servedOrganizationIds: readonly string[];
}

/**
 * Whether a user may see a row of `organizationId` (null: an internal row): the rule of
 * `tenantScopeOf`, for someone who is not the one signed in — whom a ticket may be mailed to, routed
 * to or assigned to. Admins see everything; internal rows are for staff; a customer's rows for the
 * staff who serve that customer and its own requesters.
 */
export function maySeeOrganization(user: TenantMember, organizationId: string | null): boolean {
  if (user.roles.includes('admin')) return true;
  if (organizationId === null) return user.roles.some((r) => STAFF_ROLES.includes(r));
  return (
    user.servedOrganizationIds.includes(organizationId) || (user.roles.includes('requester') && user.organizationId === organizationId)
  );
}
