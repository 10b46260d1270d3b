/**
 * The process worker alone, as its own OS process, for the fault tests: they SIGKILL it and start it
 * again. Configured like `npm start`; runs the workflow bundle the integration setup built
 * (FLOWDESK_TEST_WORKFLOW_BUNDLE) so a restart takes a second, not a bundling. Prints `READY`.
 * FLOWDESK_WORKER_MODE=activities makes it an activities-only worker on FLOWDESK_ACTIVITY_TASK_QUEUE.
 *
 * FLOWDESK_TEST_CLOCK_SKEW_MS shifts this process's wall clock (tests only, see clock-skew.ts).
 */
import { installClockSkew } from './clock-skew';
installClockSkew(Number(process.env.FLOWDESK_TEST_CLOCK_SKEW_MS ?? 0));

import { NativeConnection } from '@temporalio/worker';
import { loadConfig, resolveJwtSecret } from '../../../service-catalog/config';
import { appRoleFor } from '../../../service-catalog/db/app-role';
import { createOrm } from '../../../service-catalog/db/orm';
import { createLogger } from '../../../service-catalog/logger';
import { temporalConnectionOptions } from '../../../service-catalog/temporal-connection';
import { startOutgoingMail } from '../../../service-catalog/mail/mail-system';
import { installRuntimeLogger } from '../../../workflows/runtime-logger';
import { createActivityWorker, createProcessWorker } from '../../../workflows/process-worker';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.databaseUrl || !config.temporalAddress) throw new Error('DATABASE_URL and TEMPORAL_ADDRESS must name running servers');
  const log = createLogger(config.logLevel);
  installRuntimeLogger(log, 'WARN', config.workerMetricsBind);
  // As the application role (row-level security binds it) the cluster's boot created, like the worker entry.
  const databaseUrl = config.databaseAppUrl ?? appRoleFor(config.databaseUrl).url;
  const orm = await createOrm({
    databaseUrl,
    ormTenantFilters: config.ormTenantFilters,
    poolMax: config.databasePoolMax,
    poolWaitMs: config.databasePoolWaitMs,
  });
  const publicUrl = config.publicUrl ?? `http://${config.host}:${config.port}`;
  const mail = await startOutgoingMail({
    log,
    ...(config.smtpUrl ? { smtpUrl: config.smtpUrl } : {}),
    from: config.mailFrom,
    publicUrl,
    replyTokenSecret: resolveJwtSecret(config),
  });
  const connection = await NativeConnection.connect(temporalConnectionOptions(config.temporalAddress, config.temporalSecurity));
  const bundle = process.env.FLOWDESK_TEST_WORKFLOW_BUNDLE;
  const deps = {
    connection,
    namespace: config.temporalNamespace,
    taskQueue: config.taskQueue,
    ...(config.activityTaskQueue ? { activityTaskQueue: config.activityTaskQueue } : {}),
    orm,
    mail: mail.outgoing,
    pollers: config.pollers,
  };
  const worker =
    config.workerMode === 'activities'
      ? await createActivityWorker(deps)
      : await createProcessWorker({ ...deps, ...(bundle ? { workflowBundle: { codePath: bundle } } : {}) });
  const run = worker.run();
  process.stdout.write('READY\n');
  process.on('SIGTERM', () => worker.shutdown());
  await run;
  await connection.close();
  await mail.stop();
  await orm.close();
  process.exit(0);
}

main().catch((err) => {
  console.error(`worker failed: ${err instanceof Error ? err.stack : String(err)}`);
  process.exit(1);
});
