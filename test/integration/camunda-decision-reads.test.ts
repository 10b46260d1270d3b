import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DecisionDefinitionKey, DecisionRequirementsKey, ProcessDefinitionKey } from '@camunda8/orchestration-cluster-api';
import { bpmnDocument, flow } from '../../engine/compiler/fixtures/make-bpmn';
import { dmnDocument, literalDecision } from '../../engine/dmn/fixtures/make-dmn';
import { camundaClientAs } from '../support/job-api';
import { type ScratchDatabase, scratchDatabase } from '../support/scratch-database';
import { TestSystem } from '../support/test-system';

const NOW = { consistency: { waitUpToMs: 0 } };
type Row = Record<string, unknown>;

/** A DMN file of its own id and name, so its versions are this test's alone. */
const dmnFile = (id: string, name: string, decisions: string) =>
  dmnDocument(decisions).replace('id="Definitions_spec" name="Spec"', `id="${id}" name="${name}"`);

/**
 * Camunda 8's decision reads: a tool that deployed a DMN file finds its decisions and the file
 * (decision requirements) again, by key, by id, latest version or not, and draws them from the XML;
 * a deployment names the file it stored, each decision the file version it came from.
 */
describe("Camunda's decision definitions and decision requirements", () => {
  let system: TestSystem;
  const tag = randomUUID().slice(0, 8);
  const drg = `pricing_${tag}`;
  const [rate, fee] = [`rate_${tag}`, `fee_${tag}`];
  const strictClientAs = (user: string) => camundaClientAs(system, user, 'req:strict,res:strict');
  const get = (user: string, url: string) => system.injectAs(user, { method: 'GET', url });
  const post = (user: string, url: string, payload: object) => system.injectAs(user, { method: 'POST', url, payload });

  beforeAll(async () => {
    system = await TestSystem.start({ listen: true, uiDir: mkdtempSync(join(tmpdir(), 'flowdesk-no-ui-')) });
  }, 300_000);
  afterAll(async () => {
    await system?.close();
  });

  it('lists the file a deployment stored and finds its decisions and its XML by key', async () => {
    const marta = await strictClientAs('marta');
    const processId = `priced_${tag}`;
    const bpmn = bpmnDocument(`<bpmn:startEvent id="start" /><bpmn:endEvent id="end" />${flow('f1', 'start', 'end')}`, processId);
    const dmn = dmnFile(drg, 'Pricing', literalDecision(rate, 'amount * 2', { variable: 'rate' }) + literalDecision(fee, '5'));
    const deployment = await marta.createDeployment({
      resources: [new File([bpmn], `${processId}.bpmn`), new File([dmn], `pricing-${tag}.dmn`)],
    });
    const requirements = deployment.deployments.flatMap((d) => (d.decisionRequirements ? [d.decisionRequirements] : []));
    expect(requirements).toEqual([
      expect.objectContaining({
        decisionRequirementsId: drg,
        decisionRequirementsName: 'Pricing',
        version: 1,
        resourceName: `pricing-${tag}.dmn`,
      }),
    ]);
    const drgKey = String(requirements[0]!.decisionRequirementsKey);
    const decisions = deployment.deployments.flatMap((d) => (d.decisionDefinition ? [d.decisionDefinition] : []));
    expect(decisions.map((d) => [d.decisionDefinitionId, d.decisionRequirementsId, String(d.decisionRequirementsKey)])).toEqual([
      [rate, drg, drgKey],
      [fee, drg, drgKey],
    ]);
    const processKey = deployment.deployments.find((d) => d.processDefinition)!.processDefinition!.processDefinitionKey;
    expect(await marta.getProcessDefinition({ processDefinitionKey: processKey as ProcessDefinitionKey }, NOW)).toMatchObject({
      resourceName: `${processId}.bpmn`,
    });

    // the decisions, read back by anyone signed in
    const nils = await strictClientAs('nils');
    const found = await nils.searchDecisionDefinitions(
      { filter: { decisionRequirementsId: drg }, sort: [{ field: 'decisionDefinitionId' }] },
      NOW,
    );
    expect(found.page.totalItems).toBe(2);
    expect(found.items).toEqual([
      expect.objectContaining({
        decisionDefinitionId: fee,
        name: fee,
        version: 1,
        decisionRequirementsName: 'Pricing',
        decisionRequirementsVersion: 1,
      }),
      expect.objectContaining({ decisionDefinitionId: rate, version: 1, decisionRequirementsKey: drgKey, tenantId: '<default>' }),
    ]);
    const rateKey = String(decisions[0]!.decisionDefinitionKey);
    expect(await nils.getDecisionDefinition({ decisionDefinitionKey: rateKey as DecisionDefinitionKey }, NOW)).toMatchObject({
      decisionDefinitionId: rate,
      decisionRequirementsId: drg,
    });
    const xml = await get('nils', `/v2/decision-definitions/${rateKey}/xml`);
    expect(xml.statusCode).toBe(200);
    expect(xml.headers['content-type']).toMatch(/^text\/xml/);
    expect(xml.payload).toContain(`id="${drg}"`);

    // the file, read back
    const files = await nils.searchDecisionRequirements({ filter: { decisionRequirementsId: drg } }, NOW);
    expect(files.items).toEqual([
      {
        decisionRequirementsKey: drgKey,
        decisionRequirementsId: drg,
        decisionRequirementsName: 'Pricing',
        version: 1,
        resourceName: `pricing-${tag}.dmn`,
        tenantId: '<default>',
      },
    ]);
    expect(await nils.getDecisionRequirements({ decisionRequirementsKey: drgKey as DecisionRequirementsKey }, NOW)).toMatchObject({
      version: 1,
    });
    const fileXml = await get('nils', `/v2/decision-requirements/${drgKey}/xml`);
    expect(fileXml.payload).toBe(dmn);

    // an evaluation names the file its decision came from
    const evaluated = await marta.evaluateDecision({ decisionDefinitionId: rate as never, variables: { amount: 4 } });
    expect(evaluated).toMatchObject({ output: '8', decisionRequirementsId: drg, decisionRequirementsKey: drgKey });
  });

  it('makes a changed file the next version and keeps an identical one, which isLatestVersion tells apart', async () => {
    const changed = dmnFile(drg, 'Pricing', literalDecision(rate, 'amount * 3', { variable: 'rate' }) + literalDecision(fee, '5'));
    const deployed = await post('marta', '/decision-definitions', { xml: changed });
    expect(deployed.statusCode).toBe(201);
    // deployed without a file name: the file is named by its id
    const latest = await post('nils', '/v2/decision-requirements/search', {
      filter: { decisionRequirementsId: drg },
      sort: [{ field: 'version', order: 'DESC' }],
    });
    const versions = (latest.result as { items: Row[] }).items;
    expect(versions.map((v) => [v.version, v.resourceName])).toEqual([
      [2, `${drg}.dmn`],
      [1, `pricing-${tag}.dmn`],
    ]);
    expect((await post('marta', '/decision-definitions', { xml: changed })).statusCode).toBe(200);
    const again = await post('nils', '/v2/decision-requirements/search', { filter: { decisionRequirementsId: drg } });
    expect((again.result as { page: { totalItems: number } }).page.totalItems).toBe(2);

    const newest = await post('nils', '/v2/decision-definitions/search', {
      filter: { decisionRequirementsId: drg, isLatestVersion: true },
    });
    expect(
      (newest.result as { items: Row[] }).items.map((d) => [d.decisionDefinitionId, d.version, d.decisionRequirementsVersion]),
    ).toEqual([
      [fee, 2, 2],
      [rate, 2, 2],
    ]);
    const older = await post('nils', '/v2/decision-definitions/search', {
      filter: { decisionDefinitionId: { $eq: rate }, isLatestVersion: false },
    });
    expect((older.result as { items: Row[] }).items.map((d) => d.version)).toEqual([1]);
    const second = (newest.result as { items: Row[] }).items[1]!;
    expect(second.decisionRequirementsKey).toBe(versions[0]!.decisionRequirementsKey);
    expect(second.decisionRequirementsKey).not.toBe(versions[1]!.decisionRequirementsKey);
  });

  it('names what it cannot find or read', async () => {
    const unknown = await get('nils', '/v2/decision-definitions/9007199254740000');
    expect(unknown.statusCode).toBe(404);
    expect(JSON.parse(unknown.payload)).toMatchObject({ message: expect.stringContaining('params.decisionDefinitionKey') });
    expect((await get('nils', `/v2/decision-requirements/${randomUUID()}/xml`)).statusCode).toBe(404);
    const badFilter = await post('nils', '/v2/decision-definitions/search', { filter: { decisionType: 'TABLE' } });
    expect(badFilter.statusCode).toBe(400);
    expect(badFilter.payload).toContain('decisionType');
    const badSort = await post('nils', '/v2/decision-requirements/search', { sort: [{ field: 'xml' }] });
    expect(badSort.statusCode).toBe(400);
    // decisions are the default tenant's: another tenant has none
    const otherTenant = await post('nils', '/v2/decision-definitions/search', {
      filter: { decisionRequirementsId: drg, tenantId: 'nordic' },
    });
    expect(otherTenant.result).toMatchObject({ items: [], page: { totalItems: 0 } });
    // a decision's key is no file's, and the other way round
    const rateKey = (
      (await post('nils', '/v2/decision-definitions/search', { filter: { decisionDefinitionId: rate } })).result as { items: Row[] }
    ).items[0]!.decisionDefinitionKey as string;
    expect((await get('nils', `/v2/process-definitions/${rateKey}`)).statusCode).toBe(404);
  });
});

