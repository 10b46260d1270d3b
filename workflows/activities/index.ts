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

/**
 * Task types that are a few short, idempotent statements against our own database. The worker runs
 * them as local activities, inside the workflow task that reaches them: an incident gets from logged
 * to its group's queue in one workflow task instead of one round trip through Temporal per step.
 * Anything that talks to the outside world (mail, other processes) stays a regular activity, with its
 * own timeout and retries on the task queue.
 */
export const LOCAL_TASK_TYPES: readonly string[] = ['audit', 'ticket-update', 'ticket-route', 'sla-deadlines', 'sla-clock', 'business-deadline'];

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
