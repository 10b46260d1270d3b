import { compileProcess, type ProcessGraph } from '../compiler';
import { bpmnDocument, flow, serviceTask } from '../compiler/fixtures/make-bpmn';
import { InvalidEngineEventError, startProcess, step } from './interpreter';
import { MAX_REMEMBERED_DELIVERIES } from './event-triggers';
import type { EngineCommand, EngineEvent, ProcessState } from './process-state';

const message = (name: string) => `<bpmn:message id="Message_${name}" name="${name}"><bpmn:extensionElements><zeebe:subscription correlationKey="=ticket" /></bpmn:extensionElements></bpmn:message>`;
const withRoots = (xml: string, ...roots: string[]) => xml.replace('</bpmn:definitions>', `${roots.join('')}</bpmn:definitions>`);
const timer = (kind: string, value: string) => `<bpmn:timerEventDefinition><bpmn:${kind}>${value}</bpmn:${kind}></bpmn:timerEventDefinition>`;

/** A tiny shell: applies events in order and remembers every command, like the workflow shell (workflows/bpmn-process). */
class Drive {
  commands: EngineCommand[] = [];
  constructor(
    readonly graph: ProcessGraph,
    public state: ProcessState,
  ) {}
  static async start(xml: string, variables: Record<string, unknown> = {}, now = 0): Promise<Drive> {
    const { graph } = await compileProcess(xml);
    const r = startProcess(graph, variables, now);
    const d = new Drive(graph, r.state);
    d.commands.push(...r.commands);
    return d;
  }
  apply(event: EngineEvent, now: number): this {
    const r = step(this.graph, this.state, event, now);
    this.state = r.state;
    this.commands.push(...r.commands);
    return this;
  }
  timerFor(elementId: string) {
    return this.state.timers?.find((t) => t.elementId === elementId);
  }
  trace() {
    return this.state.elementInstances.map((i) => `${i.elementId}:${i.state}`);
  }
}

