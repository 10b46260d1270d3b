import { randomUUID } from 'node:crypto';
import { TestSystem } from '../support/test-system';

/**
 * The search side table (Migration20261230010000_kb_search_candidates) holds every tenant's
 * published vectors without a policy: the application role must not read it, it must follow every
 * publish, and what it hands back is narrowed to the caller like kb_article itself.
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
});
