import { randomUUID } from 'node:crypto';
import { TestSystem } from '../support/test-system';

/**
 * The search side table (Migration20261230010000_kb_search_candidates) holds every tenant's
 * published vectors without a policy: the application role must not read it, it must follow every
 * publish, what it hands back is narrowed to the caller like kb_article itself, and a broad query's
 * candidates are its best title matches (Migration20270408000000_kb_search_title_rank).
 */
describe('knowledge-base search candidates', () => {
  let system: TestSystem;
  const word = `zyx${randomUUID().slice(0, 8)}`;
  const ok = async (user: string, method: string, url: string, payload?: object) => {
    const res = await system.injectAs(user, { method, url, ...(payload ? { payload } : {}) });
    expect(res.statusCode).toBeLessThan(300);
    return res.result as { id: string; items: Array<{ id: string }>; total: number };
  };
  const publish = async (title: string, audience: 'public' | 'internal') => {
    const created = await ok('tomas', 'POST', '/kb/articles', { title, body: `${word} body`, language: 'en', audience });
    await ok('tomas', 'POST', `/kb/articles/${created.id}/versions/1/submit`);
    await ok('marta', 'POST', `/kb/articles/${created.id}/versions/1/review`, { approve: true });
    return created.id;
  };

  beforeAll(async () => {
    system = await TestSystem.start();
  });
  afterAll(() => system?.close());

  it('is not readable by the application role', async () => {
    await expect(system.adminEm().execute('select count(*) from kb_article_search')).rejects.toThrow(/permission denied/);
  });

  it('follows publishing, and hands each caller only what they may read', async () => {
    const draft = await ok('tomas', 'POST', '/kb/articles', {
      title: `${word} draft`,
      body: `${word}`,
      language: 'en',
      audience: 'public',
    });
    const pub = await publish(`${word} public`, 'public');
    const internal = await publish(`${word} internal`, 'internal');
    const desk = await ok('tomas', 'GET', `/kb/articles?q=${word}`);
    expect(desk.items.map((i) => i.id).sort()).toEqual([pub, internal].sort());
    expect(desk.total).toBe(2);
    const rita = await ok('rita', 'GET', `/kb/articles?q=${word}`);
    expect([rita.items.map((i) => i.id), rita.total]).toEqual([[pub], 1]);
    expect(desk.items.map((i) => i.id)).not.toContain(draft.id);
    // Offered to another customer only: gone from Rita's results, as from kb_article.
    const nordic = (await system.adminEm().execute(`select id from organization where name = 'Nordic Logistics AS'`)) as Array<{
      id: string;
    }>;
    await ok('marta', 'PATCH', `/kb/articles/${pub}`, { visibleOrganizationIds: [nordic[0]!.id] });
    expect((await ok('rita', 'GET', `/kb/articles?q=${word}`)).items).toEqual([]);
  });

  it('ranks the best title matches of a broad query, not the first few hundred found', async () => {
    // given more title matches than the candidate cap (300), the best one written last, where the
    // index hands it over last
    const broad = `zyq${randomUUID().slice(0, 8)}`;
    await system.adminEm().execute(
      `insert into kb_article (id, audience, language, title, body_md, body_html, published_version, published_at, created_at, updated_at)
       select gen_random_uuid(), 'public', 'english', ? || ' filler ' || g, 'filler text', '', 1, now(), now(), now()
         from generate_series(1, 400) g`,
      [broad],
    );
    const best = randomUUID();
    await system.adminEm().execute(
      `insert into kb_article (id, audience, language, title, body_md, body_html, published_version, published_at, created_at, updated_at)
       values (?, 'public', 'english', ?, ?, '', 1, now() - interval '1 day', now(), now())`,
      [best, `${broad} ${broad} ${broad}`, `${broad} explained`],
    );
    // when a requester searches the one word, then the article that says it most comes first
    const found = await ok('rita', 'GET', `/kb/articles?q=${broad}&limit=5`);
    expect(found.items[0]?.id).toBe(best);
    expect(found.total).toBe(401);
  });
});
