/**
 * The Node half of scripts/backup-restore-check.sh. `populate <ownerUrl> <file>`: migrates Flowdesk's
 * database, starts the real Temporal server on the same PostgreSQL, seeds the demo desk (tickets whose
 * processes run on Temporal) and writes what exists to <file>. `verify <ownerUrl> <file>`: on the
 * restored cluster, starts Temporal again and checks that every ticket came back, and that every
 * ticket's process is still known to Temporal in the state it was in: nothing lost in either store.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import type { EntityManager } from '@mikro-orm/postgresql';
import { EngineClient, LOCAL_TASK_TYPES } from '../workflows/client';
import { loadConfig } from '../service-catalog/config';
import { prepareDatabase } from '../service-catalog/db/app-role';
import { createOrm } from '../service-catalog/db/orm';
import { ticketProcesses } from '../service-catalog/tickets/domain/ticket-service';
import { createTicketServices } from '../service-catalog/tickets/ticket-services';
import { seedDemoData } from './lib/demo-data';
import { buildTemporalServer, freeTemporalPorts, startTemporalServer } from './lib/temporal-server';

const repoRoot = join(__dirname, '..', '..');

interface Snapshot {
  tickets: Array<{ number: string; title: string; instance: string | null }>;
  workflows: Record<string, string>;
  auditRows: number;
}

async function main(): Promise<void> {
  const [mode, ownerUrl, file] = process.argv.slice(2);
  if ((mode !== 'populate' && mode !== 'verify') || !ownerUrl || !file)
    throw new Error('usage: backup-restore-fixture populate|verify <ownerUrl> <file>');
  const config = loadConfig();
  const temporal = await startTemporalServer({
    binaries: await buildTemporalServer(dirname(config.temporalCli)),
    postgresUrl: ownerUrl,
    repoRoot,
    logFile: `${file}.temporal.log`,
    ports: await freeTemporalPorts(),
  });
  const connection = await Connection.connect({ address: temporal.address });
  try {
    const client = new Client({ connection, namespace: 'default' });
    if (mode === 'populate') {
      const appUrl = await prepareDatabase({ ownerUrl });
      const orm = await createOrm({ databaseUrl: appUrl, poolMax: 2 });
      try {
        const processes = ticketProcesses(new EngineClient(client, 'backup-check', { localTaskTypes: LOCAL_TASK_TYPES }));
        await seedDemoData({
          em: orm.em.fork() as EntityManager,
          processes,
          tickets: createTicketServices({ processes }),
          processesDir: config.processesDir,
        });
      } finally {
        await orm.close();
      }
    }
    const now = await snapshot(ownerUrl, client);
    if (mode === 'populate') {
      writeFileSync(file, JSON.stringify(now));
      console.log(
        `populated: ${now.tickets.length} tickets, ${Object.keys(now.workflows).length} process instances on Temporal, ${now.auditRows} audit rows`,
      );
      return;
    }
    const before = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
    const problems: string[] = [];
    if (JSON.stringify(now.tickets) !== JSON.stringify(before.tickets))
      problems.push(`tickets differ: ${before.tickets.length} backed up, ${now.tickets.length} restored`);
    if (now.auditRows !== before.auditRows) problems.push(`audit rows: ${before.auditRows} backed up, ${now.auditRows} restored`);
    for (const [id, status] of Object.entries(before.workflows))
      if (now.workflows[id] !== status)
        problems.push(`workflow ${id}: ${status} backed up, ${now.workflows[id] ?? 'unknown to Temporal'} restored`);
    if (problems.length) throw new Error(`restore lost or changed data:\n  ${problems.join('\n  ')}`);
    console.log(
      `verified: ${now.tickets.length} tickets, ${now.auditRows} audit rows and ${Object.keys(now.workflows).length} process instances (by status) came back`,
    );
  } finally {
    await connection.close();
    await temporal.stop();
  }
}

async function snapshot(ownerUrl: string, client: Client): Promise<Snapshot> {
  const orm = await createOrm({ databaseUrl: ownerUrl, poolMax: 1 });
  try {
    const conn = orm.em.getConnection();
    const tickets = (await conn.execute(
      `select number, title, process_instance_id as instance from ticket order by number`,
    )) as Snapshot['tickets'];
    const [audit] = (await conn.execute(`select count(*)::int as n from audit_log`)) as Array<{ n: number }>;
    const workflows: Record<string, string> = {};
    for (const t of tickets) {
      if (!t.instance) continue;
      try {
        workflows[t.instance] = (await client.workflow.getHandle(t.instance).describe()).status.name;
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError)) throw err;
      }
    }
    return { tickets, workflows, auditRows: audit!.n };
  } finally {
    await orm.close();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
