import { randomUUID } from 'node:crypto';
import type { ServerInjectResponse } from '@hapi/hapi';
import { TestSystem } from '../support/test-system';
import type { Body } from '../support/json-body';

const TYPES = ['depends_on', 'runs_on', 'hosted_on', 'connected_to', 'part_of'] as const;

/** A small seeded generator (mulberry32), so a failing graph can be reproduced from its seed. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The known answer, computed apart from PostgreSQL: breadth-first, each CI at its shortest distance. */
function bfs(edges: Array<[string, string]>, start: string, depth: number, direction: 'upstream' | 'downstream') {
  const next = new Map<string, string[]>();
  for (const [source, target] of edges) {
    const [from, to] = direction === 'downstream' ? [source, target] : [target, source];
    next.set(from, [...(next.get(from) ?? []), to]);
  }
  const seen = new Map<string, number>([[start, 0]]);
  let frontier = [start];
  for (let d = 1; d <= depth && frontier.length; d++) {
    const found: string[] = [];
    for (const id of frontier)
      for (const n of next.get(id) ?? [])
        if (!seen.has(n)) {
          seen.set(n, d);
          found.push(n);
        }
    frontier = found;
  }
  seen.delete(start);
  return Object.fromEntries([...seen].sort(([a], [b]) => a.localeCompare(b)));
}

