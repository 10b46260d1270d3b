import type { NativeConnection } from '@temporalio/worker';
import { Worker, type WorkerOptions } from '@temporalio/worker';
import { engineClientInActivity, type ProcessQueues } from './activities/process-queues';
import type { AttachmentStore } from '../service-catalog/attachments/domain/attachment-store';
import type { Orm } from '../service-catalog/db/orm';
import type { OutgoingMailDeps } from '../service-catalog/mail/domain/outgoing-mail';
import { ticketProcesses } from '../service-catalog/tickets/domain/ticket-service';
import type { TicketType } from '../service-catalog/tickets/domain/ticket-types';
import { createTicketServices } from '../service-catalog/tickets/ticket-services';
import { IN_PROCESS_TASK_TYPES, LOCAL_TASK_TYPES, createActivities } from './activities';
import type { ActivityFunction } from '@temporalio/common';
import type { PrivateTargets } from '../service-catalog/webhooks/domain/webhook-target';
import { createWebhookActivities } from './webhooks/webhook-activities';
import { createMigrationBatchActivities } from './migration-batch/migration-batch-activities';
import { createWhatIfActivities } from './what-if/what-if-activities';
import { createStartSweepActivities } from './start-sweep/start-sweep-activities';
import type { Tracing } from '../service-catalog/observability/tracing';
import type { PollerSetting, WorkerPollers } from '../service-catalog/config';
import { workerInterceptors, workerSinks, workflowInterceptorModules } from './worker-interceptors';

/** The interpreter workflow; bundled for Temporal's sandbox from source or from dist/ alike. */
export const workflowsPath = require.resolve('./bpmn-process');
/** Bundled with the workflows wherever a bundle is prebuilt (tests, benchmarks): see worker-interceptors.ts. */
export { workflowInterceptorModules };

/**
 * Pure modules the interpreter workflow imports, evaluated once per worker thread instead of once per
 * workflow: Temporal's reusable V8 context otherwise gives each workflow its own copy of every module it
 * loads, and evaluating FEEL's parser and the interpreter took a few ms of every incident's start. They
 * keep no per-workflow state (Temporal freezes them to be sure). Anything that imports
 * `@temporalio/workflow` stays per workflow.
 */
export const workflowPreloadModules = [
  'feelin',
  require.resolve('../engine/runtime/interpreter'),
  require.resolve('../engine/runtime/process-view'),
  require.resolve('../engine/runtime/migrate-state'),
  require.resolve('../engine/dmn/evaluate-decision'),
  // Read where the bundle is made (a worker's start, a test's global setup): a diagnostic switch only.
  ...(process.env.FLOWDESK_WORKFLOW_STACK_TRACES === 'on' ? [] : [require.resolve('./bpmn-process/workflow-stacks')]),
];

export interface ProcessWorkerDeps {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  orm: Orm;
  /** Which process each ticket type runs, where not the default: a ticket a process opens starts it. */
  ticketProcessIds?: Partial<Record<TicketType, string>>;
  /** Outgoing mail for `notify` tasks; without it they fail as incidents saying so. */
  mail?: OutgoingMailDeps;
  /** Ticket attachments, where the API keeps them (job photos go into completion reports). */
  attachments?: AttachmentStore;
  /** A prebuilt bundle (tests build it once); otherwise the workflow code is bundled at creation. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** `{{secrets.NAME}}` values for our own task types (config `FLOWDESK_SECRETS_FROM_ENV`). */
  secrets?: Readonly<Record<string, string>>;
  /** Whether webhooks may reach private addresses (config `FLOWDESK_WEBHOOK_PRIVATE_TARGETS`); default refuse. */
  webhookPrivateTargets?: PrivateTargets;
  /** Extra activities, keyed by task type (tests use this for failure cases). */
  extraActivities?: Record<string, ActivityFunction>;
  /** Where workflow and activity spans go (config `OTEL_EXPORTER_OTLP_ENDPOINT`); unset, no spans leave the worker. */
  tracing?: Tracing;
  /**
   * The queue of the instances' regular activities (config `FLOWDESK_ACTIVITY_TASK_QUEUE`): where the
   * instances this worker's activities start schedule them, and the queue of `createActivityWorker`.
   */
  activityTaskQueue?: string;
  /** Long polls for workflow and activity tasks (config `FLOWDESK_*_TASK_POLLERS`); unset, the SDK's. */
  pollers?: WorkerPollers;
}

/**
 * How long a stopping worker waits for the tasks it holds before it gives up on them: Temporal hands such a
 * task to another worker when its timeout passes (at least once, as always). Without a bound, a worker
 * whose Temporal server went first waited for ever: a terminal's Ctrl+C signals the embedded dev server
 * together with Flowdesk, and a separate worker may lose its cluster while it drains. Below the 30 s an
 * orchestrator usually grants between SIGTERM and SIGKILL.
 */
const SHUTDOWN_FORCE_TIME = '10s';

/**
 * Runs every BPMN process instance of the task queue: the generic workflow plus the domain activities
 * (the local ones run here whatever the queues; so do the webhook, batch and sweep workflows' activities).
 */
