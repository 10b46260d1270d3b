import type { Principal } from '../identity/domain/principal';
import { hasRole } from '../identity/domain/principal';
import { STAFF_ROLES } from '../identity/domain/roles';
import type { Service } from './domain/service.entity';

/** A service as the API shows it; a requester does not learn which other customers it serves. */
export function presentService(s: Service, viewer: Principal) {
  const staff = hasRole(viewer, ...STAFF_ROLES);
  return {
    id: s.id,
    name: s.name,
    kind: s.kind,
    description: s.description,
    ownerId: s.ownerId ?? null,
    supportGroup: s.supportGroup ?? null,
    slaPolicyId: s.slaPolicyId ?? null,
    status: s.status,
    customerOrganizationIds: staff ? s.customerOrganizationIds : s.customerOrganizationIds.filter((o) => o === viewer.organizationId),
    organizationId: s.organizationId ?? null,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}
