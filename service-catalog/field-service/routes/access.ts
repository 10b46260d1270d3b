import { STAFF_ROLES } from '../../identity/domain/roles';

/** The desk's staff, technicians included, read field service; technicians see only their own jobs (work-order-service.ts). */
export const STAFF = { access: { scope: [...STAFF_ROLES] } };
/** Dispatchers plan: agents, process owners and admins open work orders and keep technicians' calendars. */
export const DISPATCHERS = { access: { scope: ['agent', 'process-owner', 'admin'] } };
export const ADMINS = { access: { scope: ['admin'] } };
