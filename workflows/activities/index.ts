import type { Orm } from '../../service-catalog/db/orm';
import type { OutgoingMailDeps } from '../../service-catalog/mail/domain/outgoing-mail';
import type { TicketServices } from '../../service-catalog/tickets/ticket-services';
import { createAuditActivities } from './audit-activities';
import { createEngineActivities } from './engine-activities';
import { createNotifyActivities } from './notify-activities';
import { createSlaActivities } from './sla-activities';
import { createTicketActivities } from './ticket-activities';
import { createProjectionActivities } from './projection-activities';
import { createRoutingActivities } from './routing-activities';

export { LOCAL_TASK_TYPES } from './local-task-types';

/**
 * Every activity the diagrams can call, keyed by `zeebe:taskDefinition` type. A type missing here
 * fails its service task, which the engine raises as an incident.
 */
export function createActivities(deps: { orm: Orm; tickets: TicketServices; mail?: OutgoingMailDeps; localTaskTypes?: readonly string[] }) {
  return {
    ...createAuditActivities(deps),
    ...createEngineActivities(deps),
    ...createSlaActivities(deps),
    ...createTicketActivities(deps),
    ...createRoutingActivities(deps),
    ...createNotifyActivities(deps),
    ...createProjectionActivities(deps),
  };
}
