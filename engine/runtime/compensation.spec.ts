import { compileProcess } from '../compiler';
import { bpmnDocument, flow } from '../compiler/fixtures/make-bpmn';
import { startProcess, step } from './interpreter';
import type { EngineCommand, EngineEvent, ProcessState } from './process-state';

const script = (id: string, expression: string, resultVariable: string, extra = '') =>
  `<bpmn:scriptTask id="${id}"${extra}><bpmn:extensionElements><zeebe:script expression="${expression}" resultVariable="${resultVariable}" /></bpmn:extensionElements></bpmn:scriptTask>`;
const compensatedBy = (activityId: string, handlerId: string) =>
  `<bpmn:boundaryEvent id="comp_${activityId}" attachedToRef="${activityId}"><bpmn:compensateEventDefinition /></bpmn:boundaryEvent><bpmn:association id="a_${activityId}" sourceRef="comp_${activityId}" targetRef="${handlerId}" />`;
const undo = '<bpmn:intermediateThrowEvent id="undo"><bpmn:compensateEventDefinition /></bpmn:intermediateThrowEvent>';

async function run(xml: string, variables: Record<string, unknown> = {}) {
  const { graph } = await compileProcess(xml);
  let { state, commands } = startProcess(graph, variables, 0);
  let now = 0;
  const apply = (event: EngineEvent) => {
    const r = step(graph, state, event, ++now);
    state = r.state;
    commands = r.commands;
  };
  return {
    apply,
    get state(): ProcessState {
      return state;
    },
    get commands(): EngineCommand[] {
      return commands;
    },
    trace: () => state.elementInstances.map((i) => `${i.elementId}:${i.state}`),
  };
}

describe('compensation', () => {
  it('runs the handler once per completed instance of an activity that ran more than once, with the variables as they are now', async () => {
    const xml =
      bpmnDocument(`<bpmn:startEvent id="start" />${script('book', '=count + 1', 'count')}${compensatedBy('book', 'cancel')}${script('cancel', '=append(undone, count)', 'undone', ' isForCompensation="true"')}
      <bpmn:exclusiveGateway id="again" default="f_done" />${undo}<bpmn:endEvent id="end" />
      ${flow('f1', 'start', 'book')}${flow('f2', 'book', 'again')}${flow('f_loop', 'again', 'book', '=count < 2')}${flow('f_done', 'again', 'undo')}${flow('f3', 'undo', 'end')}`);
    const p = await run(xml, { count: 0, undone: [] });
    expect(p.state.status).toBe('completed');
    // Camunda 8 hands a handler the current variables, not those of the moment the activity completed.
    expect(p.state.variables).toMatchObject({ count: 2, undone: [2, 2] });
    expect(p.trace().filter((t) => t.startsWith('cancel'))).toEqual(['cancel:completed', 'cancel:completed']);
  });

  it('waits on a handler that failed, and goes on once the incident is retried', async () => {
    const xml =
      bpmnDocument(`<bpmn:startEvent id="start" />${script('book', '=&quot;booked&quot;', 'state')}${compensatedBy('book', 'cancel')}
      <bpmn:serviceTask id="cancel" isForCompensation="true"><bpmn:extensionElements><zeebe:taskDefinition type="cancel-booking" /></bpmn:extensionElements></bpmn:serviceTask>
      ${undo}<bpmn:endEvent id="end" />${flow('f1', 'start', 'book')}${flow('f2', 'book', 'undo')}${flow('f3', 'undo', 'end')}`);
    const p = await run(xml);
    const execute = p.commands.find((c) => c.type === 'serviceTask.execute');
    expect(execute).toMatchObject({ elementId: 'cancel', taskType: 'cancel-booking', variables: { state: 'booked' } });
    p.apply({ type: 'serviceTask.failed', elementInstanceKey: execute!.elementInstanceKey, message: 'booking system down' });
    expect(p.state.status).toBe('active');
    expect(p.trace()).toEqual(['start:completed', 'book:completed', 'undo:active', 'comp_book:completed', 'cancel:active']);
    p.apply({ type: 'incident.retry', incidentKey: p.state.incidents[0]!.key });
    const retried = p.commands.find((c) => c.type === 'serviceTask.execute')!;
    p.apply({ type: 'serviceTask.completed', elementInstanceKey: retried.elementInstanceKey, variables: { state: 'cancelled' } });
    expect(p.state.status).toBe('completed');
    expect(p.state.variables).toEqual({ state: 'cancelled' });
  });

  it('ends a running handler and its compensation event when the instance is cancelled', async () => {
    const xml =
      bpmnDocument(`<bpmn:startEvent id="start" />${script('book', '=1', 'booked')}${compensatedBy('book', 'confirm_undo')}<bpmn:userTask id="confirm_undo" isForCompensation="true" />
      ${undo}<bpmn:endEvent id="end" />${flow('f1', 'start', 'book')}${flow('f2', 'book', 'undo')}${flow('f3', 'undo', 'end')}`);
    const p = await run(xml);
    expect(p.trace()).toEqual(['start:completed', 'book:completed', 'undo:active', 'comp_book:completed', 'confirm_undo:active']);
    p.apply({ type: 'process.cancel' });
    expect(p.trace()).toEqual(['start:completed', 'book:completed', 'undo:terminated', 'comp_book:completed', 'confirm_undo:terminated']);
  });

  it('does not compensate an activity an interrupting boundary event terminated', async () => {
    const xml =
      bpmnDocument(`<bpmn:startEvent id="start" /><bpmn:userTask id="approve" />${compensatedBy('approve', 'revoke')}${script('revoke', '=true', 'revoked', ' isForCompensation="true"')}
      <bpmn:boundaryEvent id="late" attachedToRef="approve"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
      ${undo}<bpmn:endEvent id="end" />${flow('f1', 'start', 'approve')}${flow('f2', 'approve', 'end')}${flow('f3', 'late', 'undo')}${flow('f4', 'undo', 'end')}`);
    const p = await run(xml);
    p.apply({ type: 'timer.fired', timerKey: p.state.timers![0]!.key });
    expect(p.state.status).toBe('completed');
    expect(p.trace()).toEqual(['start:completed', 'approve:terminated', 'late:completed', 'undo:completed', 'end:completed']);
    expect(p.state.variables).toEqual({});
  });
});
