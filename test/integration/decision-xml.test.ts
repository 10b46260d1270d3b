import { randomUUID } from 'node:crypto';
import { dmnDocument, literalDecision } from '../../engine/dmn/fixtures/make-dmn';
import { TestSystem } from '../support/test-system';

/** GET /decision-definitions/{decisionId}/xml: what the studio's DMN editor opens. */
describe('a deployed decision as DMN XML', () => {
  let system: TestSystem;
  const decisionId = `xml-${randomUUID().slice(0, 8)}`;
  beforeAll(async () => {
    system = await TestSystem.start();
  });
  afterAll(async () => {
    await system?.close();
  });

  const as = (user: string, method: string, url: string, payload?: object) =>
    system.injectAs(user, { method, url, ...(payload ? { payload } : {}) });

  it('answers the newest version unless ?version= names one', async () => {
    const first = dmnDocument(literalDecision(decisionId, '"one"'));
    const second = dmnDocument(literalDecision(decisionId, '"two"'));
    expect((await as('marta', 'POST', '/decision-definitions', { xml: first })).statusCode).toBe(201);
    expect((await as('marta', 'POST', '/decision-definitions', { xml: second })).statusCode).toBe(201);

    const latest = await as('marta', 'GET', `/decision-definitions/${decisionId}/xml`);
    expect(latest.statusCode).toBe(200);
    expect(latest.result).toMatchObject({ decisionId, version: 2, xml: second });

    const older = await as('marta', 'GET', `/decision-definitions/${decisionId}/xml?version=1`);
    expect(older.statusCode).toBe(200);
    expect(older.result).toMatchObject({ decisionId, version: 1, xml: first });
  });

  it('is a 404 for an unknown decision or version, and a 400 naming a bad version', async () => {
    const unknown = await as('marta', 'GET', `/decision-definitions/nope-${randomUUID().slice(0, 8)}/xml`);
    expect(unknown.statusCode).toBe(404);
    expect(JSON.parse(unknown.payload)).toMatchObject({ code: 'DECISION_NOT_FOUND' });
    expect((await as('marta', 'GET', `/decision-definitions/${decisionId}/xml?version=99`)).statusCode).toBe(404);
    const bad = await as('marta', 'GET', `/decision-definitions/${decisionId}/xml?version=zero`);
    expect(bad.statusCode).toBe(400);
    expect(bad.payload).toContain('version');
  });
});