describe('event triggers', () => {
  describe('event-based gateway', () => {
    const xml = withRoots(
      bpmnDocument(`<bpmn:startEvent id="start" /><bpmn:eventBasedGateway id="gw" />
        <bpmn:intermediateCatchEvent id="reply"><bpmn:messageEventDefinition messageRef="Message_reply" /></bpmn:intermediateCatchEvent>
        <bpmn:intermediateCatchEvent id="silence">${timer('timeDuration', 'PT1H')}</bpmn:intermediateCatchEvent>
        <bpmn:endEvent id="answered" /><bpmn:endEvent id="closed" />
        ${flow('f0', 'start', 'gw')}${flow('f1', 'gw', 'reply')}${flow('f2', 'gw', 'silence')}${flow('f3', 'reply', 'answered')}${flow('f4', 'silence', 'closed')}`),
      message('reply'),
    );
    const correlate: EngineEvent = { type: 'message.correlate', name: 'reply', correlationKey: 'T1', variables: { answer: 'yes' } };

    it('arms every following event on the gateway, and the first to arrive withdraws the others', async () => {
      const d = await Drive.start(xml, { ticket: 'T1' });
      expect(d.state.timers).toHaveLength(1);
      expect(d.state.subscriptions).toEqual([expect.objectContaining({ name: 'reply', correlationKey: 'T1', elementId: 'reply' })]);
      d.apply(correlate, 10);
      expect(d.trace()).toEqual(['start:completed', 'gw:completed', 'reply:completed', 'answered:completed']);
      expect(d.state.timers).toEqual([]);
      expect(d.commands.filter((c) => c.type === 'timer.cancel' || c.type === 'subscription.close')).toHaveLength(2);
      expect(d.state.variables).toMatchObject({ answer: 'yes' });
    });

    it('is deterministic when both events land in the same workflow task: the first in the inbox wins, the second is refused without changing anything', async () => {
      // given both the timer and the message ready at once, in either order
      for (const timerFirst of [true, false]) {
        const d = await Drive.start(xml, { ticket: 'T1' });
        const fired: EngineEvent = { type: 'timer.fired', timerKey: d.timerFor('silence')!.key };
        const [first, second] = timerFirst ? [fired, correlate] : [correlate, fired];
        d.apply(first, 3_600_000);
        const settled = d.state;
        // then the second is a no-op (a stale timer) or refused (the subscription is gone), never a second path
        if (second.type === 'message.correlate') expect(() => d.apply(second, 3_600_000)).toThrow(InvalidEngineEventError);
        else expect(step(d.graph, settled, second, 3_600_000)).toEqual({ state: settled, commands: [] });
        expect(d.state).toBe(settled);
        expect(d.state.elementInstances.map((i) => i.elementId)).toEqual(timerFirst ? ['start', 'gw', 'silence', 'closed'] : ['start', 'gw', 'reply', 'answered']);
        expect(d.state.status).toBe('completed');
      }
    });
  });

  describe('non-interrupting timer cycle (SLA reminder)', () => {
    const xml = (cycle: string) =>
      bpmnDocument(`<bpmn:startEvent id="start" /><bpmn:userTask id="work" />
        <bpmn:boundaryEvent id="remind" attachedToRef="work" cancelActivity="false">${timer('timeCycle', cycle)}</bpmn:boundaryEvent>
        <bpmn:endEvent id="end" /><bpmn:endEvent id="reminded" />${flow('f1', 'start', 'work')}${flow('f2', 'work', 'end')}${flow('f3', 'remind', 'reminded')}`);
    const fireDue = (d: Drive, until: number) => {
      for (let t = d.state.timers?.[0]; t && t.dueAt <= until; t = d.state.timers?.[0]) d.apply({ type: 'timer.fired', timerKey: t.key }, t.dueAt);
    };

    it('fires R3/PT1S exactly three times, one second apart from the start, then stops', async () => {
      const d = await Drive.start(xml('R3/PT1S'), {}, 1000);
      fireDue(d, 60_000);
      const reminders = d.state.elementInstances.filter((i) => i.elementId === 'remind');
      expect(reminders.map((i) => i.enteredAt)).toEqual([2000, 3000, 4000]);
      expect(d.state.timers).toEqual([]);
      expect(d.state.elementInstances.find((i) => i.elementId === 'work')?.state).toBe('active');
    });

    it('stops an unbounded cycle when the activity completes', async () => {
      const d = await Drive.start(xml('R/PT1S'), {}, 0);
      fireDue(d, 2500);
      const work = d.state.elementInstances.find((i) => i.elementId === 'work')!;
      d.apply({ type: 'userTask.complete', elementInstanceKey: work.key, variables: {} }, 2500);
      expect(d.state.elementInstances.filter((i) => i.elementId === 'remind')).toHaveLength(2);
      expect(d.state.timers).toEqual([]);
      expect(d.commands.at(-1)).toMatchObject({ type: 'timer.cancel' });
      expect(d.state.status).toBe('completed');
    });
  });

  it('an interrupting boundary timer ends the subprocess, cancels the work of its children and withdraws their timers and subscriptions', async () => {
    const d = await Drive.start(
      withRoots(
        bpmnDocument(`<bpmn:startEvent id="start" />
          <bpmn:subProcess id="sub"><bpmn:startEvent id="s0" /><bpmn:parallelGateway id="fork" />${serviceTask('call', 'slow')}
            <bpmn:intermediateCatchEvent id="inner_wait">${timer('timeDuration', 'PT2H')}</bpmn:intermediateCatchEvent>
            <bpmn:receiveTask id="inner_msg" messageRef="Message_news" />
            ${flow('s1', 's0', 'fork')}${flow('s2', 'fork', 'call')}${flow('s3', 'fork', 'inner_wait')}${flow('s4', 'fork', 'inner_msg')}</bpmn:subProcess>
          <bpmn:boundaryEvent id="deadline" attachedToRef="sub">${timer('timeDuration', 'PT1H')}</bpmn:boundaryEvent>
          <bpmn:endEvent id="end" /><bpmn:endEvent id="late" />${flow('f1', 'start', 'sub')}${flow('f2', 'sub', 'end')}${flow('f3', 'deadline', 'late')}`),
        message('news'),
      ),
      { ticket: 'T9' },
    );
    expect(d.state.timers).toHaveLength(2);
    expect(d.state.subscriptions).toHaveLength(1);
    const callKey = d.state.elementInstances.find((i) => i.elementId === 'call')!.key;

    d.commands = [];
    d.apply({ type: 'timer.fired', timerKey: d.timerFor('deadline')!.key }, 3_600_000);

    expect(d.state.elementInstances.filter((i) => ['sub', 'call', 'inner_wait', 'inner_msg'].includes(i.elementId)).map((i) => i.state)).toEqual(['terminated', 'terminated', 'terminated', 'terminated']);
    expect(d.commands).toEqual(expect.arrayContaining([
      { type: 'work.cancel', elementInstanceKey: callKey },
      expect.objectContaining({ type: 'timer.cancel' }),
      expect.objectContaining({ type: 'subscription.close' }),
    ]));
    expect(d.state.timers).toEqual([]);
    expect(d.state.subscriptions).toEqual([]);
    expect(d.state.status).toBe('completed');
    // a late result of the cancelled service task changes nothing
    expect(step(d.graph, d.state, { type: 'serviceTask.completed', elementInstanceKey: callKey, variables: {} }, 3_600_001).commands).toEqual([]);
  });

  it('refuses a message nobody waits for, so the publisher can buffer it', async () => {
    const d = await Drive.start(withRoots(bpmnDocument(`<bpmn:startEvent id="start" /><bpmn:receiveTask id="r" messageRef="Message_m" /><bpmn:endEvent id="end" />${flow('f1', 'start', 'r')}${flow('f2', 'r', 'end')}`), message('m')), { ticket: 42 });
    // the FEEL key is compared as a string
    expect(d.state.subscriptions?.[0]?.correlationKey).toBe('42');
    expect(() => d.apply({ type: 'message.correlate', name: 'm', correlationKey: '43', variables: {} }, 1)).toThrow(/no subscription/);
    d.apply({ type: 'message.correlate', name: 'm', correlationKey: '42', variables: {} }, 1);
    expect(d.state.status).toBe('completed');
  });

  it('raises an incident for a FEEL timer that is not a duration, and keeps the token there', async () => {
    const d = await Drive.start(bpmnDocument(`<bpmn:startEvent id="start" /><bpmn:intermediateCatchEvent id="wait">${timer('timeDuration', '=later')}</bpmn:intermediateCatchEvent><bpmn:endEvent id="end" />${flow('f1', 'start', 'wait')}${flow('f2', 'wait', 'end')}`), { later: 'tomorrow' });
    expect(d.state.incidents).toEqual([expect.objectContaining({ elementId: 'wait', type: 'EXPRESSION_ERROR' })]);
    expect(d.state.timers ?? []).toEqual([]);
  });

  it('keeps due times absolute: a duration counts from when the token arrived', async () => {
    const d = await Drive.start(bpmnDocument(`<bpmn:startEvent id="start" /><bpmn:intermediateCatchEvent id="wait">${timer('timeDuration', 'P1DT2H')}</bpmn:intermediateCatchEvent><bpmn:endEvent id="end" />${flow('f1', 'start', 'wait')}${flow('f2', 'wait', 'end')}`), {}, 5000);
    expect(d.commands).toEqual([expect.objectContaining({ type: 'timer.start', elementId: 'wait', dueAt: 5000 + 26 * 3_600_000 })]);
  });

  describe('signal deliveries', () => {
    // A non-interrupting signal event subprocess counts each signal that reaches the instance.
    const xml = withRoots(
      bpmnDocument(`<bpmn:startEvent id="start" /><bpmn:userTask id="work" /><bpmn:endEvent id="end" />${flow('f1', 'start', 'work')}${flow('f2', 'work', 'end')}
        <bpmn:subProcess id="note" triggeredByEvent="true"><bpmn:startEvent id="note_start" isInterrupting="false"><bpmn:signalEventDefinition signalRef="Signal_freeze" /></bpmn:startEvent>
        <bpmn:scriptTask id="tally"><bpmn:extensionElements><zeebe:script expression="=n + 1" resultVariable="n" /></bpmn:extensionElements></bpmn:scriptTask><bpmn:endEvent id="note_end" />${flow('n1', 'note_start', 'tally')}${flow('n2', 'tally', 'note_end')}</bpmn:subProcess>`),
      '<bpmn:signal id="Signal_freeze" name="freeze" />',
    );
    const freeze = (deliveryId?: string): EngineEvent => ({ type: 'signal.broadcast', name: 'freeze', variables: {}, ...(deliveryId ? { deliveryId } : {}) });

    it('ignores a delivery it already received, so a retried broadcast triggers nothing twice', async () => {
      const d = await Drive.start(xml, { n: 0 });
      d.apply(freeze('thrower/7'), 1).apply(freeze('thrower/7'), 2);
      expect(d.state.variables.n).toBe(1);
      expect(d.state.signalDeliveries).toEqual(['thrower/7']);
      d.apply(freeze('thrower/9'), 3);
      expect(d.state.variables.n).toBe(2);
    });

    it('still takes every broadcast without a delivery id (a person broadcasting twice means it twice)', async () => {
      const d = await Drive.start(xml, { n: 0 });
      d.apply(freeze(), 1).apply(freeze(), 2);
      expect(d.state.variables.n).toBe(2);
      expect(d.state.signalDeliveries).toBeUndefined();
    });

    it('remembers only the latest deliveries', async () => {
      const d = await Drive.start(xml, { n: 0 });
      for (let i = 0; i < MAX_REMEMBERED_DELIVERIES + 5; i++) d.apply(freeze(`thrower/${i}`), i + 1);
      expect(d.state.signalDeliveries).toHaveLength(MAX_REMEMBERED_DELIVERIES);
      expect(d.state.signalDeliveries?.[0]).toBe('thrower/5');
    });
  });
});
