import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import type { Config } from '../../service-catalog/config';
import { AttachmentStore } from '../../service-catalog/attachments/domain/attachment-store';
import { appRoleFor } from '../../service-catalog/db/app-role';
import { createOrm } from '../../service-catalog/db/orm';
import { temporalConnectionOptions } from '../../service-catalog/temporal-connection';
import type { OutgoingMailDeps } from '../../service-catalog/mail/domain/outgoing-mail';
import { createActivityWorker, createProcessWorker, type ProcessWorkerDeps } from '../process-worker';
import { startWebhookRelay } from '../webhooks/webhook-relay';
import { tracingClientInterceptors, type Tracing } from '../../service-catalog/observability/tracing';

export interface RunningWorker {
  /** Settles when the worker has stopped polling and finished what it had. */
  done: Promise<void>;
  stop(): Promise<void>;
}

/**
 * The worker process: runs every BPMN process instance of the task queue (the interpreter workflow and
 * the activities by task type; or one of the two, by config `FLOWDESK_WORKER_MODE`) against the given
 * PostgreSQL and Temporal. The database is migrated, and its application role created, by the API process.
 * Call `installRuntimeLogger` first.
 */
export async function runWorker(opts: {
  config: Config;
  databaseUrl: string;
  temporalAddress: string;
  mail: OutgoingMailDeps;
  /** What the webhook relay could not do in a round (it tries again in the next). */
  onRelayError?: (err: unknown) => void;
  /** Workflow and activity spans (config `OTEL_EXPORTER_OTLP_ENDPOINT`). */
  tracing?: Tracing;
}): Promise<RunningWorker> {
  const { config } = opts;
  const connection = await NativeConnection.connect(temporalConnectionOptions(opts.temporalAddress, config.temporalSecurity));
  // The worker's activities get their own connections: a burst of API requests must not starve the
  // steps that move tickets on (and the other way round).
  // As the application role the API prepared (row-level security binds it), never as the owner.
  const databaseUrl = config.databaseAppUrl ?? appRoleFor(opts.databaseUrl).url;
  const orm = await createOrm({
    databaseUrl,
    ormTenantFilters: config.ormTenantFilters,
    poolMax: config.databasePoolMax,
    poolWaitMs: config.databasePoolWaitMs,
  });
  const deps = {
    connection,
    namespace: config.temporalNamespace,
    taskQueue: config.taskQueue,
    ...(config.activityTaskQueue ? { activityTaskQueue: config.activityTaskQueue } : {}),
    pollers: config.pollers,
    orm,
    mail: opts.mail,
    // The API's attachment folder (same data directory, or a shared volume when they run apart).
    attachments: new AttachmentStore(config.attachments.dir),
    secrets: config.secrets,
    webhookPrivateTargets: config.webhooks.privateTargets,
    ...(opts.tracing ? { tracing: opts.tracing } : {}),
  };
  const workers = await startWorkers(config, deps);
  const done = Promise.all(workers.map((w) => w.run())).then(() => undefined);
  if (config.workerMode === 'activities') {
    // Activities only: no workflow, so no webhook deliveries to turn into workflows either.
    return {
      done,
      stop: async () => {
        for (const w of workers) w.shutdown();
        await done.catch(() => undefined);
        await connection.close();
        await orm.close();
      },
    };
  }
  // Queued webhook deliveries become workflows here, beside the worker that runs them (any number of
  // workers may relay at once: see webhook-relay.ts).
  const clientConnection = await Connection.connect(temporalConnectionOptions(opts.temporalAddress, config.temporalSecurity));
  const relay = startWebhookRelay({
    orm,
    client: new Client({ connection: clientConnection, namespace: config.temporalNamespace, ...interceptorsOf(opts.tracing) }),
    taskQueue: config.taskQueue,
    retry: config.webhooks.retry,
    ...(opts.onRelayError ? { onError: opts.onRelayError } : {}),
  });
  return {
    done,
    stop: async () => {
      await relay.stop();
      for (const w of workers) w.shutdown();
      await done.catch(() => undefined);
      await clientConnection.close();
      await connection.close();
      await orm.close();
    },
  };
}

/**
 * The Temporal workers of the mode (config `FLOWDESK_WORKER_MODE`): `all` runs the process worker and,
 * when the activities have a queue of their own, a worker on it too; `workflows` only the process
 * worker; `activities` only the activity worker (docs/operations.md, worker modes).
 */
async function startWorkers(config: Config, deps: ProcessWorkerDeps): Promise<Worker[]> {
  if (config.workerMode === 'activities') return [await createActivityWorker(deps)];
  const processWorker = await createProcessWorker(deps);
  if (config.workerMode === 'workflows' || !config.activityTaskQueue) return [processWorker];
  return [processWorker, await createActivityWorker(deps)];
}

function interceptorsOf(tracing?: Tracing) {
  const interceptors = tracingClientInterceptors(tracing);
  return interceptors ? { interceptors } : {};
}
