import { compileProcess } from '../compiler';
import { bpmnDocument, flow, serviceTask } from '../compiler/fixtures/make-bpmn';
import { describeWait, explainWaits, type Wait } from './explain-waits';
import { startProcess, step } from './interpreter';

const timer = (kind: string, value: string) =>
  `<bpmn:timerEventDefinition><bpmn:${kind}>${value}</bpmn:${kind}></bpmn:timerEventDefinition>`;
const withMessage = (xml: string, name: string) =>
  xml.replace(
    '</bpmn:definitions>',
    `<bpmn:message id="Message_${name}" name="${name}"><bpmn:extensionElements><zeebe:subscription correlationKey="=ticket" /></bpmn:extensionElements></bpmn:message></bpmn:definitions>`,
  );
const HOUR = 3_600_000;
const utc = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
const sentences = (waits: Wait[]) => waits.map((w) => describeWait(w, utc));

/** Issue 22: every kind of wait is named, with who or what ends it and what happens then. */
describe('why an instance waits', () => {
  it('names the user task’s candidates and the boundary timers on it, in due order, with what each does', async () => {
    const { graph } = await compileProcess(
      bpmnDocument(`<bpmn:startEvent id="s" />
        <bpmn:userTask id="triage" name="Triage"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="service-desk, network" /></bpmn:extensionElements></bpmn:userTask>
        <bpmn:boundaryEvent id="breach" name="Resolution deadline" attachedToRef="triage">${timer('timeDuration', 'PT8H')}</bpmn:boundaryEvent>
        <bpmn:boundaryEvent id="remind" name="Reminder" attachedToRef="triage" cancelActivity="false">${timer('timeCycle', 'R3/PT1H')}</bpmn:boundaryEvent>
        <bpmn:endEvent id="done" /><bpmn:endEvent id="escalated" name="Escalate" /><bpmn:endEvent id="reminded" name="Remind the group" />
        ${flow('f0', 's', 'triage')}${flow('f1', 'triage', 'done')}${flow('f2', 'breach', 'escalated')}${flow('f3', 'remind', 'reminded')}`),
    );
    const { state } = startProcess(graph, {}, 0);
    const waits = explainWaits(graph, state);
    expect(waits.map((w) => w.kind)).toEqual(['userTask', 'timer', 'timer']);
    expect(waits[0]).toMatchObject({ elementId: 'triage', candidateGroups: ['service-desk', 'network'], since: 0 });
    expect(waits[1]).toMatchObject({
      elementId: 'remind',
      dueAt: HOUR,
      repeatsLeft: 2,
      effect: { type: 'runs-beside', activity: 'Triage' },
    });
    expect(waits[2]).toMatchObject({ elementId: 'breach', dueAt: 8 * HOUR, effect: { type: 'interrupts', next: ['Escalate'] } });
    expect(sentences(waits)).toEqual([
      'Waiting for the service-desk group or the network group to complete “Triage” (open since 1970-01-01 00:00).',
      'At 1970-01-01 01:00 the timer “Reminder” runs Remind the group beside “Triage”, then 2 more times.',
      'At 1970-01-01 08:00 the timer “Resolution deadline” stops “Triage” and goes on to Escalate.',
    ]);
  });

  it('names the message with its correlation key, and the timer that races it after an event-based gateway', async () => {
    const { graph } = await compileProcess(
      withMessage(
        bpmnDocument(`<bpmn:startEvent id="s" /><bpmn:eventBasedGateway id="gw" />
          <bpmn:intermediateCatchEvent id="reply" name="Caller replies"><bpmn:messageEventDefinition messageRef="Message_customer-reply" /></bpmn:intermediateCatchEvent>
          <bpmn:intermediateCatchEvent id="silence" name="No reply in 3 days">${timer('timeDuration', 'P3D')}</bpmn:intermediateCatchEvent>
          <bpmn:userTask id="work" name="Work on it" /><bpmn:endEvent id="closed" name="Close unanswered" />
          ${flow('f0', 's', 'gw')}${flow('f1', 'gw', 'reply')}${flow('f2', 'gw', 'silence')}${flow('f3', 'reply', 'work')}${flow('f4', 'silence', 'closed')}`),
        'customer-reply',
      ),
    );
    const { state } = startProcess(graph, { ticket: 'INC0000007' }, 0);
    const waits = explainWaits(graph, state);
    expect(waits).toEqual([
      expect.objectContaining({
        kind: 'timer',
        elementId: 'silence',
        dueAt: 72 * HOUR,
        effect: { type: 'continues', next: ['Close unanswered'] },
      }),
      expect.objectContaining({
        kind: 'message',
        messageName: 'customer-reply',
        correlationKey: 'INC0000007',
        effect: { type: 'continues', next: ['Work on it'] },
      }),
    ]);
    expect(sentences(waits)[1]).toBe(
      'Waiting for the message “customer-reply” with key INC0000007; when it arrives it goes on to Work on it.',
    );
  });

  it('names a service task’s worker while it runs, and only the incident once it failed', async () => {
    const { graph } = await compileProcess(
      bpmnDocument(
        `<bpmn:startEvent id="s" />${serviceTask('notify', 'send-mail')}<bpmn:endEvent id="e" />${flow('f0', 's', 'notify')}${flow('f1', 'notify', 'e')}`,
      ),
    );
    const started = startProcess(graph, {}, 0);
    expect(explainWaits(graph, started.state)).toEqual([
      expect.objectContaining({ kind: 'job', taskType: 'send-mail', elementId: 'notify' }),
    ]);
    const key = started.state.elementInstances.find((i) => i.elementId === 'notify')!.key;
    const failed = step(graph, started.state, { type: 'serviceTask.failed', elementInstanceKey: key, message: 'SMTP refused' }, 5000).state;
    const waits = explainWaits(graph, failed);
    expect(waits).toEqual([
      expect.objectContaining({ kind: 'incident', incidentType: 'JOB_FAILED', message: 'SMTP refused', since: 5000 }),
    ]);
    expect(sentences(waits)[0]).toMatch(/^Stuck at “notify” since 1970-01-01 00:00: SMTP refused \(JOB_FAILED\)/);
  });

  it('says nothing for an instance that has ended', async () => {
    const { graph } = await compileProcess(bpmnDocument(`<bpmn:startEvent id="s" /><bpmn:endEvent id="e" />${flow('f0', 's', 'e')}`));
    const { state } = startProcess(graph, {}, 0);
    expect(state.status).toBe('completed');
    expect(explainWaits(graph, state)).toEqual([]);
  });
});
