import { systemActor } from '../../audit/audit-log';
import type { Principal } from '../../identity/domain/principal';

/**
 * Who a work order's process is when it writes to tickets (its own, its parent): no user, but the
 * desk acting for the instance's organisation (the entity manager is narrowed to it already). It has
 * the admin role so it may complete the parent's task whatever group the parent is with: the closed
 * work order, not a member of that group, is what moves the parent on.
 */
export function fieldServiceProcessPrincipal(processId: string, organizationId: string | null): Principal {
  return {
    userId: `process:${processId}`,
    username: systemActor(`process ${processId}`).name,
    displayName: 'Field service',
    roles: ['agent', 'admin'],
    organizationId: null,
    servedOrganizationIds: organizationId ? [organizationId] : [],
    groupKeys: [],
    via: 'system',
  };
}
