/** The roles a user can hold; they are also the hapi route scopes. */
export const ROLES = ['requester', 'agent', 'process-owner', 'technician', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Roles that work for the desk (rather than being its customer): they see internal rows too. */
export const STAFF_ROLES: readonly Role[] = ['agent', 'process-owner', 'technician', 'admin'];
