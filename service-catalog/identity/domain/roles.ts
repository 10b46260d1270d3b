/**
 * The roles a user can hold; they are also the hapi route scopes. A `customer-manager` belongs to a
 * customer organisation like a requester and reads that organisation's KPIs (granted by an admin).
 */
export const ROLES = ['requester', 'agent', 'process-owner', 'technician', 'admin', 'customer-manager'] as const;

/** Roles that belong to a customer organisation (their tenant scope is it). */
export const CUSTOMER_ROLES: readonly Role[] = ['requester', 'customer-manager'];
export type Role = (typeof ROLES)[number];

/** Roles that work for the desk (rather than being its customer): they see internal rows too. */
export const STAFF_ROLES: readonly Role[] = ['agent', 'process-owner', 'technician', 'admin'];
