import { systemActor } from '../../audit/audit-log';
import type { Principal } from '../../identity/domain/principal';

/**
 * Who a problem's process is when it writes to incidents: no user, but the desk acting for the
 * instance's organisation (its entity manager is narrowed to that organisation already). It holds the
 * admin role so that it may complete an incident's task whatever group the incident is with — the
 * problem, not a member of that group, is what resolves it — and it never takes an incident.
 */
export function problemProcessPrincipal(processId: string, organizationId: string | null): Principal {
  return {
    userId: `process:${processId}`,
    username: systemActor(`process ${processId}`).name,
    displayName: 'Problem management',
    roles: ['agent', 'admin'],
    organizationId: null,
    servedOrganizationIds: organizationId ? [organizationId] : [],
    groupKeys: [],
    via: 'system',
  };
}
