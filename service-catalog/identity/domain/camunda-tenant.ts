/** Camunda's tenant id of work that belongs to no tenant: Flowdesk's internal instances. */
export const DEFAULT_TENANT = '<default>';

/** The organisation a Camunda `tenantId` names: none for the default tenant or when absent. */
export function organizationOfTenant(tenantId: string | undefined | null): string | null {
  return !tenantId || tenantId === DEFAULT_TENANT ? null : tenantId;
}

/** The Camunda `tenantId` of an organisation's work, `<default>` for internal work. */
export function tenantOfOrganization(organizationId: string | null): string {
  return organizationId ?? DEFAULT_TENANT;
}
