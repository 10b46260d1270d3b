import { randomUUID } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import Jwt from '@hapi/jwt';
import type { ServerInjectOptions } from '@hapi/hapi';
import { TokenCodec } from '../../service-catalog/identity/domain/token-codec';
import { TestSystem } from '../support/test-system';
import { hostileCorpus, type CorpusEntry } from './corpus/hostile-corpus';
import type { Body } from '../support/json-body';

/**
 * Issue 14: the hostile input corpus (test/reliability/corpus/), replayed against the API. Every entry
 * that must be refused gets a 4xx with the error shape, and no entry stores anything: every input
 * carries a tag, and no row of any table holds it afterwards. The API's event loop delay is measured
 * meanwhile and printed (the 100 ms bound is checked by bench/hostile-input-loop.ts, not by a timed
 * assertion here).
 */
describe('hostile input corpus', () => {
  let system: TestSystem;
  const jwtSecret = `hostile-secret-${randomUUID()}`;
  const tag = `HX${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  let ticketNumber: string;

  beforeAll(async () => {
    system = await TestSystem.start({ security: { jwtSecret }, ticketProcessIds: { incident: `none_${tag}` } });
    const raised = await system.injectAs('rita', { method: 'POST', url: '/tickets', payload: { title: 'A ticket to aim at' } });
    expect(raised.statusCode).toBe(201);
    ticketNumber = (raised.result as Body).number;
  });
  afterAll(async () => {
    await system?.close();
  });

  /** Rows anywhere in the database that carry the corpus's tag. */
  const taggedRows = async (): Promise<Record<string, number>> => {
    const em = system.adminEm();
    const tables = (await em.execute(
      // Tables the application role cannot read (the migration log, the search side table) hold nothing of its own.
      `select tablename from pg_tables where schemaname = 'public' and has_table_privilege(format('%I.%I', schemaname, tablename), 'select')`,
    )) as Array<{ tablename: string }>;
    const counts: Record<string, number> = {};
    for (const { tablename } of tables) {
      // Every column the application's role may read (not app_user.password_hash: db/app-role.ts).
      const [{ list }] = (await em.execute(
        `select string_agg(format('t.%I', attname), ', ') as list from pg_attribute
          where attrelid = ?::regclass and attnum > 0 and not attisdropped and has_column_privilege(attrelid, attnum, 'SELECT')`,
        [tablename],
      )) as Array<{ list: string }>;
      const [row] = (await em.execute(`select count(*)::int as n from "${tablename}" t where row(${list})::text like ?`, [
        `%${tag}%`,
      ])) as Body[];
      if (row!.n) counts[tablename] = row!.n;
    }
    return counts;
  };

  it('refuses every hostile input with a clear 4xx and stores none of it', async () => {
    const tomas = await system.tokenFor('tomas');
    const claims = new TokenCodec(jwtSecret, 900).verifyAccess(tomas)!;
    const corpus: CorpusEntry[] = [...hostileCorpus({ tag, ticketNumber }), ...tokenCases(claims, jwtSecret, tag)];
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const failures: string[] = [];
    const byClass = new Map<string, number>();
    const before = await taggedRows();
    expect(before).toEqual({});
    for (const entry of corpus) {
      const request: ServerInjectOptions = { ...entry.request };
      const res = entry.as ? await system.injectAs(entry.as, request) : await system.server.inject(request);
      byClass.set(entry.kind, (byClass.get(entry.kind) ?? 0) + 1);
      const body = (() => {
        try {
          return JSON.parse(res.payload) as Body;
        } catch {
          return undefined;
        }
      })();
      const where = `[${entry.kind}] ${entry.name}: ${res.statusCode} ${res.payload.slice(0, 160)}`;
      if (res.statusCode >= 500) failures.push(where);
      else if (
        entry.expect === 'refused' &&
        entry.orInvalid &&
        res.statusCode === 200 &&
        body?.valid === false &&
        Array.isArray(body.errors) &&
        body.errors.length > 0
      ) {
        // validate's own way of refusing: 200 with the reasons, nothing stored
      } else if (entry.expect === 'refused') {
        if (res.statusCode < 400 || typeof body?.message !== 'string' || body.statusCode !== res.statusCode) failures.push(where);
        else if (entry.status && !entry.status.includes(res.statusCode)) failures.push(`${where} (expected ${entry.status.join(' or ')})`);
      }
    }
    loop.disable();
    const after = await taggedRows();
    console.log(
      [
        `hostile inputs tried: ${corpus.length} (${[...byClass].map(([k, n]) => `${k} ${n}`).join(', ')})`,
        `  refused as expected: ${corpus.filter((e) => e.expect === 'refused').length - failures.length}; rows stored carrying the corpus tag: ${Object.values(after).reduce((a, b) => a + b, 0)}`,
        `  API event loop delay meanwhile: max ${(loop.max / 1e6).toFixed(1)} ms, p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms, mean ${(loop.mean / 1e6).toFixed(1)} ms`,
      ].join('\n'),
    );
    expect(failures).toEqual([]);
    expect(after).toEqual({});
  }, 600_000);
});

/** Forged, expired, tampered and malformed bearer tokens: each must be 401, whatever it claims. */
function tokenCases(claims: NonNullable<ReturnType<TokenCodec['verifyAccess']>>, secret: string, tag: string): CorpusEntry[] {
  const header = (token: string) => ({ authorization: `Bearer ${token}` });
  const escalated = { ...claims, roles: ['admin'], username: 'admin' };
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const payload = { ...escalated, iss: 'flowdesk', aud: 'flowdesk-api', typ: 'access', iat: now, exp: now + 600 };
  const tokens: Array<[string, string]> = [
    ['expired (signed with the real key)', new TokenCodec(secret, 900).issueAccess(claims, Date.now() - 2 * 3600_000)],
    [
      'signed with another key, roles raised',
      Jwt.token.generate(payload, { key: `not-the-secret-${tag}-000000000000000000`, algorithm: 'HS256' }),
    ],
    ['alg none', `${b64({ alg: 'none', typ: 'JWT' })}.${b64(payload)}.`],
    ['alg none, empty signature dropped', `${b64({ alg: 'none', typ: 'JWT' })}.${b64(payload)}`],
    ['HS512 with the real key', Jwt.token.generate(payload, { key: secret, algorithm: 'HS512' })],
    [
      'payload swapped under a real signature',
      (() => {
        const real = new TokenCodec(secret, 900).issueAccess(claims).split('.');
        return `${real[0]}.${b64(payload)}.${real[2]}`;
      })(),
    ],
    [
      'no session claim (real key)',
      Jwt.token.generate(
        { ...payload, sid: undefined, roles: claims.roles, username: claims.username },
        { key: secret, algorithm: 'HS256' },
      ),
    ],
    [
      'another issuer (real key)',
      Jwt.token.generate({ ...payload, iss: 'evil', roles: claims.roles }, { key: secret, algorithm: 'HS256' }),
    ],
    [
      'refresh-typed (real key)',
      Jwt.token.generate({ ...payload, typ: 'refresh', roles: claims.roles }, { key: secret, algorithm: 'HS256' }),
    ],
    ['unknown API token', `fdk_${tag}${'0'.repeat(30)}`],
    ['garbage', `${tag}.not.a.jwt`],
    ['empty', ''],
    ['huge', 'a'.repeat(64 * 1024)],
    ['SQL in the token', `' OR '1'='1' -- ${tag}`],
  ];
  const targets: Array<[string, string, object | undefined]> = [
    ['GET', '/me', undefined],
    ['GET', '/tickets', undefined],
    ['POST', '/tickets', { title: `forged ${tag}` }],
    ['GET', '/audit-log', undefined],
  ];
  return tokens.flatMap(([name, token]) =>
    targets.map(([method, url, payload]): CorpusEntry => ({
      kind: 'forged or expired token',
      name: `${name} → ${method} ${url}`,
      expect: 'refused',
      status: [401],
      request: { method, url, headers: header(token), ...(payload ? { payload } : {}) },
    })),
  );
}
