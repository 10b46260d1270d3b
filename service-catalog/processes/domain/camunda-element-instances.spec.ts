import { compileProcess } from '../../../engine/compiler';
import { bpmnDocument, flow } from '../../../engine/compiler/fixtures/make-bpmn';
import type { ProcessInstanceView } from '../../../workflows/client';
import { elementInstancesOf, elementStatisticsOf, scopesOf } from './camunda-element-instances';

const ID = '0b7e4a52-93c1-4f0e-8d6a-5a1c9e3b2f70';
const loop =
  '<bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=rooms" /></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>';
const T0 = Date.parse('2026-05-01T10:00:00Z');

/** start → sub-process (a multi-instance check inside) → end; the instance waits in the check, which has an incident. */
async function facts() {
  const { graph } = await compileProcess(
    bpmnDocument(
      [
        '<bpmn:startEvent id="start" name="Received" />',
        '<bpmn:subProcess id="sub" name="Review"><bpmn:startEvent id="subStart" />',
        `<bpmn:scriptTask id="check"><bpmn:extensionElements><zeebe:script expression="=1" resultVariable="r" /></bpmn:extensionElements>${loop}</bpmn:scriptTask>`,
        `${flow('s1', 'subStart', 'check')}</bpmn:subProcess>`,
        '<bpmn:endEvent id="end" />',
        flow('f1', 'start', 'sub'),
        flow('f2', 'sub', 'end'),
      ].join(''),
      'review',
    ),
  );
  const view: ProcessInstanceView = {
    status: 'active',
    activeElementIds: ['sub', 'check'],
    openUserTasks: [],
    incidents: [{ key: 9, type: 'EXPRESSION_ERROR', elementInstanceKey: 6, elementId: 'check', message: 'no', createdAt: T0 + 5 }],
    variables: {},
    history: [
      { key: 1, elementId: 'start', state: 'completed', enteredAt: T0, leftAt: T0 + 1 },
      { key: 2, elementId: 'sub', state: 'active', enteredAt: T0 + 1 },
      { key: 3, elementId: 'subStart', state: 'completed', enteredAt: T0 + 2, leftAt: T0 + 2, scopeKey: 2 },
      { key: 4, elementId: 'check', state: 'active', enteredAt: T0 + 3, scopeKey: 2 },
      { key: 5, elementId: 'check', state: 'completed', enteredAt: T0 + 3, leftAt: T0 + 4, scopeKey: 2, bodyKey: 4 },
      { key: 6, elementId: 'check', state: 'active', enteredAt: T0 + 4, scopeKey: 2, bodyKey: 4 },
    ],
    startedAt: T0,
  };
  return { processInstanceId: ID, definitionId: 'def-1', tenantId: '<default>', graph, view };
}

describe('Camunda element instances of an instance', () => {
  it('lists the process first, then every element instance of the history with its type, state and dates', async () => {
    // given an instance waiting in a multi-instance task inside a sub-process / when listed
    const items = elementInstancesOf(await facts());
    // then the process is an element instance keyed by the instance, and each element by <instance>.<key>
    expect(items.map((e) => [e.elementInstanceKey, e.elementId, e.type, e.state])).toEqual([
      [ID, 'review', 'PROCESS', 'ACTIVE'],
      [`${ID}.1`, 'start', 'START_EVENT', 'COMPLETED'],
      [`${ID}.2`, 'sub', 'SUB_PROCESS', 'ACTIVE'],
      [`${ID}.3`, 'subStart', 'START_EVENT', 'COMPLETED'],
      [`${ID}.4`, 'check', 'MULTI_INSTANCE_BODY', 'ACTIVE'],
      [`${ID}.5`, 'check', 'SCRIPT_TASK', 'COMPLETED'],
      [`${ID}.6`, 'check', 'SCRIPT_TASK', 'ACTIVE'],
    ]);
    expect(items[1]).toEqual({
      processDefinitionId: 'review',
      processDefinitionKey: 'def-1',
      processInstanceKey: ID,
      rootProcessInstanceKey: ID,
      tenantId: '<default>',
      elementInstanceKey: `${ID}.1`,
      elementId: 'start',
      elementName: 'Received',
      type: 'START_EVENT',
      state: 'COMPLETED',
      startDate: '2026-05-01T10:00:00.000Z',
      endDate: '2026-05-01T10:00:00.001Z',
      hasIncident: false,
      incidentKey: null,
    });
    // an element without a name is named by its id; one still active has no end
    expect(items[3]).toMatchObject({ elementName: 'subStart' });
    expect(items[2]).toMatchObject({ elementName: 'Review', endDate: null });
  });

  it('marks an open incident on its element instance and on every scope around it, up to the process', async () => {
    const items = elementInstancesOf(await facts());
    const marked = items.filter((e) => e.hasIncident).map((e) => [e.elementInstanceKey, e.incidentKey]);
    expect(marked).toEqual([
      [ID, `${ID}.9`],
      [`${ID}.2`, `${ID}.9`],
      [`${ID}.4`, `${ID}.9`],
      [`${ID}.6`, `${ID}.9`],
    ]);
  });

  it('gives each element instance its scope: the process at the top, its sub-process inside, the body for inner instances', async () => {
    expect([...scopesOf(await facts())]).toEqual([
      [`${ID}.1`, ID],
      [`${ID}.2`, ID],
      [`${ID}.3`, `${ID}.2`],
      [`${ID}.4`, `${ID}.2`],
      [`${ID}.5`, `${ID}.4`],
      [`${ID}.6`, `${ID}.4`],
    ]);
  });

  it('counts the instances of each element by state and its open incidents, inner instances rather than the body', async () => {
    const given = await facts();
    given.view.history.push({
      key: 7,
      elementId: 'check',
      state: 'terminated',
      enteredAt: T0 + 4,
      leftAt: T0 + 6,
      scopeKey: 2,
      bodyKey: 4,
    });
    expect(elementStatisticsOf(given)).toEqual([
      { elementId: 'check', active: 1, canceled: 1, incidents: 1, completed: 1 },
      { elementId: 'start', active: 0, canceled: 0, incidents: 0, completed: 1 },
      { elementId: 'sub', active: 1, canceled: 0, incidents: 0, completed: 0 },
      { elementId: 'subStart', active: 0, canceled: 0, incidents: 0, completed: 1 },
    ]);
  });
});
