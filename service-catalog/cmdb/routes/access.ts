import { ROLES, STAFF_ROLES } from '../../identity/domain/roles';

/** Customers read their own CIs (the tenant scope narrows every query); the desk's staff maintain them. */
export const EVERYONE = { access: { scope: [...ROLES] } };
export const STAFF = { access: { scope: [...STAFF_ROLES] } };
