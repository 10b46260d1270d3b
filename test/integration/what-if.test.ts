import { randomUUID } from 'node:crypto';
import { whatIfWorkflowId } from '../../workflows/bpmn-process/what-if-messages';
import { eventually } from '../support/eventually';
import type { Body } from '../support/json-body';
import { recordHistoryIfAsked } from '../support/record-history';
import { TestSystem } from '../support/test-system';

/** Triage, then Fix above impact `fixAbove` or Standard otherwise; with `approval`, an approval after triage. */
function triage(processId: string, change: { approval?: boolean; fixAbove?: number; broken?: boolean } = {}): string {
  const task = (id: string) =>
    `<bpmn:userTask id="${id}" name="${id}"><bpmn:extensionElements><zeebe:userTask /><zeebe:assignmentDefinition candidateGroups="service-desk" /></bpmn:extensionElements></bpmn:userTask>`;
  const flow = (id: string, from: string, to: string, condition?: string) =>
    condition
      ? `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${condition}</bpmn:conditionExpression></bpmn:sequenceFlow>`
      : `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}" />`;
  const above = change.fixAbove ?? 3;
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="d" targetNamespace="http://flowdesk.dev/test">
  <bpmn:process id="${processId}" isExecutable="true">
    <bpmn:startEvent id="S" />${task('Triage')}${change.approval ? task('Approve') : ''}
    <bpmn:exclusiveGateway id="Route" />${task('Fix')}${task('Standard')}<bpmn:endEvent id="E" />
    ${flow('f1', 'S', 'Triage')}${flow('f2', 'Triage', change.approval ? 'Approve' : 'Route')}${change.approval ? flow('f3', 'Approve', 'Route') : ''}
    ${flow('f_fix', 'Route', 'Fix', `=impact &gt; ${above}`)}${flow('f_std', 'Route', 'Standard', `=impact &lt;= ${above}`)}
    ${flow('f4', 'Fix', 'E')}${flow('f5', 'Standard', change.broken ? 'Nowhere' : 'E')}
  </bpmn:process>
</bpmn:definitions>`;
}

interface Run {
  id: string;
  state: string;
  total: number;
  diverging: number;
  totals: {
    instances: number;
    diverging: number;
    slaChanged: number;
    elements: Array<{ elementId: string; recorded: number; candidate: number; waiting: number; unfit: number }>;
  };
}
interface Instance {
  instanceId: string;
  businessKey: string | null;
  diverges: boolean;
  reasons: string[];
  recorded: { status: string; path: string[] };
  candidate: { status: string; path: string[]; waits: Array<{ elementId: string }>; unfit: Array<{ elementId?: string; reason: string }> };
}

/**
 * Issue 22, what-if replay against a real server and worker: four triaged tickets (impacts 1, 4, 5 and
 * 2, the last still open at Standard) replayed from their Temporal histories on candidates whose
 * divergences are known by construction; a candidate that does not compile and a period over the cap
 * are refused before anything is replayed.
 */
describe('what-if replay', () => {
  let system: TestSystem;
  const processId = `whatif_${randomUUID().slice(0, 8)}`;
  const as = (username: string) => (method: string, url: string, payload?: unknown) =>
    system.injectAs(username, { method, url, ...(payload !== undefined ? { payload: payload as object } : {}) });
  const marta = as('marta');
  const byKey: Record<string, string> = {};
  let definitionId: string;
  const period = () => ({ from: new Date(Date.now() - 3_600_000).toISOString(), to: new Date(Date.now() + 60_000).toISOString() });

  const complete = async (id: string, elementId: string) => {
    const task = await eventually(async () => {
      const d = (await marta('GET', `/process-instances/${id}`)).result as Body;
      const t = (d.openTasks as Array<{ id: string; elementId: string }> | undefined)?.find((x) => x.elementId === elementId);
      if (!t) throw new Error(`${id} is not waiting at ${elementId}`);
      return t;
    }, 60_000);
    expect((await marta('POST', `/tasks/${task.id}/complete`, { variables: {} })).statusCode).toBe(200);
  };
  const replay = async (xml: string) => {
    const started = await marta('POST', `/process-definitions/${definitionId}/what-if`, { xml, ...period(), slaHours: 1 });
    expect(started.statusCode).toBe(202);
    const runId = (started.result as Run).id;
    const run = await eventually(async () => {
      const r = (await marta('GET', `/process-what-ifs/${runId}`)).result as Run;
      if (r.state !== 'finished') throw new Error('still replaying');
      return r;
    }, 120_000);
    const items = ((await marta('GET', `/process-what-ifs/${runId}/instances?limit=200`)).result as { items: Instance[] }).items;
    return { run, runId, items, key: (i: Instance) => Object.keys(byKey).find((k) => byKey[k] === i.instanceId) };
  };

  beforeAll(async () => {
    system = await TestSystem.start();
    definitionId = ((await marta('POST', '/process-definitions', { xml: triage(processId) })).result as { id: string }).id;
    for (const [key, impact] of [
      ['low', 1],
      ['four', 4],
      ['five', 5],
      ['open', 2],
    ] as const) {
      const res = await marta('POST', '/process-instances', { processId, businessKey: key, variables: { impact } });
      expect(res.statusCode).toBe(201);
      byKey[key] = (res.result as { id: string }).id;
      await complete(byKey[key]!, 'Triage');
      if (key !== 'open') await complete(byKey[key]!, impact > 3 ? 'Fix' : 'Standard');
    }
  }, 240_000);
  afterAll(async () => {
    await system?.close();
  });

  it('a changed condition: only the ticket of impact 4 goes the other way, and its Fix completion no longer fits', async () => {
    const { run, runId, items, key } = await replay(triage(processId, { fixAbove: 4 }));
    // The replay gate replays this run's workflow (chunks, then the totals) with today's code.
    await eventually(async () => {
      const { status } = await system.client.workflow.getHandle(whatIfWorkflowId(runId)).describe();
      if (status.name !== 'COMPLETED') throw new Error(`what-if workflow ${status.name}`);
    }, 60_000);
    await recordHistoryIfAsked(system, whatIfWorkflowId(runId), 'process_what_if');
    expect(run).toMatchObject({ total: 4, diverging: 1, totals: { instances: 4, diverging: 1 } });
    const diverging = items.filter((i) => i.diverges);
    expect(diverging.map(key)).toEqual(['four']);
    expect(diverging[0]!.recorded).toMatchObject({ status: 'completed', path: ['S', 'Triage', 'Route', 'Fix', 'E'] });
    expect(diverging[0]!.candidate.waits.map((w) => w.elementId)).toEqual(['Standard']);
    expect(diverging[0]!.candidate.unfit).toEqual([
      expect.objectContaining({ elementId: 'Fix', reason: 'Fix is not open here (the instance waits at Standard)' }),
    ]);
    // The open ticket waits where it really waits, on both diagrams.
    expect(items.find((i) => key(i) === 'open')).toMatchObject({ diverges: false, recorded: { status: 'waiting' } });
  }, 180_000);

  it('a new mandatory approval: every ticket waits there, and the SLA of every closed one breaks', async () => {
    const { run, items } = await replay(triage(processId, { approval: true }));
    expect(run.totals).toMatchObject({ instances: 4, diverging: 4, slaChanged: 3 });
    expect(items.every((i) => i.candidate.waits.map((w) => w.elementId).join() === 'Approve')).toBe(true);
    expect(run.totals.elements.find((e) => e.elementId === 'Approve')).toMatchObject({ recorded: 0, candidate: 4, waiting: 4 });
  }, 180_000);

  it('refuses a candidate that does not compile with its element ids, and a period over the cap naming it', async () => {
    const broken = await marta('POST', `/process-definitions/${definitionId}/what-if`, {
      xml: triage(processId, { broken: true }),
      ...period(),
    });
    expect(broken.statusCode).toBe(422);
    expect(JSON.stringify(broken.result)).toContain('f5');
    const reversed = await marta('POST', `/process-definitions/${definitionId}/what-if`, {
      xml: triage(processId),
      from: period().to,
      to: period().from,
    });
    expect(reversed.statusCode).toBe(400);
    expect(JSON.stringify(reversed.result)).toContain('to');
    expect(
      (await as('tomas')('POST', `/process-definitions/${definitionId}/what-if`, { xml: triage(processId), ...period() })).statusCode,
    ).toBe(403);
    const cap = system.server.app.whatIfMaxInstances;
    system.server.app.whatIfMaxInstances = 3;
    try {
      const over = await marta('POST', `/process-definitions/${definitionId}/what-if`, { xml: triage(processId), ...period() });
      expect(over.statusCode).toBe(422);
      expect(JSON.stringify(over.result)).toContain('FLOWDESK_WHATIF_MAX_INSTANCES');
      expect(JSON.stringify(over.result)).toContain('at most 3');
    } finally {
      system.server.app.whatIfMaxInstances = cap;
    }
  });
});
