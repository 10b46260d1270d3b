import { randomUUID } from 'node:crypto';
import { eventually } from '../support/eventually';
import type { Body } from '../support/json-body';
import { recordHistoryIfAsked } from '../support/record-history';
import { TestSystem } from '../support/test-system';

/**
 * Triage, then Work, which a boundary timer escalates to Escalated after the ticket's own `wait`.
 * A candidate may attach the escalation to Triage instead, give it a fixed duration, or add a
 * non-interrupting chaser that fires as soon as Escalated opens.
 */
function escalation(processId: string, change: { on?: 'Triage'; duration?: string; chase?: boolean } = {}): string {
  const task = (id: string) =>
    `<bpmn:userTask id="${id}" name="${id}"><bpmn:extensionElements><zeebe:userTask /><zeebe:assignmentDefinition candidateGroups="service-desk" /></bpmn:extensionElements></bpmn:userTask>`;
  const flow = (id: string, from: string, to: string) => `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}" />`;
  const timer = (id: string, on: string, duration: string, interrupting: boolean) =>
    `<bpmn:boundaryEvent id="${id}" attachedToRef="${on}" cancelActivity="${interrupting}"><bpmn:timerEventDefinition><bpmn:timeDuration>${duration}</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="d" targetNamespace="http://flowdesk.dev/test">
  <bpmn:process id="${processId}" isExecutable="true">
    <bpmn:startEvent id="S" />${task('Triage')}${task('Work')}${task('Escalated')}<bpmn:endEvent id="E" /><bpmn:endEvent id="EscalatedEnd" />
    ${timer('Escalate', change.on ?? 'Work', change.duration ?? '=wait', true)}
    ${flow('f1', 'S', 'Triage')}${flow('f2', 'Triage', 'Work')}${flow('f3', 'Work', 'E')}${flow('f4', 'Escalate', 'Escalated')}${flow('f5', 'Escalated', 'EscalatedEnd')}
    ${change.chase ? `${timer('Chase', 'Escalated', 'PT0S', false)}<bpmn:endEvent id="Chased" />${flow('f6', 'Chase', 'Chased')}` : ''}
  </bpmn:process>
</bpmn:definitions>`;
}

interface FiredTimer {
  elementId: string;
  at: number;
  dueAt: number;
  source: string;
  index?: number;
}
interface Side {
  status: string;
  path: string[];
  waits: Array<{ elementId: string }>;
  unfit: Array<{ elementId?: string; event: string; reason: string }>;
  timers: FiredTimer[];
  sla?: string;
}
interface Instance {
  instanceId: string;
  diverges: boolean;
  reasons: string[];
  recorded: Side;
  candidate: Side;
}
interface Run {
  id: string;
  state: string;
  totals: { instances: number; diverging: number; slaChanged: number; elements: Array<{ elementId: string; unfit: number }> };
}

/**
 * Issue 22, what-if with timers on a real server and worker: three tickets whose Work escalates after
 * their own `wait` — `late` (2 s, escalated, then done), `open` (2 s, escalated, still open at
 * Escalated) and `quick` (1 h, its Work done long before). The firings come back from Temporal's
 * histories by element and are replayed at the times they really fired.
 */
