/**
 * CMDB benchmark (issue 18): an embedded PostgreSQL in a temporary directory, migrated, with N CIs
 * (default 100,000) in 10 customer organisations and M relations (default 300,000) between CIs of
 * the same organisation, drawn at random (out-degree 3 on average: cycles everywhere, and the path
 * count that makes a naive recursive CTE explode). Measured as the API runs it: the application role
 * (row-level security binding), an agent's tenant scope, the domain functions the routes call:
 *
 *   - impact of a CI at depth 3 and 6 (upstream and downstream: the CI's read and the walk of both sides,
 *     one statement that also sets the tenant scope);
 *   - the CI list (by name, first page with total) and full-text search (common and rare words).
 *
 * Beside each, the floor: the same SQL statements' `EXPLAIN ANALYZE` planning + execution time in
 * the same session scope, i.e. what PostgreSQL itself needs, without the driver and the round trip. Target: impact at depth 3 p99 ≤ 50 ms.
 *
 *   npm run bench:cmdb -- [cis=100000] [relations=300000] [samples=300]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import { startEmbeddedPostgres } from '../scripts/lib/embedded-postgres';
import { freePort } from '../scripts/lib/free-port';
import { prepareDatabase } from '../service-catalog/db/app-role';
import { createOrm, type Orm } from '../service-catalog/db/orm';
import { TenantScope, setTenantScope } from '../service-catalog/db/tenant';
import { searchCis } from '../service-catalog/cmdb/domain/ci-search';
import { IMPACT_SQL, impactParams } from '../service-catalog/cmdb/domain/impact-analysis';
import { IMPACT_CAP, ImpactService } from '../service-catalog/cmdb/domain/impact-service';
import { ms, summarize } from './lib/latency';
import { generateCmdb } from './lib/cmdb-graph';

const [cis = 100_000, relations = 300_000, samples = 300] = process.argv.slice(2).map(Number);
const ORGANIZATIONS = 10;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'flowdesk-bench-cmdb-'));
  const pg = await startEmbeddedPostgres({ dataDir: join(dir, 'postgres'), port: await freePort() });
  let app: Orm | undefined;
  try {
    const appUrl = await prepareDatabase({ ownerUrl: pg.url });
    const owner = await createOrm({ databaseUrl: pg.url, poolMax: 1 });
    const started = Date.now();
    const { organizationIds, relationCount } = await generateCmdb(owner, { cis, relations, organizations: ORGANIZATIONS });
    await owner.close();
    console.log(
      `generated ${cis} CIs and ${relationCount} relations in ${ORGANIZATIONS} organisations in ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );

    app = await createOrm({ databaseUrl: appUrl, poolMax: 4 });
    // An agent serving one customer (and the internal CIs): the scope every desk request has.
    const scoped = (): EntityManager => {
      const em = app!.em.fork() as EntityManager;
      setTenantScope(em, TenantScope.of([organizationIds[0]!], true));
      return em;
    };
    const visible = (
      await scoped().execute<Array<{ id: string }>>(
        'select id from configuration_item where organization_id = ? order by md5(id::text) limit ?',
        [organizationIds[0], samples],
      )
    ).map((r) => r.id);

    const floorOf = async (em: EntityManager, sql: string, params: unknown[]): Promise<number> => {
      const [row] = await em.execute<Array<{ 'QUERY PLAN': Array<{ 'Planning Time': number; 'Execution Time': number }> }>>(
        `explain (analyze, format json) ${sql}`,
        params,
      );
      const plan = row!['QUERY PLAN'][0]!;
      return plan['Planning Time'] + plan['Execution Time'];
    };

    const rows: Array<[string, number[], number[], string]> = [];
    for (const depth of [3, 6]) {
      const ours: number[] = [];
      const floor: number[] = [];
      let reached = 0;
      // Warm-up: the first queries pay for the cache and the plans.
      for (const id of visible.slice(0, 20)) await new ImpactService(scoped()).impact(id, depth, { upstream: true, downstream: true });
      for (const id of visible) {
        const t0 = performance.now();
        const result = await new ImpactService(scoped()).impact(id, depth, { upstream: true, downstream: true });
        ours.push(performance.now() - t0);
        reached += result.upstream.length + result.downstream.length;
        const em = scoped();
        await em.transactional(async (tx) => {
          // The walk reads the CI itself too (its `self` row): one statement, inlined, so EXPLAIN shows its plan.
          floor.push(await floorOf(tx, IMPACT_SQL, impactParams(id, { upstream: depth, downstream: depth }, IMPACT_CAP)));
        });
      }
      rows.push([`impact depth ${depth}`, ours, floor, `${(reached / visible.length).toFixed(0)} CIs reached on average`]);
    }

    const words = ['debian', 'windows', 'oracle', 'host', 'ci 4711', 'sn 12345', 'warehouse scanner'];
    for (const [label, q] of [
      ['list (by name, page 1 + total)', undefined],
      ['search, a common word', 'debian'],
      ['search, rarer words', undefined],
    ] as const) {
      const ours: number[] = [];
      const floor: number[] = [];
      for (let i = 0; i < Math.min(samples, 200); i++) {
        const text = label.startsWith('search, rarer') ? words[3 + (i % 4)]! : q;
        const search = { ...(text ? { q: text } : {}), limit: 50, offset: 0 };
        const t0 = performance.now();
        await searchCis(scoped(), search);
        ours.push(performance.now() - t0);
        const em = scoped();
        await em.transactional(async (tx) => {
          const { select, count, params } = listSql(text, organizationIds[0]!);
          floor.push((await floorOf(tx, select, params)) + (await floorOf(tx, count, params)));
        });
      }
      rows.push([label, ours, floor, '']);
    }

    console.log('\n                                   ours p50   p99 | floor p50   p99 | ratio p50  p99 (ms)');
    for (const [label, ours, floor, note] of rows) {
      const o = summarize(ours);
      const f = summarize(floor);
      console.log(
        `${label.padEnd(32)} ${ms(o.p50)} ${ms(o.p99, 5)} | ${ms(f.p50)} ${ms(f.p99, 5)} | ${(o.p50 / f.p50).toFixed(2).padStart(8)} ${(o.p99 / f.p99).toFixed(2).padStart(5)}  ${note}`,
      );
    }
    const depth3 = summarize(rows[0]![1]).p99;
    console.log(`\ntarget: impact at depth 3 p99 ≤ 50 ms → ${depth3.toFixed(1)} ms: ${depth3 <= 50 ? 'met' : 'NOT met'}`);
  } finally {
    await app?.close();
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The SQL the ORM sends for a page of the list and its total (the tenant filter included), for EXPLAIN. */
function listSql(q: string | undefined, organizationId: string) {
  const words = q ? (q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).map((w) => `${w}:*`).join(' & ') : null;
  const where = `(organization_id in (?) or organization_id is null)${words ? ` and search_vector @@ to_tsquery('simple', ?)` : ''}`;
  const params = words ? [[organizationId], words] : [[organizationId]];
  return {
    select: `select * from configuration_item where ${where} order by name asc, id asc limit 50`,
    count: `select count(*) from configuration_item where ${where}`,
    params,
  };
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
