/**
 * Issue 20: knowledge base search over 50,000 published articles (half English, half Lithuanian),
 * as a customer's requester asks it (row-level security on, public articles), beside the floor: the
 * plain indexed match of the same words in one configuration with no ranking, headline or count.
 * Target: p99 ≤ 50 ms. Run: npm run bench:kb [articles] [samples].
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
import { searchArticles } from '../service-catalog/knowledge/domain/article-search';
import { ms, summarize } from './lib/latency';

const [articles = 50_000, samples = 300] = process.argv.slice(2).map(Number);
const EN = [
  'vpn',
  'password',
  'printer',
  'laptop',
  'battery',
  'email',
  'phone',
  'network',
  'wifi',
  'monitor',
  'keyboard',
  'account',
  'reset',
  'install',
  'update',
  'license',
  'backup',
  'server',
  'scanner',
  'badge',
];
const LT = [
  'slaptažodis',
  'spausdintuvas',
  'kompiuteris',
  'baterija',
  'paštas',
  'telefonas',
  'tinklas',
  'monitorius',
  'klaviatūra',
  'paskyra',
  'atnaujinimas',
  'licencija',
  'serveris',
  'skeneris',
  'kortelė',
];
const QUERIES = [
  'vpn password',
  'printer',
  'laptop battery',
  'reset account',
  'wifi network',
  'slaptažodis',
  'spausdintuvo',
  'baterijos',
  'tinklas',
];

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'flowdesk-bench-kb-'));
  const pg = await startEmbeddedPostgres({ dataDir: join(dir, 'postgres'), port: await freePort() });
  let app: Orm | undefined;
  try {
    const appUrl = await prepareDatabase({ ownerUrl: pg.url });
    const owner = await createOrm({ databaseUrl: pg.url, poolMax: 1 });
    const started = Date.now();
    const conn = owner.em.getConnection();
    await conn.execute(`select set_config('flowdesk.tenant_bypass', 'bench data', false)`);
    // Each article: a title of 3 and a body of 60 words drawn from its language's vocabulary.
    const words = (vocab: string[], n: number) =>
      `(select string_agg((array[${vocab.map((w) => `'${w}'`).join(',')}])[1 + floor(random() * ${vocab.length})::int], ' ') from generate_series(1, ${n} + (g * 0)))`;
    for (const [cfg, vocab] of [
      ['english', EN],
      ['lithuanian', LT],
    ] as const) {
      await conn.execute(
        `insert into kb_article (id, audience, language, title, body_md, body_html, published_version, published_at, created_at, updated_at)
         select gen_random_uuid(), 'public', '${cfg}', ${words(vocab, 3)}, ${words(vocab, 60)}, '', 1, now(), now(), now()
           from generate_series(1, ${Math.floor(articles / 2)}) g`,
      );
    }
    // VACUUM as well, as autovacuum leaves a live table (visibility map, hint bits).
    await conn.execute('vacuum analyze kb_article');
    await owner.close();
    console.log(`generated ${articles} articles in ${((Date.now() - started) / 1000).toFixed(0)} s`);

    app = await createOrm({ databaseUrl: appUrl, poolMax: 4 });
    const requester = (): EntityManager => {
      const em = app!.em.fork() as EntityManager;
      setTenantScope(em, TenantScope.of(['00000000-0000-0000-0000-000000000001'], false));
      return em;
    };
    const ours: number[] = [];
    const floor: number[] = [];
    for (let i = 0; i < samples + 20; i++) {
      const q = QUERIES[i % QUERIES.length]!;
      const cfg = i % QUERIES.length >= 5 ? 'lithuanian' : 'english';
      const t0 = performance.now();
      await searchArticles(requester(), q, { match: 'all', publicOnly: true, limit: 20 });
      const t1 = performance.now();
      await requester().execute(`select id from kb_article where search @@ websearch_to_tsquery('${cfg}', ?) limit 20`, [q]);
      const t2 = performance.now();
      if (i < 20) continue; // warm-up: caches and plans
      ours.push(t1 - t0);
      floor.push(t2 - t1);
    }
    const o = summarize(ours);
    const f = summarize(floor);
    console.log('\n                     ours p50   p99 | floor p50   p99 | ratio p50  p99 (ms)');
    console.log(
      `kb search, 20 hits ${ms(o.p50)} ${ms(o.p99, 5)} | ${ms(f.p50)} ${ms(f.p99, 5)} | ${(o.p50 / f.p50).toFixed(2).padStart(8)} ${(o.p99 / f.p99).toFixed(2).padStart(5)}`,
    );
    console.log(`\ntarget: p99 ≤ 50 ms → ${o.p99.toFixed(1)} ms: ${o.p99 <= 50 ? 'met' : 'NOT met'}`);
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
