/**
 * What Camunda's numeric keys cost a `/v2` answer: a page of 100 items (99 references answered before,
 * one new) given their keys in the caller's tenant scope, and one numeric key in a path read back,
 * over a key table of `keys` rows. Beside each, the floor measured in the same run: the plain indexed
 * lookup of the same references (or key) in the same table, no insert, no scope.
 * Run: npm run bench:camunda-keys [keys] [samples].
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import { startEmbeddedPostgres } from '../scripts/lib/embedded-postgres';
import { freePort } from '../scripts/lib/free-port';
import { CamundaKeyRegistry } from '../service-catalog/camunda-keys/key-registry';
import { prepareDatabase } from '../service-catalog/db/app-role';
import { createOrm, type Orm } from '../service-catalog/db/orm';
import { TenantScope, setTenantScope } from '../service-catalog/db/tenant';
import { ms, summarize, type Summary } from './lib/latency';

const [keys = 200_000, samples = 500] = process.argv.slice(2).map(Number);
const ORG = '00000000-0000-0000-0000-000000000001';

const row = (label: string, o: Summary, f: Summary) =>
  `${label.padEnd(34)} ${ms(o.p50)} ${ms(o.p99, 5)} | ${ms(f.p50)} ${ms(f.p99, 5)} | ${(o.p50 / f.p50).toFixed(2).padStart(8)} ${(o.p99 / f.p99).toFixed(2).padStart(5)}`;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'flowdesk-bench-keys-'));
  const pg = await startEmbeddedPostgres({ dataDir: join(dir, 'postgres'), port: await freePort() });
  let app: Orm | undefined;
  try {
    const appUrl = await prepareDatabase({ ownerUrl: pg.url });
    const owner = await createOrm({ databaseUrl: pg.url, poolMax: 1 });
    const conn = owner.em.getConnection();
    // Half the keys an organisation's instances and tasks, half shared definitions and internal work.
    await conn.execute(
      `insert into camunda_key (ref, organization_id, kind)
       select gen_random_uuid()::text, case when g % 2 = 0 then '${ORG}'::uuid end, 'process-instance' from generate_series(1, ${keys}) g`,
    );
    await conn.execute('vacuum analyze camunda_key');
    const known = (await conn.execute<Array<{ ref: string; key: string }>>(
      `select ref, key::text as key from camunda_key where organization_id = '${ORG}' order by random() limit 5000`,
    )) as Array<{ ref: string; key: string }>;
    await owner.close();

    app = await createOrm({ databaseUrl: appUrl, poolMax: 4 });
    // An agent who serves the organisation and internal work, as a worker's or a task application's token is.
    const agent = (): EntityManager => {
      const em = app!.em.fork() as EntityManager;
      setTenantScope(em, TenantScope.of([ORG], true));
      return em;
    };
    const plain = (): EntityManager => {
      const em = app!.em.fork() as EntityManager;
      setTenantScope(em, TenantScope.all('bench floor'));
      return em;
    };
    const answer = { ours: [] as number[], floor: [] as number[] };
    const path = { ours: [] as number[], floor: [] as number[] };
    for (let i = 0; i < samples + 20; i++) {
      const page = Array.from({ length: 99 }, (_, j) => known[(i * 99 + j) % known.length]!.ref);
      const refs = [...page, randomUUID()].map((ref) => ({ ref, field: 'processInstanceKey', organizationId: ORG }));
      const one = known[i % known.length]!;
      const t0 = performance.now();
      await new CamundaKeyRegistry(agent()).keysOf(refs);
      const t1 = performance.now();
      await plain().execute('select key, ref from camunda_key where ref in (select jsonb_array_elements_text(?::jsonb))', [
        JSON.stringify(refs.map((r) => r.ref)),
      ]);
      const t2 = performance.now();
      await new CamundaKeyRegistry(agent()).refsOf([one.key]);
      const t3 = performance.now();
      await plain().execute('select ref from camunda_key where key = ?::bigint', [one.key]);
      const t4 = performance.now();
      if (i < 20) continue; // warm-up: caches and plans
      answer.ours.push(t1 - t0);
      answer.floor.push(t2 - t1);
      path.ours.push(t3 - t2);
      path.floor.push(t4 - t3);
    }
    console.log(`\n${keys} keys, ${samples} samples`);
    console.log('                                    ours p50   p99 | floor p50   p99 | ratio p50  p99 (ms)');
    console.log(row('keys of a 100-item answer', summarize(answer.ours), summarize(answer.floor)));
    console.log(row('reference of a key in a path', summarize(path.ours), summarize(path.floor)));
  } finally {
    await app?.close();
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
