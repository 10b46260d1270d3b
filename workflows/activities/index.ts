import type { AttachmentStore } from '../../service-catalog/attachments/domain/attachment-store';
import type { Orm } from '../../service-catalog/db/orm';
import type { OutgoingMailDeps } from '../../service-catalog/mail/domain/outgoing-mail';
import type { TicketServices } from '../../service-catalog/tickets/ticket-services';
import { createAuditActivities } from './audit-activities';
import { createChangeActivities } from './change-activities';
import { createEngineActivities } from './engine-activities';
import type { ProcessQueues } from './process-queues';
import { createNotifyActivities } from './notify-activities';
import { createSlaActivities } from './sla-activities';
import { createTicketActivities } from './ticket-activities';
import { createEscalationActivities } from './escalation-activities';
import { createFieldServiceActivities } from './field-service-activities';
import { createKnowledgeActivities } from './knowledge-activities';
import { createProblemActivities } from './problem-activities';
import { createProjectionActivities } from './projection-activities';
import { createRequestActivities } from './request-activities';
import { createRoutingActivities } from './routing-activities';
import { waitingForDependencies } from './wait-for-dependencies';
import { withSecrets } from './secrets';

export { LOCAL_TASK_TYPES } from './local-task-types';
export { IN_PROCESS_TASK_TYPES } from './in-process-task-types';

/**
 * Every activity the diagrams can call, keyed by `zeebe:taskDefinition` type. A type missing here
 * is a job for an external worker (see IN_PROCESS_TASK_TYPES).
 */
export function createActivities(deps: {
  orm: Orm;
  tickets: TicketServices;
  mail?: OutgoingMailDeps;
  /** Ticket attachments (job photos for the completion report). */
  attachments?: AttachmentStore;
  localTaskTypes?: readonly string[];
  /** What the instances these activities start (timer and signal starts) treat as served in-process. */
  inProcessTaskTypes?: readonly string[];
  /** `{{secrets.NAME}}` values for the task types' headers and variables (see secrets.ts). */
  secrets?: Readonly<Record<string, string>>;
  /** The worker's queues: where the instances these activities start run (see process-queues.ts). */
  queues?: ProcessQueues;
}) {
  const secrets = deps.secrets ?? {};
  // Each waits out a short database outage within its start-to-close timeout (see workflows.ts):
  // service tasks 1 minute, engine activities 30 s, the projection 10 s.
  return {
    ...waitingForDependencies(withSecrets(createAuditActivities(deps), secrets), 45_000),
    ...waitingForDependencies(createEngineActivities(deps), 20_000),
    ...waitingForDependencies(withSecrets(createSlaActivities(deps), secrets), 45_000),
    ...waitingForDependencies(withSecrets(createTicketActivities(deps), secrets), 45_000),
    ...waitingForDependencies(withSecrets(createRoutingActivities(deps), secrets), 45_000),
    ...waitingForDependencies(withSecrets(createNotifyActivities(deps), secrets), 45_000),
    ...waitingForDependencies(withSecrets(createChangeActivities(deps), secrets), 45_000),
    ...waitingForDependencies(withSecrets(createProblemActivities(deps), secrets), 45_000),
    ...waitingForDependencies(withSecrets(createEscalationActivities(deps), secrets), 45_000),
    ...waitingForDependencies(withSecrets(createRequestActivities(deps), secrets), 45_000),
    ...waitingForDependencies(withSecrets(createFieldServiceActivities(deps), secrets), 45_000),
    ...waitingForDependencies(withSecrets(createKnowledgeActivities(deps), secrets), 45_000),
    ...waitingForDependencies(createProjectionActivities(deps), 7_000),
  };
}
