import type { EntityManager } from '@mikro-orm/postgresql';
import { NotFound } from '../../errors';
import { Organization } from './organization.entity';
import { hasRole, type Principal } from './principal';
import { STAFF_ROLES } from './roles';

/**
 * The organisation a new tenant-owned row belongs to. A requester cannot choose (mass assignment is
 * ignored: it is always their own); staff may pick an organisation they serve, admins any; neither
 * learns whether an organisation they may not use exists (404).
 */
export async function owningOrganization(
  em: EntityManager,
  principal: Principal,
  requested: string | null | undefined,
): Promise<string | null> {
  if (!hasRole(principal, ...STAFF_ROLES)) return principal.organizationId;
  if (!requested) return null;
  const allowed = hasRole(principal, 'admin') || principal.servedOrganizationIds.includes(requested);
  if (!allowed || !(await em.findOne(Organization, { id: requested }))) {
    throw new NotFound('ORGANIZATION_NOT_FOUND', `organization ${requested} does not exist`);
  }
  return requested;
}