describe('CMDB impact analysis and import', () => {
  let system: TestSystem;
  const tag = randomUUID().slice(0, 8);
  const as = (user: string, method: string, url: string, payload?: object) =>
    system.injectAs(user, { method, url, ...(payload ? { payload } : {}) });
  const ok = (res: ServerInjectResponse, status = 200): Body => {
    if (res.statusCode !== status) throw new Error(`${res.statusCode} ${res.payload.slice(0, 600)}`);
    return res.result as Body;
  };
  /** A fresh customer per scenario, so keys and counts are the scenario's own. */
  // Admins act here: a fresh organisation is served by no agent yet.
  const organisation = async (name: string) =>
    ok(await as('admin', 'POST', '/organizations', { name: `${name} ${tag}` }), 201).id as string;
  const idsByKey = async (org: string) => {
    const list = ok(await as('admin', 'GET', `/cmdb/cis?organizationId=${org}&limit=500`));
    return new Map<string, string>(list.items.map((c: Body) => [c.key, c.id]));
  };
  const depths = (list: Body[], keyOf: Map<string, string>) =>
    Object.fromEntries(list.map((c) => [keyOf.get(c.id)!, c.depth]).sort(([a], [b]) => String(a).localeCompare(String(b))));

  beforeAll(async () => {
    system = await TestSystem.start({ ticketProcessIds: { incident: `none_${tag}` } });
  });
  afterAll(async () => {
    await system?.close();
  });

  it('answers upstream and downstream of a small graph with a cycle, and names the services hit', async () => {
    const org = await organisation('Impact');
    const cis = [
      { key: 'shop', class: 'business_service', name: 'Web shop' },
      { key: 'app', class: 'application', name: 'Shop app' },
      { key: 'host', class: 'server', name: 'Host' },
      { key: 'switch', class: 'network_device', name: 'Switch' },
    ];
    const relations = [
      { source: 'shop', type: 'depends_on', target: 'app' },
      { source: 'app', type: 'runs_on', target: 'host' },
      { source: 'host', type: 'connected_to', target: 'switch' },
      { source: 'switch', type: 'depends_on', target: 'app' },
    ];
    ok(await as('admin', 'POST', '/cmdb/imports', { format: 'json', dryRun: false, organizationId: org, cis, relations }));
    const ids = await idsByKey(org);
    const keyOf = new Map([...ids].map(([k, v]) => [v, k]));
    const up = ok(await as('admin', 'GET', `/cmdb/cis/${ids.get('host')}/impact?depth=6&direction=upstream`));
    expect(depths(up.upstream, keyOf)).toEqual({ app: 1, shop: 2, switch: 2 });
    expect(up.services.map((s: Body) => s.name)).toEqual(['Web shop']);
    const down = ok(await as('admin', 'GET', `/cmdb/cis/${ids.get('shop')}/impact?depth=10&direction=downstream`));
    expect(depths(down.downstream, keyOf)).toEqual({ app: 1, host: 2, switch: 3 });
    const shallow = ok(await as('admin', 'GET', `/cmdb/cis/${ids.get('shop')}/impact?depth=1`));
    expect(depths(shallow.downstream, keyOf)).toEqual({ app: 1 });
    expect(shallow.upstream).toEqual([]);
  });

  it('matches a breadth-first walk on a generated graph with cycles, at every depth', async () => {
    const org = await organisation('Generated');
    const next = random(18);
    const keys = Array.from({ length: 120 }, (_, i) => `ci-${i}`);
    const edges = new Map<string, [string, string, string]>();
    while (edges.size < 360) {
      const s = keys[Math.floor(next() * keys.length)]!;
      const t = keys[Math.floor(next() * keys.length)]!;
      const type = TYPES[Math.floor(next() * TYPES.length)]!;
      if (s !== t) edges.set(`${s}|${type}|${t}`, [s, type, t]);
    }
    const cis = keys.map((key, i) => ({ key, class: i % 10 === 0 ? 'business_service' : 'server', name: `Generated ${key}` }));
    const relations = [...edges.values()].map(([source, type, target]) => ({ source, type, target }));
    const imported = ok(await as('admin', 'POST', '/cmdb/imports', { format: 'json', dryRun: false, organizationId: org, cis, relations }));
    expect(imported.summary).toEqual({ create: 480, update: 0, unchanged: 0, refuse: 0 });
    const ids = await idsByKey(org);
    const keyOf = new Map([...ids].map(([k, v]) => [v, k]));
    const pairs = [...edges.values()].map(([s, , t]): [string, string] => [s, t]);
    let compared = 0;
    for (const start of ['ci-0', 'ci-7', 'ci-42', 'ci-99', 'ci-119'])
      for (const depth of [1, 2, 3, 6]) {
        const res = ok(await as('admin', 'GET', `/cmdb/cis/${ids.get(start)}/impact?depth=${depth}`));
        expect(depths(res.upstream, keyOf)).toEqual(bfs(pairs, start, depth, 'upstream'));
        expect(depths(res.downstream, keyOf)).toEqual(bfs(pairs, start, depth, 'downstream'));
        compared++;
      }
    expect(compared).toBe(20);
    // A requester of another customer sees none of it.
    expect((await as('rita', 'GET', `/cmdb/cis/${ids.get('ci-0')}/impact`)).statusCode).toBe(404);
  });

  const CIS_CSV = [
    'key,class,name,state,model,serialNumber,warrantyUntil,os,ramGb,engine',
    'srv-1,server,Server one,operational,Dell R650,SN-1,2028-01-31,Debian 12,64,',
    'srv-2,server,Server two,in_stock,Dell R650,SN-2,,Debian 12,32,',
    'db-1,database,Orders DB,operational,,,,,,postgresql',
  ].join('\n');
  const RELATIONS_CSV = ['source,type,target', 'db-1,hosted_on,srv-1', 'db-1,depends_on,srv-2'].join('\n');

  it('imports good CSV rows after a dry run, and a re-import of the same file changes nothing', async () => {
    const org = await organisation('Import');
    const body = { format: 'csv', organizationId: org, cis: CIS_CSV, relations: RELATIONS_CSV };
    const dry = ok(await as('admin', 'POST', '/cmdb/imports', body));
    expect(dry).toMatchObject({ dryRun: true, applied: false, summary: { create: 5, update: 0, unchanged: 0, refuse: 0 } });
    expect((await idsByKey(org)).size).toBe(0);
    const applied = ok(await as('admin', 'POST', '/cmdb/imports', { ...body, dryRun: false }));
    expect(applied).toMatchObject({ applied: true, summary: { create: 5 } });
    const ids = await idsByKey(org);
    const server = ok(await as('admin', 'GET', `/cmdb/cis/${ids.get('srv-1')}`));
    // CSV text becomes the types the class declares.
    expect(server).toMatchObject({
      attributes: { os: 'Debian 12', ramGb: 64 },
      serialNumber: 'SN-1',
      warrantyUntil: '2028-01-31',
      version: 1,
    });
    const auditBefore = await system.adminEm().execute('select count(*)::int as n from audit_log');
    const again = ok(await as('admin', 'POST', '/cmdb/imports', { ...body, dryRun: false }));
    expect(again.summary).toEqual({ create: 0, update: 0, unchanged: 5, refuse: 0 });
    expect(await system.adminEm().execute('select count(*)::int as n from audit_log')).toEqual(auditBefore);
    expect(ok(await as('admin', 'GET', `/cmdb/cis/${ids.get('srv-1')}`)).version).toBe(1);
    // One changed cell: one row to update, naming the field.
    const changed = ok(await as('admin', 'POST', '/cmdb/imports', { ...body, cis: CIS_CSV.replace('Debian 12,32', 'Debian 13,32') }));
    expect(changed.rows.filter((r: Body) => r.action === 'update')).toEqual([
      { section: 'cis', row: 3, key: 'srv-2', action: 'update', changes: ['attributes'] },
    ]);
  });

  it('reports bad rows in the dry run and imports nothing of a file with one', async () => {
    const org = await organisation('Bad import');
    const cis = [
      'key,class,name,os,ramGb,colour',
      'ok-1,server,Fine,Debian,16,',
      'bad-1,spaceship,Unknown class,,,',
      'bad-2,server,Unknown attribute,,,blue',
      'bad-3,server,Wrong type,,lots,',
    ].join('\n');
    const relations = ['source,type,target', 'ok-1,runs_on,nowhere', 'ok-1,orbits,bad-1'].join('\n');
    const body = { format: 'csv', organizationId: org, cis, relations };
    const dry = ok(await as('admin', 'POST', '/cmdb/imports', body));
    expect(dry.summary).toEqual({ create: 1, update: 0, unchanged: 0, refuse: 5 });
    const refused = Object.fromEntries(
      dry.rows.filter((r: Body) => r.action === 'refuse').map((r: Body) => [`${r.section} ${r.row}`, r.problems.map((p: Body) => p.field)]),
    );
    expect(refused).toEqual({
      'cis 3': ['cis[3].classKey'],
      'cis 4': ['cis[4].attributes.colour'],
      'cis 5': ['cis[5].attributes.ramGb'],
      'relations 2': ['relations[2].target'],
      'relations 3': ['relations[3].type', 'relations[3].target'],
    });
    const run = await as('admin', 'POST', '/cmdb/imports', { ...body, dryRun: false });
    expect(run.statusCode).toBe(422);
    expect((run.result as Body).code).toBe('IMPORT_REFUSED');
    expect((await idsByKey(org)).size).toBe(0);
    // Malformed CSV is a 400 naming the part.
    const broken = await as('admin', 'POST', '/cmdb/imports', {
      format: 'csv',
      organizationId: org,
      cis: 'key,class,name\n"unclosed,server,x',
    });
    expect(broken.statusCode).toBe(400);
    expect((broken.result as Body).details[0].field).toBe('payload.cis');
  });
});
