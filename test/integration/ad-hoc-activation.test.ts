import { randomUUID } from 'node:crypto';
import { bpmnDocument, flow } from '../../engine/compiler/fixtures/make-bpmn';
import { eventually } from '../support/eventually';
import { recordHistoryIfAsked } from '../support/record-history';
import { TestSystem } from '../support/test-system';

interface Detail {
  status: string;
  history: Array<{ key: number; elementId: string; state: string }>;
  openTasks: Array<{ id: string; elementId: string }>;
  scopes: Array<{ key: number; elementId: string; variables: Record<string, unknown> }>;
  variables: Record<string, unknown>;
  waits: Array<{ kind: string; elementId: string; activatable?: string[] }>;
  adHocSubProcesses: Array<{ key: number; elementId: string; activatable: Array<{ elementId: string; name?: string }> }>;
}

/**
 * Camunda 8.8's activation API for a running ad-hoc sub-process, on real servers: a process owner's tool
 * activates what the diagram left to people (here: nothing on entering), with variables of its own; what
 * it may not activate is refused naming the field, and a key that names no ad-hoc sub-process is a 404.
 */
describe('ad-hoc sub-process: activating elements of a running one', () => {
  let system: TestSystem;
  const tag = randomUUID().slice(0, 8);
  const processId = `ad_hoc_activation_${tag}`;

  beforeAll(async () => {
    system = await TestSystem.start();
  }, 300_000);
  afterAll(async () => {
    await system?.close();
  });

  const as = (user: string, method: string, url: string, payload?: object) =>
    system.injectAs(user, { method, url, ...(payload !== undefined ? { payload } : {}) });
  const detail = async (id: string) => (await as('marta', 'GET', `/process-instances/${id}`)).result as Detail;
  const activate = (key: string, payload: object, user = 'marta') =>
    as(user, 'POST', `/v2/element-instances/ad-hoc-activities/${key}/activation`, payload);

  it('activates a named element with its variables, refuses what it may not, and completes by its condition', async () => {
    // given triage tools left to the desk: nothing activates on entering; done once a check says so
    const xml = bpmnDocument(
      '<bpmn:startEvent id="s" />' +
        '<bpmn:adHocSubProcess id="tools" name="Triage tools"><bpmn:extensionElements>' +
        '<zeebe:adHoc outputCollection="findings" outputElement="=finding" /></bpmn:extensionElements>' +
        '<bpmn:userTask id="check_printer" name="Check the printer"><bpmn:extensionElements><zeebe:userTask /></bpmn:extensionElements></bpmn:userTask>' +
        '<bpmn:userTask id="call_vendor" name="Call the vendor"><bpmn:extensionElements><zeebe:userTask /></bpmn:extensionElements></bpmn:userTask>' +
        '<bpmn:completionCondition xsi:type="bpmn:tFormalExpression">=solved = true</bpmn:completionCondition>' +
        '</bpmn:adHocSubProcess><bpmn:endEvent id="e" />' +
        flow('f0', 's', 'tools') +
        flow('f1', 'tools', 'e'),
      processId,
    );
    expect((await as('marta', 'POST', '/process-definitions', { xml })).statusCode).toBe(201);
    const started = await as('marta', 'POST', '/process-instances', { processId });
    expect(started.statusCode).toBe(201);
    const id = (started.result as { id: string }).id;
    const tools = await eventually(async () => {
      const found = (await detail(id)).history.find((h) => h.elementId === 'tools' && h.state === 'active');
      expect(found).toBeDefined();
      return found!;
    });
    expect((await detail(id)).openTasks).toEqual([]);
    expect((await detail(id)).waits).toEqual([
      expect.objectContaining({ kind: 'adHocActivation', elementId: 'tools', activatable: ['Check the printer', 'Call the vendor'] }),
    ]);
    const key = `${id}.${tools.key}`;
    // the detail offers it for activation, with the key the activation API takes and what it may activate
    expect((await detail(id)).adHocSubProcesses).toEqual([
      {
        key: tools.key,
        elementId: 'tools',
        name: 'Triage tools',
        activatable: [
          { elementId: 'check_printer', name: 'Check the printer' },
          { elementId: 'call_vendor', name: 'Call the vendor' },
        ],
      },
    ]);

    // an element outside it, or a key that names no ad-hoc sub-process: refused, naming what is wrong
    const outside = await activate(key, { elements: [{ elementId: 'check_printer' }, { elementId: 'e' }] });
    expect(outside.statusCode).toBe(400);
    expect(JSON.parse(outside.payload)).toMatchObject({ code: 'NOT_ACTIVATABLE', details: [{ field: 'payload.elements[1].elementId' }] });
    const start = (await detail(id)).history.find((h) => h.elementId === 's')!;
    expect((await activate(`${id}.${start.key}`, { elements: [{ elementId: 'check_printer' }] })).statusCode).toBe(404);
    expect((await activate(key, { elements: [] })).statusCode).toBe(400);
    const malformed = await activate('tools', { elements: [{ elementId: 'check_printer' }] });
    expect(malformed.statusCode).toBe(400);
    expect(JSON.parse(malformed.payload)).toMatchObject({ details: [{ field: 'params.adHocSubProcessInstanceKey' }] });
    // a requester may not operate instances at all
    expect((await activate(key, { elements: [{ elementId: 'check_printer' }] }, 'rita')).statusCode).toBe(403);

    // when the desk activates the printer check with a variable of its own
    const asked = await activate(key, { elements: [{ elementId: 'check_printer', variables: { printer: 'PRN-4' } }] });
    expect(asked.statusCode).toBe(204);
    const task = await eventually(async () => {
      const [open] = (await detail(id)).openTasks;
      expect(open).toMatchObject({ elementId: 'check_printer' });
      return open!;
    });
    const scope = (await detail(id)).scopes.find((s) => s.elementId === 'check_printer');
    expect(scope?.variables).toEqual({ printer: 'PRN-4' });

    // then a completion that does not meet the condition leaves it waiting; the next one that does completes it
    const first = await as('marta', 'POST', `/tasks/${task.id}/complete`, { variables: { finding: 'toner empty', solved: false } });
    expect(first.statusCode).toBeLessThan(300);
    await eventually(async () => expect((await detail(id)).openTasks).toEqual([]));
    expect((await detail(id)).status).toBe('RUNNING');
    expect((await activate(key, { elements: [{ elementId: 'call_vendor' }] })).statusCode).toBe(204);
    const vendor = await eventually(async () => {
      const [open] = (await detail(id)).openTasks;
      expect(open).toMatchObject({ elementId: 'call_vendor' });
      return open!;
    });
    expect(
      (await as('marta', 'POST', `/tasks/${vendor.id}/complete`, { variables: { finding: 'part ordered', solved: true } })).statusCode,
    ).toBeLessThan(300);
    await eventually(async () => expect((await detail(id)).status).toBe('COMPLETED'));
    expect((await detail(id)).variables).toEqual({ findings: ['toner empty', 'part ordered'] });

    // the activations are in the audit log, with who asked
    const audit = await as(
      'admin',
      'GET',
      `/audit-log?entity=ProcessInstance&entityId=${id}&action=processInstance.adHocElementsActivated`,
    );
    expect(audit.statusCode).toBe(200);
    const actions = (audit.result as { items: Array<{ action: string; actor: string }> }).items.filter(
      (e) => e.action === 'processInstance.adHocElementsActivated',
    );
    expect(actions).toHaveLength(2);
    await recordHistoryIfAsked(system, id, 'ad_hoc_activated_by_api');
  });
});
