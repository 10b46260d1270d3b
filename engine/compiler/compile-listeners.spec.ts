import type { BpmnValidationError } from '.';
import { compileProcess, type CompileProblem } from '.';
import { bpmnDocument, flow } from './fixtures/make-bpmn';

/** Camunda 8's execution and task listeners, compiled (issue 16). */
describe('listeners at deploy', () => {
  const withListeners = (element: string) =>
    bpmnDocument(`<bpmn:startEvent id="s" />${element}${flow('f0', 's', 'x')}<bpmn:endEvent id="e" />${flow('f1', 'x', 'e')}`);
  const execution = (...listeners: string[]) => `<zeebe:executionListeners>${listeners.join('')}</zeebe:executionListeners>`;
  const problems = async (xml: string): Promise<CompileProblem[]> => {
    try {
      await compileProcess(xml);
    } catch (err) {
      return (err as BpmnValidationError).problems;
    }
    throw new Error('expected the deploy to be refused');
  };

  it('keeps execution listeners in model order with their type, retries (default 3) and headers', async () => {
    const { graph } = await compileProcess(
      withListeners(
        `<bpmn:serviceTask id="x"><bpmn:extensionElements><zeebe:taskDefinition type="work" />${execution(
          '<zeebe:executionListener eventType="start" type="check-input" retries="5" />',
          '<zeebe:executionListener eventType="end" type="publish"><zeebe:taskHeaders><zeebe:header key="topic" value="done" /></zeebe:taskHeaders></zeebe:executionListener>',
        )}</bpmn:extensionElements></bpmn:serviceTask>`,
      ),
    );
    expect(graph.elements.x!.executionListeners).toEqual([
      { eventType: 'start', type: 'check-input', retries: 5 },
      { eventType: 'end', type: 'publish', retries: 3, headers: { topic: 'done' } },
    ]);
  });

  it('keeps every task listener event Camunda 8 defines on a user task, in model order', async () => {
    // given one task listener of each of Camunda 8's five events
    const events = ['creating', 'assigning', 'updating', 'completing', 'canceling'];
    const { graph } = await compileProcess(
      withListeners(
        `<bpmn:userTask id="x"><bpmn:extensionElements><zeebe:userTask /><zeebe:taskListeners>${events
          .map((e, i) => `<zeebe:taskListener eventType="${e}" type="on-${e}"${i === 3 ? ' retries="1"' : ''} />`)
          .join('')}</zeebe:taskListeners></bpmn:extensionElements></bpmn:userTask>`,
      ),
    );
    // then each is kept with its type and retries (default 3)
    const node = graph.elements.x!;
    expect(node.kind === 'userTask' ? node.taskListeners : undefined).toEqual(
      events.map((e, i) => ({ eventType: e, type: `on-${e}`, retries: i === 3 ? 1 : 3 })),
    );
  });

  it('leaves graphs without listeners exactly as before (no listener keys)', async () => {
    const { graph } = await compileProcess(withListeners('<bpmn:task id="x" />'));
    expect('executionListeners' in graph.elements.x!).toBe(false);
  });

  it.each([
    [
      'an end listener on a gateway',
      `<bpmn:exclusiveGateway id="x"><bpmn:extensionElements>${execution('<zeebe:executionListener eventType="end" type="t" />')}</bpmn:extensionElements></bpmn:exclusiveGateway>`,
      'UNSUPPORTED_LISTENER',
      'zeebe:executionListeners[0].eventType',
    ],
    [
      'an unknown event type',
      `<bpmn:task id="x"><bpmn:extensionElements>${execution('<zeebe:executionListener eventType="take" type="t" />')}</bpmn:extensionElements></bpmn:task>`,
      'INVALID_LISTENER',
      'zeebe:executionListeners[0].eventType',
    ],
    [
      'a listener without a type',
      `<bpmn:task id="x"><bpmn:extensionElements>${execution('<zeebe:executionListener eventType="start" />')}</bpmn:extensionElements></bpmn:task>`,
      'MISSING_TASK_TYPE',
      'zeebe:executionListeners[0].type',
    ],
    [
      'retries that are not a number',
      `<bpmn:task id="x"><bpmn:extensionElements>${execution('<zeebe:executionListener eventType="start" type="t" retries="many" />')}</bpmn:extensionElements></bpmn:task>`,
      'INVALID_RETRIES',
      'zeebe:executionListeners[0].retries',
    ],
    [
      'a task listener of an event Camunda 8 does not define',
      '<bpmn:userTask id="x"><bpmn:extensionElements><zeebe:taskListeners><zeebe:taskListener eventType="claiming" type="t" /></zeebe:taskListeners></bpmn:extensionElements></bpmn:userTask>',
      'INVALID_LISTENER',
      'zeebe:taskListeners[0].eventType',
    ],
  ])('refuses %s, naming the element and the field', async (_what, element, code, field) => {
    expect(await problems(withListeners(element))).toEqual([expect.objectContaining({ elementId: 'x', code, field })]);
  });

  it('refuses a start listener on a boundary event', async () => {
    const xml = bpmnDocument(
      `<bpmn:startEvent id="s" /><bpmn:userTask id="u" /><bpmn:boundaryEvent id="b" attachedToRef="u"><bpmn:extensionElements>${execution('<zeebe:executionListener eventType="start" type="t" />')}</bpmn:extensionElements><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent><bpmn:endEvent id="e" /><bpmn:endEvent id="e2" />${flow('f0', 's', 'u')}${flow('f1', 'u', 'e')}${flow('f2', 'b', 'e2')}`,
    );
    expect(await problems(xml)).toEqual([expect.objectContaining({ elementId: 'b', code: 'UNSUPPORTED_LISTENER' })]);
  });

  const onProcess = (...listeners: string[]) =>
    withListeners('<bpmn:task id="x" />').replace(
      'isExecutable="true">',
      `isExecutable="true"><bpmn:extensionElements>${execution(...listeners)}</bpmn:extensionElements>`,
    );

  it('keeps start and end listeners on the process itself, with their headers', async () => {
    const { graph } = await compileProcess(
      onProcess(
        '<zeebe:executionListener eventType="start" type="open-case" retries="2" />',
        '<zeebe:executionListener eventType="end" type="close-case"><zeebe:taskHeaders><zeebe:header key="why" value="done" /></zeebe:taskHeaders></zeebe:executionListener>',
      ),
    );
    expect(graph.executionListeners).toEqual([
      { eventType: 'start', type: 'open-case', retries: 2 },
      { eventType: 'end', type: 'close-case', retries: 3, headers: { why: 'done' } },
    ]);
  });

  it('refuses a process listener without a type, naming the process and the field', async () => {
    expect(await problems(onProcess('<zeebe:executionListener eventType="end" />'))).toEqual([
      expect.objectContaining({ elementId: 'spec_process', code: 'MISSING_TASK_TYPE', field: 'zeebe:executionListeners[0].type' }),
    ]);
  });

  it('leaves a graph without process listeners without the key', async () => {
    const { graph } = await compileProcess(withListeners('<bpmn:task id="x" />'));
    expect('executionListeners' in graph).toBe(false);
  });
});
