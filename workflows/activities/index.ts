import type { Orm } from '../../service-catalog/db/orm';
import { createAuditActivities } from './audit-activities';
import { createEngineActivities } from './engine-activities';
import { createSlaActivities } from './sla-activities';
import { createTicketActivities } from './ticket-activities';
import { createProjectionActivities } from './projection-activities';
import { createRoutingActivities } from './routing-activities';

/**
 * Every activity the diagrams can call, keyed by `zeebe:taskDefinition` type. A type missing here
 * fails its service task, which the engine raises as an incident.
 */
export function createActivities(deps: { orm: Orm }) {
  return {
    ...createAuditActivities(deps),
    ...createEngineActivities(deps),
    ...createSlaActivities(deps),
    ...createTicketActivities(deps),
    ...createRoutingActivities(deps),
    ...createProjectionActivities(deps),
  };
}
