/**
 * EXPLAIN (ANALYZE, BUFFERS) of the backlog-by-age query on a database kept by
 * `FLOWDESK_BENCH_KEEP=<dir> node dist/bench/kpi-breakdown.js …`, as the benchmark's scope runs it:
 *
 *   node dist/bench/kpi-backlog-plan.js <dir> [at=2027-01-01T00:00:00Z] [by=group]
 *
 * Where the slow months spend their time (issue 20): the plan of the very statement the report sends.
 */
import { join } from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import { startEmbeddedPostgres } from '../scripts/lib/embedded-postgres';
import { freePort } from '../scripts/lib/free-port';
import { prepareDatabase } from '../service-catalog/db/app-role';
import { createOrm } from '../service-catalog/db/orm';
import { TenantScope, setTenantScope } from '../service-catalog/db/tenant';
import type { KpiBreakdown } from '../service-catalog/kpis/domain/kpi-dimensions';
import { KpiReports } from '../service-catalog/kpis/domain/kpi-reports';

const [dir, at = '2027-01-01T00:00:00Z', by = 'group'] = process.argv.slice(2);

async function main(): Promise<void> {
  if (!dir) throw new Error('usage: kpi-backlog-plan <dir kept by FLOWDESK_BENCH_KEEP> [at] [by]');
  const pg = await startEmbeddedPostgres({ dataDir: join(dir, 'postgres'), port: await freePort() });
  const app = await createOrm({ databaseUrl: await prepareDatabase({ ownerUrl: pg.url }), poolMax: 1 });
  try {
    const em = app.em.fork() as EntityManager;
    setTenantScope(em, TenantScope.all('provider manager'));
    await em.transactional(async (tx) => {
      // The report's own statement, caught on its way out and sent again under EXPLAIN.
      const execute = tx.execute.bind(tx);
      let plan: string[] = [];
      (tx as { execute: unknown }).execute = async (sql: string, params: unknown[]) => {
        const rows = await execute<Array<{ 'QUERY PLAN': string }>>(`explain (analyze, buffers) ${sql}`, params);
        plan = rows.map((r) => r['QUERY PLAN']);
        return [];
      };
      await new KpiReports(tx).backlog({ at: new Date(at), by: by as KpiBreakdown });
      console.log(plan.join('\n'));
    });
  } finally {
    await app.close();
    await pg.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
