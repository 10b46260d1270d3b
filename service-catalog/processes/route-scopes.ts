/** Who may change processes and operate instances: process owners and admins. */
export const OWNER_SCOPES = ['process-owner', 'admin'];
/** Who may read operational detail (diffs, statistics): the desk's staff, tenant-scoped as everywhere. */
export const STAFF_SCOPES = ['agent', 'process-owner', 'technician', 'admin'];
