import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { reviewInstanceId } from '../../service-catalog/knowledge/domain/article-decisions';
import { eventually } from '../support/eventually';
import type { Body } from '../support/json-body';
import { recordHistoryIfAsked } from '../support/record-history';
import { repoFile } from '../support/repo-root';
import { TestSystem } from '../support/test-system';

/**
 * Issue 20, a version's review and publication as the shipped BPMN process
 * workflows/processes/knowledge-review.bpmn: submitting starts one instance per version, whose
 * "Review article" task waits for the knowledge managers; the review route completes it (never the
 * author's own version, never through the bare task API) and the diagram's service tasks publish the
 * version or return it with the note.
 */
describe('knowledge review process', () => {
  let system: TestSystem;
  const tag = randomUUID().slice(0, 8);
  const as = async (user: string, method: string, url: string, payload?: object) => {
    const res = await system.injectAs(user, { method, url, ...(payload ? { payload } : {}) });
    return { status: res.statusCode, body: (res.statusCode === 204 ? {} : JSON.parse(res.payload)) as Body };
  };
  const ok = async (user: string, method: string, url: string, payload?: object, status = 200) => {
    const res = await as(user, method, url, payload);
    if (res.status !== status) throw new Error(`${method} ${url} as ${user}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  /** The instance's open review task, once the workflow has reached it. */
  const reviewTask = (instanceId: string) =>
    eventually(async () => {
      const instance = await ok('marta', 'GET', `/process-instances/${instanceId}`);
      const task = (instance.openTasks as Body[]).find((t) => t.elementId === 'ReviewArticle');
      if (!task) throw new Error(`no review task yet: ${JSON.stringify(instance.openTasks)}`);
      return task;
    });
  const instancesOf = async (articleId: string, version: number) =>
    Number(
      (
        (await system
          .adminEm()
          .execute('select count(*) as n from process_instance where business_key = ?', [`KB:${articleId}:${version}`])) as Array<{
          n: string;
        }>
      )[0]!.n,
    );
  const ended = (instanceId: string) =>
    eventually(async () => {
      const instance = await ok('marta', 'GET', `/process-instances/${instanceId}`);
      if (instance.status !== 'COMPLETED') throw new Error(`instance ${instanceId} is ${instance.status}`);
    }, 60_000);

  beforeAll(async () => {
    system = await TestSystem.start();
    const xml = readFileSync(repoFile('workflows/processes/knowledge-review.bpmn'), 'utf8');
    const deployed = await as('marta', 'POST', '/process-definitions', { xml });
    expect(deployed.status).toBeLessThan(300);
  });
  afterAll(() => system?.close());

  it('starts one review per version, lets a knowledge manager approve it and publishes it from the diagram', async () => {
    const word = `fjordlamp${tag}`;
    const created = await ok(
      'tomas',
      'POST',
      '/kb/articles',
      { title: `Reset the ${word}`, body: `Hold the ${word} button.`, language: 'en', audience: 'public' },
      201,
    );
    const id = created.id as string;
    const instanceId = reviewInstanceId(id, 1);
    expect(await ok('tomas', 'POST', `/kb/articles/${id}/versions/1/submit`)).toMatchObject({ version: 1, state: 'in_review' });
    const task = await reviewTask(instanceId);
    expect(task).toMatchObject({ name: 'Review article', candidateGroups: ['knowledge-managers'] });

    // A retried submit answers the same and starts nothing new.
    expect(await ok('tomas', 'POST', `/kb/articles/${id}/versions/1/submit`)).toMatchObject({ version: 1, state: 'in_review' });
    expect(await instancesOf(id, 1)).toBe(1);
    expect((await reviewTask(instanceId)).id).toBe(task.id);

    // Agents may not review; the bare task API refuses the review task (the author rule lives in the review route).
    expect((await as('tomas', 'POST', `/kb/articles/${id}/versions/1/review`, { approve: true })).status).toBe(403);
    const bare = await as('marta', 'POST', `/tasks/${task.id as string}/complete`, { variables: { approved: true } });
    expect([bare.status, bare.body.code]).toEqual([409, 'KB_REVIEW_TASK']);
    expect((await as('rita', 'GET', `/kb/articles/${id}`)).status).toBe(404);

    const decided = await ok('marta', 'POST', `/kb/articles/${id}/versions/1/review`, { approve: true, note: 'clear' });
    expect(decided).toMatchObject({ version: 1, state: 'published', reviewNote: 'clear', reviewerName: expect.any(String) });
    await ended(instanceId);
    const hits = await ok('rita', 'GET', `/kb/articles?q=${word}`);
    expect(hits.items.map((h: Body) => h.id)).toEqual([id]);
    await recordHistoryIfAsked(system, instanceId, 'knowledge_review_approved');
  }, 120_000);

  it('returns a rejected version with the note, and keeps the author from reviewing their own', async () => {
    const created = await ok(
      'marta',
      'POST',
      '/kb/articles',
      { title: `Draft ${tag}`, body: 'first text', language: 'en', audience: 'internal' },
      201,
    );
    const id = created.id as string;
    const instanceId = reviewInstanceId(id, 1);
    await ok('marta', 'POST', `/kb/articles/${id}/versions/1/submit`);
    await reviewTask(instanceId);
    const own = await as('marta', 'POST', `/kb/articles/${id}/versions/1/review`, { approve: true });
    expect([own.status, own.body.code]).toEqual([403, 'KB_OWN_VERSION']);
    // Still waiting for another reviewer.
    await reviewTask(instanceId);

    const decided = await ok('admin', 'POST', `/kb/articles/${id}/versions/1/review`, { approve: false, note: 'not yet' });
    expect(decided).toMatchObject({ version: 1, state: 'rejected', reviewNote: 'not yet' });
    await ended(instanceId);
    const article = await ok('marta', 'GET', `/kb/articles/${id}`);
    expect(article.publishedVersion).toBeNull();
    // The author writes the next version from here.
    expect(await ok('marta', 'POST', `/kb/articles/${id}/versions`, { title: `Draft ${tag}`, body: 'second text' })).toMatchObject({
      version: 2,
      state: 'draft',
    });
    await recordHistoryIfAsked(system, instanceId, 'knowledge_review_rejected');
  }, 120_000);
});
