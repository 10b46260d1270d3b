import type { Orm } from '../../service-catalog/db/orm';
import type { OutgoingMailDeps } from '../../service-catalog/mail/domain/outgoing-mail';
import type { TicketServices } from '../../service-catalog/tickets/ticket-services';
import { createAuditActivities } from './audit-activities';
import { createEngineActivities } from './engine-activities';
import { createNotifyActivities } from './notify-activities';
import { createSlaActivities } from './sla-activities';
import { createTicketActivities } from './ticket-activities';
import { createEscalationActivities } from './escalation-activities';
import { createProblemActivities } from './problem-activities';
import { createProjectionActivities } from './projection-activities';
import { createRoutingActivities } from './routing-activities';
import { waitingForDependencies } from './wait-for-dependencies';

export { LOCAL_TASK_TYPES } from './local-task-types';

/**
 * Every activity the diagrams can call, keyed by `zeebe:taskDefinition` type. A type missing here
 * fails its service task, which the engine raises as an incident.
 */
export function createActivities(deps: { orm: Orm; tickets: TicketServices; mail?: OutgoingMailDeps; localTaskTypes?: readonly string[] }) {
  // Each waits out a short database outage within its start-to-close timeout (see workflows.ts):
  // service tasks 1 minute, engine activities 30 s, the projection 10 s.
  return {
    ...waitingForDependencies(createAuditActivities(deps), 45_000),
    ...waitingForDependencies(createEngineActivities(deps), 20_000),
    ...waitingForDependencies(createSlaActivities(deps), 45_000),
    ...waitingForDependencies(createTicketActivities(deps), 45_000),
    ...waitingForDependencies(createRoutingActivities(deps), 45_000),
    ...waitingForDependencies(createNotifyActivities(deps), 45_000),
    ...waitingForDependencies(createProblemActivities(deps), 45_000),
    ...waitingForDependencies(createEscalationActivities(deps), 45_000),
    ...waitingForDependencies(createProjectionActivities(deps), 7_000),
  };
}