export function createProcessWorker(deps: ProcessWorkerDeps): Promise<Worker> {
  return Worker.create({
    connection: deps.connection,
    namespace: deps.namespace,
    taskQueue: deps.taskQueue,
    ...(deps.workflowBundle
      ? { workflowBundle: deps.workflowBundle }
      : { workflowsPath, bundlerOptions: { preloadModules: workflowPreloadModules } }),
    // A prebuilt bundle has the workflow interceptors in it already (bundled with workflowInterceptorModules).
    interceptors: { ...workerInterceptors(deps.tracing), ...(deps.workflowBundle ? {} : { workflowModules: workflowInterceptorModules }) },
    sinks: workerSinks(deps.tracing),
    activities: processActivities(deps),
    ...pollerOptions(deps.pollers),
    shutdownForceTime: SHUTDOWN_FORCE_TIME,
  });
}

/**
 * The activities only, no workflow: polls activity tasks of `activityTaskQueue` (the task queue when
 * unset) and nothing else. Any number of these can serve the regular activities of the instances the
 * process workers run (`FLOWDESK_WORKER_MODE=activities`, docs/operations.md).
 */
export function createActivityWorker(deps: Omit<ProcessWorkerDeps, 'workflowBundle'>): Promise<Worker> {
  return Worker.create({
    connection: deps.connection,
    namespace: deps.namespace,
    taskQueue: deps.activityTaskQueue ?? deps.taskQueue,
    interceptors: { activity: workerInterceptors(deps.tracing).activity ?? [] },
    activities: processActivities(deps),
    ...pollerOptions({ ...(deps.pollers?.activityTask ? { activityTask: deps.pollers.activityTask } : {}) }),
    shutdownForceTime: SHUTDOWN_FORCE_TIME,
  });
}

function processActivities(deps: Omit<ProcessWorkerDeps, 'workflowBundle'>): Record<string, ActivityFunction> {
  const queues = queuesOf(deps);
  return {
    ...createActivities({
      orm: deps.orm,
      tickets: workerTicketServices(deps),
      localTaskTypes: LOCAL_TASK_TYPES,
      inProcessTaskTypes: servedTaskTypes(deps),
      ...(deps.secrets ? { secrets: deps.secrets } : {}),
      ...(deps.mail ? { mail: deps.mail } : {}),
      ...(deps.attachments ? { attachments: deps.attachments } : {}),
      queues,
    }),
    // Not task types: only the webhook, batch migration and what-if workflows call these (a diagram naming one gets an external job).
    ...createWebhookActivities({ orm: deps.orm, privateTargets: deps.webhookPrivateTargets ?? 'refuse' }),
    ...createMigrationBatchActivities({
      orm: deps.orm,
      localTaskTypes: LOCAL_TASK_TYPES,
      inProcessTaskTypes: servedTaskTypes(deps),
      queues,
    }),
    ...createWhatIfActivities({ orm: deps.orm }),
    ...createStartSweepActivities({ orm: deps.orm, localTaskTypes: LOCAL_TASK_TYPES, inProcessTaskTypes: servedTaskTypes(deps), queues }),
    ...deps.extraActivities,
  };
}

/**
 * Each open poll takes one task per round trip to Temporal, so with the SDK's 10 polls a worker far
 * from its server (100 ms) takes at most ~100 tasks a second of a kind however idle it is: more polls,
 * or `auto`, keep it fed (docs/operations.md, "Pollers").
 */
export function pollerOptions(
  pollers: WorkerPollers = {},
): Pick<WorkerOptions, 'workflowTaskPollerBehavior' | 'activityTaskPollerBehavior'> {
  const behavior = (setting: PollerSetting) =>
    setting === 'auto' ? ({ type: 'autoscaling' } as const) : ({ type: 'simple-maximum', maximum: setting } as const);
  return {
    ...(pollers.workflowTask ? { workflowTaskPollerBehavior: behavior(pollers.workflowTask) } : {}),
    ...(pollers.activityTask ? { activityTaskPollerBehavior: behavior(pollers.activityTask) } : {}),
  };
}

function queuesOf(deps: Pick<ProcessWorkerDeps, 'taskQueue' | 'activityTaskQueue'>): ProcessQueues {
  return { process: deps.taskQueue, ...(deps.activityTaskQueue ? { activity: deps.activityTaskQueue } : {}) };
}

/**
 * The ticket services of the worker's activities: a ticket a process opens starts its own process
 * through the worker's client, on the process task queue, as one raised through the API would.
 */
function workerTicketServices(deps: Omit<ProcessWorkerDeps, 'workflowBundle'>) {
  return createTicketServices({
    processes: () =>
      ticketProcesses(
        engineClientInActivity(queuesOf(deps), {
          localTaskTypes: LOCAL_TASK_TYPES,
          inProcessTaskTypes: servedTaskTypes(deps),
        }),
        deps.ticketProcessIds,
      ),
  });
}

/** The activities this worker registers: its own and a test's extra ones; any other type is an external job. */
function servedTaskTypes(deps: Pick<ProcessWorkerDeps, 'extraActivities'>): string[] {
  return [...IN_PROCESS_TASK_TYPES, ...Object.keys(deps.extraActivities ?? {})];
}
