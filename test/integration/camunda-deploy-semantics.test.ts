import { randomUUID } from 'node:crypto';
import { bpmnDocument, flow } from '../../engine/compiler/fixtures/make-bpmn';
import { eventually } from '../support/eventually';
import { multipart } from '../support/multipart';
import { TestSystem } from '../support/test-system';

/** A deployed item of Camunda's answer names one kind of thing, the others null. */
const NONE = { processDefinition: null, decisionDefinition: null, decisionRequirements: null, form: null, resource: null };

/** Diagrams as Camunda 8 deploys them (issue 16): several processes per file, atomic deployments, late-bound calls. */
describe('Camunda 8 deploy semantics', () => {
  let system: TestSystem;
  const tag = randomUUID().slice(0, 8).replace(/-/g, '');
  beforeAll(async () => {
    system = await TestSystem.start();
  });
  afterAll(async () => {
    await system?.close();
  });

  const as = (method: string, url: string, payload?: string | object, contentType?: string) =>
    system.injectAs('marta', {
      method,
      url,
      ...(payload !== undefined ? { payload } : {}),
      ...(contentType ? { headers: { 'content-type': contentType } } : {}),
    });
  const versions = async (processId: string) =>
    ((await as('GET', `/process-definitions?processId=${processId}`)).result as { items: Array<{ version: number }> }).items;
  const caller = (id: string, calls: string) =>
    bpmnDocument(
      `<bpmn:startEvent id="s" /><bpmn:callActivity id="call"><bpmn:extensionElements><zeebe:calledElement processId="${calls}" /></bpmn:extensionElements></bpmn:callActivity><bpmn:endEvent id="e" />${flow('f0', 's', 'call')}${flow('f1', 'call', 'e')}`,
      id,
    );
  const simple = (id: string) => bpmnDocument(`<bpmn:startEvent id="s" /><bpmn:endEvent id="e" />${flow('f0', 's', 'e')}`, id);

  it('deploys every executable process of one file, each its own id and version, sent as application/bpmn+xml', async () => {
    const first = `first_${tag}`;
    const second = `second_${tag}`;
    const xml = caller(first, second).replace(
      '</bpmn:definitions>',
      `<bpmn:process id="${second}" isExecutable="true"><bpmn:startEvent id="s2" /></bpmn:process></bpmn:definitions>`,
    );
    const res = await as('POST', '/process-definitions', xml, 'application/bpmn+xml');
    expect(res.statusCode).toBe(201);
    const body = res.result as { processId: string; processes: Array<{ processId: string; version: number; warnings: unknown[] }> };
    expect(body.processId).toBe(first);
    expect(body.processes.map((p) => [p.processId, p.version])).toEqual([
      [first, 1],
      [second, 1],
    ]);
    // Both start: the first calls the second, which is in the same file.
    const started = await as('POST', '/process-instances', { processId: first });
    expect(started.statusCode).toBe(201);
    const id = (started.result as { id: string }).id;
    await eventually(async () => expect((await as('GET', `/process-instances/${id}`)).result).toMatchObject({ status: 'COMPLETED' }));
  });

  it('stores nothing of a multi-file deployment when one file is refused', async () => {
    const good = `good_${tag}`;
    const res = await as('POST', '/process-definitions', {
      resources: [
        { name: 'good.bpmn', xml: simple(good) },
        { name: 'bad.bpmn', xml: bpmnDocument('<bpmn:startEvent id="s" /><bpmn:exclusiveGateway id="gw" />', `bad_${tag}`) },
      ],
    });
    expect(res.statusCode).toBe(422);
    expect(await versions(good)).toEqual([]);

    const together = await as('POST', '/process-definitions', {
      resources: [{ xml: caller(`parent_${tag}`, `child_${tag}`) }, { xml: simple(`child_${tag}`) }],
    });
    expect(together.statusCode).toBe(201);
    const processes = (together.result as { processes: Array<{ processId: string; warnings: Array<{ code: string }> }> }).processes;
    expect(processes.map((p) => p.processId)).toEqual([`parent_${tag}`, `child_${tag}`]);
    // The child arrives in the same deployment: no warning that it is missing.
    expect(processes[0]!.warnings.map((w) => w.code)).not.toContain('UNKNOWN_CALLED_PROCESS');
  });

  it('deploys a call to a process not deployed yet with a warning, and raises an incident at the call', async () => {
    const res = await as('POST', '/process-definitions', caller(`early_${tag}`, `later_${tag}`), 'application/xml');
    expect(res.statusCode).toBe(201);
    expect((res.result as { warnings: Array<{ code: string; elementId: string }> }).warnings).toContainEqual(
      expect.objectContaining({ code: 'UNKNOWN_CALLED_PROCESS', elementId: 'call' }),
    );
    const id = ((await as('POST', '/process-instances', { processId: `early_${tag}` })).result as { id: string }).id;
    const incident = await eventually(async () => {
      const view = (await as('GET', `/process-instances/${id}`)).result as { incidents: Array<{ elementId: string; message: string }> };
      expect(view.incidents).toHaveLength(1);
      return view.incidents[0]!;
    });
    expect(incident).toMatchObject({ elementId: 'call' });
    expect(incident.message).toContain(`later_${tag}`);
  });

  it("takes Camunda's POST /v2/deployments: several .bpmn parts, one atomic deployment, Camunda's answer", async () => {
    const { payload, headers } = multipart([
      { name: 'resources', filename: 'a.bpmn', contentType: 'application/octet-stream', content: simple(`v2a_${tag}`) },
      { name: 'resources', filename: 'b.bpmn', contentType: 'application/octet-stream', content: simple(`v2b_${tag}`) },
    ]);
    const res = await system.injectAs('marta', { method: 'POST', url: '/v2/deployments', payload, headers });
    expect(res.statusCode).toBe(200);
    expect((res.result as { deployments: unknown[] }).deployments).toEqual([
      {
        ...NONE,
        processDefinition: expect.objectContaining({
          processDefinitionId: `v2a_${tag}`,
          processDefinitionVersion: 1,
          resourceName: 'a.bpmn',
        }),
      },
      {
        ...NONE,
        processDefinition: expect.objectContaining({
          processDefinitionId: `v2b_${tag}`,
          processDefinitionVersion: 1,
          resourceName: 'b.bpmn',
        }),
      },
    ]);
    const refused = multipart([
      { name: 'resources', filename: 'c.bpmn', content: simple(`v2c_${tag}`) },
      {
        name: 'resources',
        filename: 'd.bpmn',
        content: bpmnDocument('<bpmn:startEvent id="s" /><bpmn:exclusiveGateway id="gw" />', `v2d_${tag}`),
      },
    ]);
    expect((await system.injectAs('marta', { method: 'POST', url: '/v2/deployments', ...refused })).statusCode).toBe(422);
    expect(await versions(`v2c_${tag}`)).toEqual([]);
  });

  it('takes .dmn parts in POST /v2/deployments, atomically with the processes that call their decisions', async () => {
    const decisionId = `discount_${tag}`;
    const dmn = (id: string, text: string) => `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="drg_${tag}" name="Discounts" namespace="http://flowdesk.dev/spec">
  <decision id="${id}" name="Discount"><literalExpression id="e_${id}"><text>${text}</text></literalExpression></decision>
</definitions>`;
    const ruleTask = bpmnDocument(
      `<bpmn:startEvent id="s" /><bpmn:businessRuleTask id="rule"><bpmn:extensionElements><zeebe:calledDecision decisionId="${decisionId}" resultVariable="discount" /></bpmn:extensionElements></bpmn:businessRuleTask><bpmn:endEvent id="e" />${flow('f0', 's', 'rule')}${flow('f1', 'rule', 'e')}`,
      `priced_${tag}`,
    );
    const deployV2 = (parts: Parameters<typeof multipart>[0]) =>
      system.injectAs('marta', { method: 'POST', url: '/v2/deployments', ...multipart(parts) });
    const decisionVersions = async (id: string) =>
      ((await as('GET', `/decision-definitions?decisionId=${id}`)).result as { items: unknown[] }).items;

    // A decision that does not compile refuses the whole deployment, its process too
    const refused = await deployV2([
      { name: 'resources', filename: 'priced.bpmn', content: ruleTask },
      { name: 'resources', filename: 'discount.dmn', content: dmn(decisionId, '5 +') },
    ]);
    expect(refused.statusCode).toBe(422);
    expect(JSON.stringify(refused.result)).toContain(decisionId);
    expect(await versions(`priced_${tag}`)).toEqual([]);
    expect(await decisionVersions(decisionId)).toEqual([]);
    // So does one decision id in two files
    const twice = await deployV2([
      { name: 'resources', filename: 'a.dmn', content: dmn(decisionId, '5') },
      { name: 'resources', filename: 'b.dmn', content: dmn(decisionId, '6') },
    ]);
    expect(twice.statusCode).toBe(422);
    expect(JSON.stringify(twice.result)).toContain('DUPLICATE_DECISION_ID');

    // Deployed together, both are there, answered in Camunda's shape, and the process evaluates the decision
    const res = await deployV2([
      { name: 'resources', filename: 'priced.bpmn', content: ruleTask },
      { name: 'resources', filename: 'discount.dmn', content: dmn(decisionId, '5') },
    ]);
    expect(res.statusCode).toBe(200);
    expect((res.result as { deployments: unknown[] }).deployments).toEqual([
      { ...NONE, processDefinition: expect.objectContaining({ processDefinitionId: `priced_${tag}`, processDefinitionVersion: 1 }) },
      {
        ...NONE,
        decisionDefinition: expect.objectContaining({
          decisionDefinitionId: decisionId,
          version: 1,
          name: 'Discount',
          decisionRequirementsId: `drg_${tag}`,
          decisionDefinitionKey: expect.stringMatching(/^\d+$/),
        }),
      },
      // the file itself, as Camunda lists a deployment's decision requirements
      {
        ...NONE,
        decisionRequirements: {
          decisionRequirementsId: `drg_${tag}`,
          decisionRequirementsName: 'Discounts',
          version: 1,
          resourceName: 'discount.dmn',
          tenantId: '<default>',
          decisionRequirementsKey: expect.stringMatching(/^\d+$/),
        },
      },
    ]);
    const [, decision, file] = (res.result as { deployments: Array<Record<string, Record<string, string>>> }).deployments;
    expect(decision!.decisionDefinition!.decisionRequirementsKey).toBe(file!.decisionRequirements!.decisionRequirementsKey);
    const id = ((await as('POST', '/process-instances', { processId: `priced_${tag}` })).result as { id: string }).id;
    const view = await eventually(async () => {
      const v = (await as('GET', `/process-instances/${id}`)).result as { status: string; variables: Record<string, unknown> };
      expect(v.status).toBe('COMPLETED');
      return v;
    });
    expect(view.variables.discount).toBe(5);
    // A part that is none of the three is still named
    const other = await deployV2([{ name: 'resources', filename: 'notes.txt', content: 'hello' }]);
    expect(other.statusCode).toBe(400);
    expect(JSON.stringify(other.result)).toContain('payload.resources[0]');
  });

  it('deploys a diagram declaring ISO-8859-1 whose text is ASCII, with a warning', async () => {
    const xml = simple(`latin_${tag}`).replace('encoding="UTF-8"', 'encoding="ISO-8859-1"');
    const res = await as('POST', '/process-definitions', xml, 'application/xml');
    expect(res.statusCode).toBe(201);
    expect((res.result as { warnings: Array<{ code: string }> }).warnings.map((w) => w.code)).toContain('BPMN_XML_WARNING');
  });
});