describe('what-if replay of recorded timer firings', () => {
  let system: TestSystem;
  const processId = `whatif_timers_${randomUUID().slice(0, 8)}`;
  const marta = (method: string, url: string, payload?: unknown) =>
    system.injectAs('marta', { method, url, ...(payload !== undefined ? { payload: payload as object } : {}) });
  const ids: Record<'late' | 'open' | 'quick', string> = { late: '', open: '', quick: '' };
  let definitionId: string;

  // Escalated opens only once the timer has fired on the server: wait for it as long as a loaded machine needs.
  const openTask = (id: string, elementId: string) =>
    eventually(async () => {
      const d = (await marta('GET', `/process-instances/${id}`)).result as Body;
      const t = (d.openTasks as Array<{ id: string; elementId: string }> | undefined)?.find((x) => x.elementId === elementId);
      if (!t) throw new Error(`${id} is not waiting at ${elementId}`);
      return t;
    }, 90_000);
  const complete = async (id: string, elementId: string) => {
    const task = await openTask(id, elementId);
    expect((await marta('POST', `/tasks/${task.id}/complete`, { variables: {} })).statusCode).toBe(200);
  };
  const replay = async (xml: string) => {
    const period = { from: new Date(Date.now() - 3_600_000).toISOString(), to: new Date(Date.now() + 60_000).toISOString() };
    const started = await marta('POST', `/process-definitions/${definitionId}/what-if`, { xml, ...period, slaHours: 1 });
    expect(started.statusCode).toBe(202);
    const runId = (started.result as Run).id;
    const run = await eventually(async () => {
      const r = (await marta('GET', `/process-what-ifs/${runId}`)).result as Run;
      if (r.state !== 'finished') throw new Error('still replaying');
      return r;
    }, 120_000);
    const items = ((await marta('GET', `/process-what-ifs/${runId}/instances?limit=200`)).result as { items: Instance[] }).items;
    const of = (key: keyof typeof ids) => items.find((i) => i.instanceId === ids[key])!;
    return { run, of };
  };

  beforeAll(async () => {
    system = await TestSystem.start();
    definitionId = ((await marta('POST', '/process-definitions', { xml: escalation(processId) })).result as { id: string }).id;
    for (const [key, wait] of [
      ['late', 'PT2S'],
      ['open', 'PT2S'],
      ['quick', 'PT1H'],
    ] as const) {
      const res = await marta('POST', '/process-instances', { processId, businessKey: key, variables: { wait } });
      expect(res.statusCode).toBe(201);
      ids[key] = (res.result as { id: string }).id;
      await complete(ids[key], 'Triage');
      if (key === 'open') await openTask(ids[key], 'Escalated');
      else await complete(ids[key], key === 'quick' ? 'Work' : 'Escalated');
    }
  }, 300_000);
  afterAll(async () => {
    await system?.close();
  });

  it('reads each firing back from the history and replays it at its recorded time on the diagram it ran', async () => {
    await recordHistoryIfAsked(system, ids.late, 'process_timer_escalation');
    const { run, of } = await replay(escalation(processId));
    expect(run.totals).toMatchObject({ instances: 3, diverging: 0 });
    const [fired] = of('late').recorded.timers;
    expect(fired).toMatchObject({ elementId: 'Escalate', source: 'recorded' });
    // Temporal fires a timer at or after its due time, never before.
    expect(fired!.at).toBeGreaterThanOrEqual(fired!.dueAt);
    expect(of('late').recorded).toMatchObject({ status: 'completed', unfit: [], sla: 'met' });
    expect(of('late').recorded.path).toEqual(['S', 'Triage', 'Work', 'Escalate', 'Escalated', 'EscalatedEnd']);
    expect(of('quick').recorded.timers).toEqual([]);
  }, 180_000);

  it('a timer moved to Triage: the recorded firings no longer fit and are reported, and the SLA changes', async () => {
    const { run, of } = await replay(escalation(processId, { on: 'Triage' }));
    // The escalated tickets left Triage before their firing: on the candidate nothing is armed then.
    for (const key of ['late', 'open'] as const) {
      const { candidate } = of(key);
      expect(of(key).diverges).toBe(true);
      expect(candidate.unfit[0]).toMatchObject({
        elementId: 'Escalate',
        reason: 'no timer of Escalate is armed here (the instance waits at Work)',
      });
      expect(candidate.unfit[0]!.event).toMatch(/^timer Escalate fired at /);
      expect(candidate).toMatchObject({ status: 'waiting', timers: [] });
      expect(candidate.waits.map((w) => w.elementId)).toEqual(['Work']);
    }
    expect(of('late').candidate.unfit[1]).toMatchObject({
      elementId: 'Escalated',
      reason: 'Escalated is not open here (the instance waits at Work)',
    });
    // `late` was done within the hour; on the candidate it still waits at Work.
    expect([of('late').recorded.sla, of('late').candidate.sla]).toEqual(['met', 'open']);
    expect(of('quick').diverges).toBe(false);
    expect(run.totals).toMatchObject({ instances: 3, diverging: 2, slaChanged: 1 });
    expect(run.totals.elements.find((e) => e.elementId === 'Escalate')).toMatchObject({ unfit: 2 });
  }, 180_000);

  it('a fixed half hour and a new chaser: recorded firings keep their time and name the new due time; the chaser is a new timer', async () => {
    const { run, of } = await replay(escalation(processId, { duration: 'PT30M', chase: true }));
    for (const key of ['late', 'open'] as const) {
      const { candidate, reasons } = of(key);
      const [escalate, chase] = candidate.timers;
      const recordedAt = of(key).recorded.timers[0]!.at;
      // The record's firing, at its time, though the candidate's timer would be due 30 minutes after Work opened.
      expect(escalate).toMatchObject({ elementId: 'Escalate', source: 'recorded', at: recordedAt });
      expect(escalate!.dueAt - escalate!.at).toBeGreaterThan(25 * 60_000);
      // The chaser the record never had fires at its due time, as Escalated opens.
      expect(chase).toEqual({ elementId: 'Chase', at: recordedAt, dueAt: recordedAt, source: 'new' });
      expect(reasons).toEqual(
        expect.arrayContaining([
          `timer Escalate fires at its recorded time ${new Date(recordedAt).toISOString()}, though here it is due ${new Date(escalate!.dueAt).toISOString()}`,
          `new timer fired: Chase at ${new Date(recordedAt).toISOString()}, its due time (the record never fired it)`,
        ]),
      );
    }
    // The escalation is still what really happened, so `late` completes as it did, through the chaser too.
    expect(of('late').candidate).toMatchObject({ status: 'completed', unfit: [], sla: 'met' });
    expect(of('quick').diverges).toBe(false);
    expect(run.totals).toMatchObject({ instances: 3, diverging: 2, slaChanged: 0 });
  }, 180_000);
});