describe('the migration to decision requirements', () => {
  let scratch: ScratchDatabase;
  const sql = (q: string, params: unknown[] = []) => scratch.sql(q, params);

  beforeAll(async () => {
    scratch = await scratchDatabase('drg_migration', 'Migration20270625000000_camunda_keys');
  }, 120_000);
  afterAll(async () => {
    await scratch?.drop();
  });

  it('makes one version per deployed content of each file, in deployment order, and points every decision at it', async () => {
    const v1 =
      '<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="risk" name="Risk &amp; impact" namespace="x"><decision id="a"/><decision id="b"/></definitions>';
    const v2 = v1.replace('<decision id="b"/>', '<decision id="b" name="B"/>');
    const prefixed =
      '<dmn:definitions xmlns:dmn="https://www.omg.org/spec/DMN/20191111/MODEL/" namespace="x" id="prio"><dmn:decision id="p"/></dmn:definitions>';
    const rows: Array<[string, number, string, string, string]> = [
      ['a', 1, v1, 'h1', '2026-01-01T10:00:00Z'],
      ['b', 1, v1, 'h1', '2026-01-01T10:00:00.002Z'],
      ['a', 2, v2, 'h2', '2026-02-01T10:00:00Z'],
      ['b', 2, v2, 'h2', '2026-02-01T10:00:00Z'],
      ['p', 1, prefixed, 'h3', '2026-03-01T10:00:00Z'],
    ];
    for (const [decisionId, version, xml, hash, at] of rows) {
      await sql(
        `insert into decision_definition (id, decision_id, version, name, xml, graph, content_hash, deployed_at) values (?, ?, ?, null, ?, '{}', ?, ?)`,
        [randomUUID(), decisionId, version, xml, hash, at],
      );
    }

    await scratch.migrateOn();

    const files = await sql(
      'select id, requirements_id, name, version, resource_name, content_hash from decision_requirements order by requirements_id, version',
    );
    expect(files.map((f) => [f.requirements_id, f.name, f.version, f.resource_name, f.content_hash])).toEqual([
      ['prio', null, 1, 'prio.dmn', 'h3'],
      ['risk', 'Risk &amp; impact', 1, 'risk.dmn', 'h1'],
      ['risk', 'Risk &amp; impact', 2, 'risk.dmn', 'h2'],
    ]);
    const pointed = await sql(
      `select d.decision_id, d.version, r.requirements_id, r.version as file_version
       from decision_definition d join decision_requirements r on r.id = d.requirements_key order by d.decision_id, d.version`,
    );
    expect(pointed.map((p) => [p.decision_id, p.version, p.requirements_id, p.file_version])).toEqual([
      ['a', 1, 'risk', 1],
      ['a', 2, 'risk', 2],
      ['b', 1, 'risk', 1],
      ['b', 2, 'risk', 2],
      ['p', 1, 'prio', 1],
    ]);
  });
});
