import { randomUUID } from 'node:crypto';
import type { Body } from '../support/json-body';
import { TestSystem } from '../support/test-system';
import { CORPUS, EXPECTED_TOP_HITS } from '../fixtures/knowledge/relevance-corpus';

/**
 * Issue 20, knowledge base: articles written in versions and published by a reviewer, read as
 * sanitised HTML, found by full-text search stemmed in the article's language, offered per customer
 * organisation, suggested for a ticket, and "this solved my problem" counted as a deflection.
 */
describe('knowledge base', () => {
  let system: TestSystem;
  const tag = randomUUID().slice(0, 8);
  const ids = new Map<string, string>();
  const as = async (user: string, method: string, url: string, payload?: object) => {
    const res = await system.injectAs(user, { method, url, ...(payload ? { payload } : {}) });
    return { status: res.statusCode, body: (res.statusCode === 204 ? {} : JSON.parse(res.payload)) as Body };
  };
  const ok = async (user: string, method: string, url: string, payload?: object, status = 200) => {
    const res = await as(user, method, url, payload);
    if (res.status !== status) throw new Error(`${method} ${url} as ${user}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  /** Written by the agent Tomas, approved by the process owner Marta. */
  const publish = async (input: object): Promise<string> => {
    const created = await ok('tomas', 'POST', '/kb/articles', input, 201);
    await ok('tomas', 'POST', `/kb/articles/${created.id}/versions/1/submit`);
    await ok('marta', 'POST', `/kb/articles/${created.id}/versions/1/review`, { approve: true });
    return created.id as string;
  };
  const orgOf = async (username: string) =>
    (
      (await system.adminEm().execute('select organization_id from app_user where username = ?', [username])) as Array<{
        organization_id: string;
      }>
    )[0].organization_id;

  beforeAll(async () => {
    system = await TestSystem.start();
    for (const a of CORPUS) ids.set(a.key, await publish({ title: a.title, body: a.body, language: a.language, audience: 'public' }));
  });
  afterAll(() => system?.close());

  it.each(EXPECTED_TOP_HITS)('finds the expected article first for "%s"', async (query, key) => {
    const found = await ok('rita', 'GET', `/kb/articles?q=${encodeURIComponent(query)}`);
    expect(found.items[0]?.id).toBe(ids.get(key));
    expect(found.items[0].snippet).not.toBe('');
  });

  it('stems each article in its own language, not in another', async () => {
    // "spausdintuvai" meets the Lithuanian printer article only through Lithuanian stemming.
    const rows = (await system.adminEm()
      .execute(`select to_tsvector('lithuanian', 'spausdintuvai') @@ websearch_to_tsquery('lithuanian', 'spausdintuvo') as lt,
                       to_tsvector('english', 'spausdintuvai') @@ websearch_to_tsquery('english', 'spausdintuvo') as en`)) as Array<{
      lt: boolean;
      en: boolean;
    }>;
    expect(rows[0]).toEqual({ lt: true, en: false });
    const found = await ok('rita', 'GET', `/kb/articles?q=${encodeURIComponent('spausdintuvo')}`);
    expect(found.items.map((i: Body) => i.id)).toContain(ids.get('printer-lt'));
    expect(found.items.find((i: Body) => i.id === ids.get('printer-lt')).language).toBe('lt');
  });

  it('publishes only what a reviewer approved, never the author alone, and keeps the old text while a new one is rejected', async () => {
    const created = await ok(
      'tomas',
      'POST',
      '/kb/articles',
      { title: `Draft ${tag}`, body: 'first text', language: 'en', audience: 'public' },
      201,
    );
    expect(created.publishedVersion).toBeNull();
    expect((await as('rita', 'GET', `/kb/articles/${created.id}`)).status).toBe(404);
    expect((await as('tomas', 'POST', `/kb/articles/${created.id}/versions/1/review`, { approve: true })).status).toBe(403);
    expect((await as('marta', 'POST', `/kb/articles/${created.id}/versions/1/review`, { approve: true })).body.code).toBe(
      'KB_VERSION_STATE',
    );
    await ok('tomas', 'POST', `/kb/articles/${created.id}/versions/1/submit`);
    expect((await as('tomas', 'POST', `/kb/articles/${created.id}/versions`, { title: 'x', body: 'y' })).status).toBe(409);
    await ok('marta', 'POST', `/kb/articles/${created.id}/versions/1/review`, { approve: true, note: 'clear' });
    expect((await ok('rita', 'GET', `/kb/articles/${created.id}`)).body).toBe('first text');

    const v2 = await ok('marta', 'POST', `/kb/articles/${created.id}/versions`, { title: `Draft ${tag}`, body: 'second text' });
    expect(v2).toMatchObject({ version: 2, state: 'draft' });
    await ok('marta', 'POST', `/kb/articles/${created.id}/versions/2/submit`);
    expect((await as('marta', 'POST', `/kb/articles/${created.id}/versions/2/review`, { approve: true })).body.code).toBe('KB_OWN_VERSION');
    await ok('admin', 'POST', `/kb/articles/${created.id}/versions/2/review`, { approve: false, note: 'not yet' });
    expect((await ok('rita', 'GET', `/kb/articles/${created.id}`)).body).toBe('first text');
    const versions = await ok('tomas', 'GET', `/kb/articles/${created.id}/versions`);
    expect(versions.items.map((v: Body) => [v.version, v.state])).toEqual([
      [2, 'rejected'],
      [1, 'published'],
    ]);
  });

  it('renders Markdown and sanitises scripts and event handlers away', async () => {
    const id = await publish({
      title: `Hostile ${tag}`,
      body: `# Steps\n\n**Bold** <script>alert(1)</script><img src="https://x.test/a.png" onerror="alert(2)"> [x](javascript:alert(3))`,
      language: 'en',
      audience: 'public',
    });
    const html = (await ok('rita', 'GET', `/kb/articles/${id}`)).html as string;
    expect(html).toContain('<h1>Steps</h1>');
    expect(html).toContain('<strong>Bold</strong>');
    expect(html).not.toMatch(/<script|onerror|javascript:/i);
  });

  it('offers an article only to the organisations it names, and internal ones only to the desk', async () => {
    const nordic = await orgOf('erik');
    const word = `zqx${tag}`;
    const restricted = await publish({
      title: `Nordic only ${word}`,
      body: 'warehouse scanners',
      language: 'en',
      audience: 'public',
      visibleOrganizationIds: [nordic],
    });
    const internal = await publish({ title: `Desk only ${word}`, body: 'escalation contacts', language: 'en', audience: 'internal' });
    const titles = async (user: string) => ((await ok(user, 'GET', `/kb/articles?q=${word}`)).items as Body[]).map((i) => i.id).sort();

    expect(await titles('erik')).toEqual([restricted]);
    expect(await titles('rita')).toEqual([]);
    expect(await titles('tomas')).toEqual([restricted, internal].sort());
    expect((await as('rita', 'GET', `/kb/articles/${restricted}`)).status).toBe(404);
    expect((await as('erik', 'GET', `/kb/articles/${internal}`)).status).toBe(404);
    expect((await as('erik', 'GET', `/kb/articles/${restricted}`)).status).toBe(200);
  });

  it('suggests to the desk only what a ticket’s requester may see (asRequesterOf, the chat view)', async () => {
    const word = `qzv${tag}`;
    const nordic = await orgOf('erik');
    const everyone = await publish({ title: `For all ${word}`, body: 'printers', language: 'en', audience: 'public' });
    const nordicOnly = await publish({
      title: `Nordic ${word}`,
      body: 'scanners',
      language: 'en',
      audience: 'public',
      visibleOrganizationIds: [nordic],
    });
    await publish({ title: `Desk ${word}`, body: 'contacts', language: 'en', audience: 'internal' });
    const ticketOf = async (org: string) => {
      const number = `INC8${String(Date.now()).slice(-6)}${Math.floor(Math.random() * 10)}`;
      await system.adminEm().execute(
        `insert into ticket (id, number, type, title, description, state, organization_id, created_at, updated_at)
           values (?, ?, 'incident', 'Chat', 'chat', 'new', ?, now(), now())`,
        [randomUUID(), number, org],
      );
      return number;
    };
    const suggested = async (ticket: string) =>
      ((await ok('tomas', 'GET', `/kb/suggestions?text=${word}&asRequesterOf=${ticket}`)).items as Body[]).map((i) => i.id).sort();
    expect(await suggested(await ticketOf(await orgOf('rita')))).toEqual([everyone]);
    expect(await suggested(await ticketOf(nordic))).toEqual([everyone, nordicOnly].sort());
    expect((await as('tomas', 'GET', `/kb/suggestions?text=${word}&asRequesterOf=NOPE1`)).status).toBe(404);
  });

  it('suggests articles for a draft and for a ticket, and counts views and "this solved my problem"', async () => {
    const draft = await ok(
      'rita',
      'GET',
      `/kb/suggestions?text=${encodeURIComponent('My VPN keeps saying the password is wrong since this morning')}`,
    );
    expect(draft.items[0].id).toBe(ids.get('vpn-en'));

    const number = `INC9${String(Date.now()).slice(-6)}`;
    await system.adminEm().execute(
      `insert into ticket (id, number, type, title, description, state, organization_id, created_at, updated_at)
         values (?, ?, 'incident', 'Laptop battery empty after an hour', 'It drains very fast', 'new', ?, now(), now())`,
      [randomUUID(), number, await orgOf('rita')],
    );
    const beside = await ok('tomas', 'GET', `/kb/suggestions?ticket=${number}`);
    expect(beside.items[0].id).toBe(ids.get('battery-en'));
    expect((await as('erik', 'GET', `/kb/suggestions?ticket=${number}`)).status).toBe(404);

    const vpn = ids.get('vpn-en')!;
    const before = await ok('tomas', 'GET', `/kb/articles/${vpn}`);
    const read = await ok('rita', 'GET', `/kb/articles/${vpn}`);
    expect(read.viewCount).toBe(before.viewCount + 1);
    const solved = await ok('rita', 'POST', `/kb/articles/${vpn}/solved`);
    expect(solved.deflectionCount).toBe(before.deflectionCount + 1);
    const events = (await system
      .adminEm()
      .execute(`select kind, organization_id from kb_event where article_id = ? and kind = 'deflection'`, [vpn])) as Array<{
      kind: string;
      organization_id: string;
    }>;
    expect(events).toEqual([{ kind: 'deflection', organization_id: await orgOf('rita') }]);
  });

  it('links an article to incidents and refuses a ticket of another type, naming the field', async () => {
    const number = `INC8${String(Date.now()).slice(-6)}`;
    await system
      .adminEm()
      .execute(
        `insert into ticket (id, number, type, title, description, state, organization_id, created_at, updated_at) values (?, ?, 'incident', 't', '', 'new', ?, now(), now())`,
        [randomUUID(), number, await orgOf('rita')],
      );
    const vpn = ids.get('vpn-lt')!;
    const link = await ok('tomas', 'POST', `/kb/articles/${vpn}/links`, { kind: 'incident', ref: number }, 201);
    expect(link).toMatchObject({ kind: 'incident', ref: number });
    expect((await ok('tomas', 'GET', `/kb/articles/${vpn}/links`)).items).toHaveLength(1);
    // Nils serves only Nordic: the Baltic incident's link is not his to see.
    expect((await ok('nils', 'GET', `/kb/articles/${vpn}/links`)).items).toEqual([]);
    const wrong = await as('tomas', 'POST', `/kb/articles/${vpn}/links`, { kind: 'problem', ref: number });
    expect(wrong.status).toBe(422);
    expect(JSON.stringify(wrong.body)).toContain('payload.ref');
    await ok('tomas', 'DELETE', `/kb/articles/${vpn}/links/${link.id}`, undefined, 204);
  });

  it('links an article to a problem and to its known error by the problem number, and refuses a problem without one', async () => {
    const org = await orgOf('rita');
    const problem = (suffix: string) => ({ id: randomUUID(), number: `PRB8${String(Date.now()).slice(-6)}${suffix}` });
    const [withError, withoutError] = [problem('1'), problem('2')];
    for (const p of [withError, withoutError])
      await system
        .adminEm()
        .execute(
          `insert into ticket (id, number, type, title, description, state, organization_id, created_at, updated_at) values (?, ?, 'problem', ?, '', 'new', ?, now(), now())`,
          [p.id, p.number, `VPN drops ${p.number}`, org],
        );
    await system
      .adminEm()
      .execute(
        `insert into known_error (id, problem_ticket_id, problem_number, title, workaround, created_at, updated_at, organization_id) values (?, ?, ?, 'VPN drops after sleep', 'Reconnect', now(), now(), ?)`,
        [randomUUID(), withError.id, withError.number, org],
      );
    const vpn = ids.get('vpn-lt')!;
    const toProblem = await ok('tomas', 'POST', `/kb/articles/${vpn}/links`, { kind: 'problem', ref: withError.number }, 201);
    expect(toProblem).toMatchObject({ kind: 'problem', ref: withError.number, title: `VPN drops ${withError.number}` });
    const toKnownError = await ok('tomas', 'POST', `/kb/articles/${vpn}/links`, { kind: 'known_error', ref: withError.number }, 201);
    expect(toKnownError).toMatchObject({ kind: 'known_error', ref: withError.number, title: 'VPN drops after sleep' });
    const listed = (await ok('tomas', 'GET', `/kb/articles/${vpn}/links`)).items as Array<{ kind: string; ref: string }>;
    expect(listed.map((l) => `${l.kind}:${l.ref}`)).toEqual([`problem:${withError.number}`, `known_error:${withError.number}`]);

    const none = await as('tomas', 'POST', `/kb/articles/${vpn}/links`, { kind: 'known_error', ref: withoutError.number });
    expect(none.status).toBe(422);
    expect(JSON.stringify(none.body)).toContain('payload.ref');
    for (const l of [toProblem, toKnownError]) await ok('tomas', 'DELETE', `/kb/articles/${vpn}/links/${l.id}`, undefined, 204);
  });
});
