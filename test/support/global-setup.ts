import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { startInfrastructure } from '../../scripts/lib/infrastructure';
import { freePort } from '../../scripts/lib/free-port';
import { createOrm } from '../../service-catalog/db/orm';
import { prepareDatabase } from '../../service-catalog/db/app-role';
import { loadConfig } from '../../service-catalog/config';
import { workflowInterceptorModules, workflowPreloadModules, workflowsPath } from '../../workflows/process-worker';
import { seedDemoIdentities } from '../../scripts/lib/demo-identities';
import { seedDemoServices } from '../../scripts/lib/demo-services';
import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Starts the real servers once for the whole integration run: PostgreSQL (embedded unless
 * DATABASE_URL is set) and Temporal (a dev server unless TEMPORAL_ADDRESS is set), migrates, and
 * bundles the workflow code once so each test's worker starts in milliseconds.
 */
export default async function globalSetup(): Promise<void> {
  const config = loadConfig();
  const dataDir = mkdtempSync(join(tmpdir(), 'flowdesk-test-'));
  chmodSync(dataDir, 0o755);
  const infra = await startInfrastructure({
    dataDir,
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
    ...(config.temporalAddress ? { temporalAddress: config.temporalAddress } : {}),
    temporalCli: config.temporalCli,
    persistentTemporal: false,
    // Ports the kernel picks, not the start command's fixed defaults: test runs side by side (the shards
    // of a run and a developer's own run) would otherwise both find 54329 free and race for it.
    postgresPort: await freePort(),
    temporalPort: await freePort(),
    temporalUiPort: await freePort(),
    log: () => undefined,
  });
  (globalThis as { __flowdeskInfra?: typeof infra }).__flowdeskInfra = infra;

  // As in production: migrations as the owner, the tests' systems as the row-level-security-bound role.
  const appUrl = await prepareDatabase({ ownerUrl: infra.databaseUrl });
  const orm = await createOrm({ databaseUrl: infra.databaseUrl });
  // The demo directory is shared by every test file; seeded once here so parallel files never race on it.
  await seedDemoIdentities(orm.em.fork() as EntityManager);
  // Tickets, SLA policies and routing rules name services by id (or by the name of one that exists).
  await seedDemoServices(orm.em.fork() as EntityManager);
  await orm.close();

  const { code } = await bundleWorkflowCode({
    workflowsPath,
    preloadModules: workflowPreloadModules,
    workflowInterceptorModules,
    logger: silentLogger,
  });
  const bundlePath = join(dataDir, 'workflow-bundle.js');
  writeFileSync(bundlePath, code);

  process.env.FLOWDESK_TEST_DATABASE_URL = appUrl;
  process.env.FLOWDESK_TEST_OWNER_DATABASE_URL = infra.databaseUrl;
  process.env.FLOWDESK_TEST_TEMPORAL_ADDRESS = infra.temporalAddress;
  process.env.FLOWDESK_TEST_WORKFLOW_BUNDLE = bundlePath;
  process.env.FLOWDESK_TEST_DATA_DIR = dataDir;
}

const silentLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: (message: string) => console.error(message),
};
