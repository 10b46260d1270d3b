import { randomUUID } from 'node:crypto';
import { bpmnDocument, flow } from '../../engine/compiler/fixtures/make-bpmn';
import { eventually } from '../support/eventually';
import { multipart } from '../support/multipart';
import { recordHistoryIfAsked } from '../support/record-history';
import { TestSystem } from '../support/test-system';

/**
 * Camunda 8.6's binding types, on a real Temporal server: a process owner pins a call to the child
 * deployed with the parent (`deployment`) or to a tagged child version (`versionTag`), and a business
 * rule task to a tagged decision version, so deploying a newer child or decision does not change what
 * a released parent runs.
 */
describe('call activities and business rule tasks bound to a version of what they call', () => {
  let system: TestSystem;
  const tag = randomUUID().slice(0, 8);
  beforeAll(async () => {
    system = await TestSystem.start();
  });
  afterAll(async () => {
    await system?.close();
  });

  const as = (method: string, url: string, payload?: object | string, contentType?: string) =>
    system.injectAs('marta', {
      method,
      url,
      ...(payload !== undefined ? { payload } : {}),
      ...(contentType ? { headers: { 'content-type': contentType } } : {}),
    });
  /** A child whose version shows in the caller's variables: it sets `ran` to `mark`. */
  const child = (id: string, mark: string, versionTag?: string) =>
    bpmnDocument(
      `${versionTag ? `<bpmn:extensionElements><zeebe:versionTag value="${versionTag}" /></bpmn:extensionElements>` : ''}
      <bpmn:startEvent id="s" />
      <bpmn:manualTask id="mark"><bpmn:extensionElements><zeebe:ioMapping><zeebe:output source="=&quot;${mark}&quot;" target="ran" /></zeebe:ioMapping></bpmn:extensionElements></bpmn:manualTask>
      <bpmn:endEvent id="e" />${flow('f0', 's', 'mark')}${flow('f1', 'mark', 'e')}`,
      id,
    );
  const parent = (id: string, calls: string, binding: string) =>
    bpmnDocument(
      `<bpmn:startEvent id="s" /><bpmn:callActivity id="call"><bpmn:extensionElements><zeebe:calledElement processId="${calls}" ${binding} /></bpmn:extensionElements></bpmn:callActivity><bpmn:endEvent id="e" />${flow('f0', 's', 'call')}${flow('f1', 'call', 'e')}`,
      id,
    );
  const deploy = async (...xmls: string[]) => {
    const res = await as('POST', '/process-definitions', { resources: xmls.map((xml) => ({ xml })) });
    expect(res.statusCode).toBe(201);
    return (res.result as { processes: Array<{ processId: string; version: number; versionTag: string | null }> }).processes;
  };
  /** Runs an instance to its end or first incident; `history` names the recording for the replay gate. */
  const run = async (processId: string, history?: string) => {
    const started = await as('POST', '/process-instances', { processId });
    expect(started.statusCode).toBe(201);
    const id = (started.result as { id: string }).id;
    const view = await eventually(async () => {
      const view = (await as('GET', `/process-instances/${id}`)).result as {
        status: string;
        variables: Record<string, unknown>;
        incidents: Array<{ elementId: string; message: string }>;
      };
      expect(view.status === 'COMPLETED' || view.incidents.length > 0).toBe(true);
      return view;
    });
    if (history) await recordHistoryIfAsked(system, id, history);
    return view;
  };

  it('calls the newest version carrying the version tag, whatever was deployed after it', async () => {
    const childId = `tagged_child_${tag}`;
    // Given three versions of the child: tagged 1.0, tagged 2.0, then one without a tag (the active one)
    expect((await deploy(child(childId, 'one', '1.0')))[0]).toMatchObject({ version: 1, versionTag: '1.0' });
    expect((await deploy(child(childId, 'two', '2.0')))[0]).toMatchObject({ version: 2, versionTag: '2.0' });
    expect((await deploy(child(childId, 'three')))[0]).toMatchObject({ version: 3, versionTag: null });

    // When parents bound to each tag, and one unbound, run
    await deploy(parent(`to_one_${tag}`, childId, 'bindingType="versionTag" versionTag="1.0"'));
    await deploy(parent(`to_two_${tag}`, childId, 'bindingType="versionTag" versionTag="2.0"'));
    await deploy(parent(`to_latest_${tag}`, childId, ''));

    // Then each ran the version it names
    expect((await run(`to_one_${tag}`, 'call_activity_version_tag')).variables.ran).toBe('one');
    expect((await run(`to_two_${tag}`)).variables.ran).toBe('two');
    expect((await run(`to_latest_${tag}`)).variables.ran).toBe('three');

    // And the tag is on the definition, in Flowdesk's API and in Camunda's search, where it filters
    const search = await as('POST', '/v2/process-definitions/search', { filter: { processDefinitionId: childId, versionTag: '2.0' } });
    expect(search.statusCode).toBe(200);
    expect((search.result as { items: unknown[] }).items).toEqual([
      expect.objectContaining({ processDefinitionId: childId, version: 2, versionTag: '2.0' }),
    ]);
  });

  it('raises an incident naming the tag when no version carries it', async () => {
    const childId = `untagged_child_${tag}`;
    await deploy(child(childId, 'only'));
    await deploy(parent(`to_missing_${tag}`, childId, 'bindingType="versionTag" versionTag="9.9"'));
    const view = await run(`to_missing_${tag}`);
    expect(view.status).not.toBe('COMPLETED');
    expect(view.incidents).toEqual([expect.objectContaining({ elementId: 'call', message: expect.stringContaining('version tag "9.9"') })]);
  });

  it('calls the version deployed with the parent, not one deployed later', async () => {
    const childId = `deployed_child_${tag}`;
    // Given the parent and its child deployed together, then a newer child deployed alone
    const together = await deploy(parent(`pinned_${tag}`, childId, 'bindingType="deployment"'), child(childId, 'with-parent'));
    expect(together.map((p) => [p.processId, p.version])).toEqual([
      [`pinned_${tag}`, 1],
      [childId, 1],
    ]);
    await deploy(child(childId, 'later'));
    await deploy(parent(`unpinned_${tag}`, childId, ''));

    // Then the bound parent still runs the child of its deployment, an unbound one the newest
    expect((await run(`pinned_${tag}`, 'call_activity_deployment_binding')).variables.ran).toBe('with-parent');
    expect((await run(`unpinned_${tag}`)).variables.ran).toBe('later');
  });

  it('evaluates the newest decision version carrying the tag a business rule task names', async () => {
    const decisionId = `fee_${tag}`;
    const decision = (amount: number, versionTag?: string) =>
      `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="fees" name="Fees" namespace="http://flowdesk.dev/spec">
  <decision id="${decisionId}" name="Fee">${versionTag ? `<extensionElements><zeebe:versionTag value="${versionTag}" /></extensionElements>` : ''}<literalExpression id="e"><text>${amount}</text></literalExpression></decision>
</definitions>`;
    // Given the decision tagged 2024, then tagged 2025, then untagged (its newest)
    for (const [amount, versionTag] of [
      [10, '2024'],
      [20, '2025'],
      [30, undefined],
    ] as const) {
      const res = await as('POST', '/decision-definitions', { xml: decision(amount, versionTag) });
      expect(res.statusCode).toBe(201);
      expect((res.result as { decisions: Array<{ versionTag: string | null }> }).decisions).toEqual([
        expect.objectContaining({ versionTag: versionTag ?? null }),
      ]);
    }
    const ruleTask = (id: string, binding: string) =>
      bpmnDocument(
        `<bpmn:startEvent id="s" /><bpmn:businessRuleTask id="fee"><bpmn:extensionElements><zeebe:calledDecision decisionId="${decisionId}" resultVariable="fee" ${binding} /></bpmn:extensionElements></bpmn:businessRuleTask><bpmn:endEvent id="e" />${flow('f0', 's', 'fee')}${flow('f1', 'fee', 'e')}`,
        id,
      );
    await deploy(ruleTask(`fee_2024_${tag}`, 'bindingType="versionTag" versionTag="2024"'));
    await deploy(ruleTask(`fee_latest_${tag}`, ''));
    await deploy(ruleTask(`fee_missing_${tag}`, 'bindingType="versionTag" versionTag="1999"'));

    // Then the tag-bound task evaluates the 2024 version, the unbound one the newest, a missing tag is an incident
    expect((await run(`fee_2024_${tag}`, 'business_rule_version_tag')).variables.fee).toBe(10);
    expect((await run(`fee_latest_${tag}`)).variables.fee).toBe(30);
    expect((await run(`fee_missing_${tag}`)).incidents).toEqual([
      expect.objectContaining({ elementId: 'fee', message: expect.stringContaining('version tag "1999"') }),
    ]);
  });

  it('evaluates the decision version deployed with the process, not one deployed later', async () => {
    const decisionId = `rate_${tag}`;
    const decision = (amount: number) => `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="rates_${amount}" name="Rates" namespace="http://flowdesk.dev/spec">
  <decision id="${decisionId}" name="Rate"><literalExpression id="e"><text>${amount}</text></literalExpression></decision>
</definitions>`;
    const ruleTask = (id: string, binding: string) =>
      bpmnDocument(
        `<bpmn:startEvent id="s" /><bpmn:businessRuleTask id="rate"><bpmn:extensionElements><zeebe:calledDecision decisionId="${decisionId}" resultVariable="rate" ${binding} /></bpmn:extensionElements></bpmn:businessRuleTask><bpmn:endEvent id="e" />${flow('f0', 's', 'rate')}${flow('f1', 'rate', 'e')}`,
        id,
      );
    // Given a process deployed with its decision through Camunda's deployment route, then a newer decision alone
    const together = await system.injectAs('marta', {
      method: 'POST',
      url: '/v2/deployments',
      ...multipart([
        { name: 'resources', filename: 'rated.bpmn', content: ruleTask(`rated_${tag}`, 'bindingType="deployment"') },
        { name: 'resources', filename: 'rates.dmn', content: decision(5) },
      ]),
    });
    expect(together.statusCode).toBe(200);
    expect((await as('POST', '/decision-definitions', { xml: decision(7) })).statusCode).toBe(201);
    await deploy(ruleTask(`rated_latest_${tag}`, ''));

    // Then the bound task still evaluates the decision of its deployment, an unbound one the newest
    expect((await run(`rated_${tag}`, 'business_rule_deployment_binding')).variables.rate).toBe(5);
    expect((await run(`rated_latest_${tag}`)).variables.rate).toBe(7);

    // And a deployment-bound task whose deployment brings no such decision is refused, naming the task
    const lonely = await as('POST', '/process-definitions', ruleTask(`rated_lonely_${tag}`, 'bindingType="deployment"'), 'application/xml');
    expect(lonely.statusCode).toBe(422);
    expect(lonely.result).toMatchObject({ details: [expect.objectContaining({ elementId: 'rate', code: 'DECISION_NOT_IN_DEPLOYMENT' })] });
  });

  it('refuses a deployment-bound call to a process the deployment does not bring, naming the element', async () => {
    await deploy(child(`elsewhere_${tag}`, 'x'));
    const res = await as(
      'POST',
      '/process-definitions',
      parent(`lonely_${tag}`, `elsewhere_${tag}`, 'bindingType="deployment"'),
      'application/xml',
    );
    expect(res.statusCode).toBe(422);
    expect(JSON.stringify(res.result)).toContain('CALLED_PROCESS_NOT_IN_DEPLOYMENT');
    expect(JSON.stringify(res.result)).toContain('"elementId":"call"');
    expect(((await as('GET', `/process-definitions?processId=lonely_${tag}`)).result as { items: unknown[] }).items).toEqual([]);
  });
});
