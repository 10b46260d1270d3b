import { eventually } from '../support/eventually';
import { recordHistoryIfAsked } from '../support/record-history';
import { TestSystem } from '../support/test-system';
import { conformanceCases } from './cases';
import { conformanceActivities } from './task-types';

interface InstanceBody {
  status: string;
  variables: Record<string, unknown>;
  history: Array<{ elementId: string }>;
  openTasks: Array<{ id: string; elementId: string }>;
  incidents: Array<{ elementId: string; message: string }>;
}

/**
 * The conformance table on a real Temporal server, through the API, with real activities. Parallel
 * branches finish in any order here, so traces are compared as multisets; order is checked by the
 * interpreter run of the same table.
 */
describe('BPMN conformance (Temporal)', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await TestSystem.start({ extraActivities: conformanceActivities });
  });
  afterAll(async () => {
    await system?.close();
  });

  it.each(conformanceCases.map((c) => [c.id, c] as const))('%s', async (_id, testCase) => {
    for (const xml of testCase.decisions ?? []) {
      const deployed = await system.injectAs('admin', { method: 'POST', url: '/decision-definitions', payload: { xml } });
      expect([200, 201]).toContain(deployed.statusCode);
    }
    // A timer start needs a new version to be armed: make this run's diagram differ from earlier runs'.
    const mainXml = testCase.startedByTimer
      ? testCase.xml.replace(`<bpmn:process id="${testCase.id}"`, `<bpmn:process id="${testCase.id}" name="run ${Date.now()}"`)
      : testCase.xml;
    const deployedAt = Date.now();
    for (const xml of [...(testCase.called ?? []), mainXml]) {
      const deployed = await system.injectAs('admin', { method: 'POST', url: '/process-definitions', payload: { xml } });
      expect([200, 201]).toContain(deployed.statusCode);
    }
    let id: string;
    if (testCase.startedByTimer) {
      id = await eventually(
        async () => {
          const list = (await system.injectAs('admin', { method: 'GET', url: `/process-instances?processId=${testCase.id}` })).result as {
            items: Array<{ id: string; startedAt: string }>;
          };
          const fresh = list.items.find((i) => new Date(i.startedAt).getTime() >= deployedAt - 1000);
          if (!fresh) throw new Error('the timer has not started an instance yet');
          return fresh.id;
        },
        30_000,
        200,
      );
    } else if (testCase.startSignal) {
      const broadcast = await system.injectAs('tomas', {
        method: 'POST',
        url: '/signals',
        payload: { name: testCase.startSignal.name, variables: testCase.startSignal.variables ?? {} },
      });
      expect(broadcast.statusCode).toBe(200);
      id = (broadcast.result as { startedProcessInstanceIds: string[] }).startedProcessInstanceIds[0]!;
    } else if (testCase.startMessage) {
      const published = await system.injectAs('tomas', {
        method: 'POST',
        url: '/messages',
        payload: {
          name: testCase.startMessage.name,
          correlationKey: 'start',
          variables: testCase.startMessage.variables ?? {},
          timeToLive: 'PT0S',
        },
      });
      expect(published.statusCode).toBe(200);
      id = (published.result as { startedProcessInstanceIds: string[] }).startedProcessInstanceIds[0]!;
    } else {
      const started = await system.injectAs('admin', {
        method: 'POST',
        url: '/process-instances',
        payload: { processId: testCase.id, variables: testCase.variables ?? {} },
      });
      expect(started.statusCode).toBe(201);
      id = (started.result as { id: string }).id;
    }
    // Early messages go out before anything can wait for them: the buffer must hold them.
    for (const m of (testCase.messages ?? []).filter((m) => m.early)) {
      const published = await system.injectAs('tomas', {
        method: 'POST',
        url: '/messages',
        payload: { name: m.name, correlationKey: m.correlationKey, variables: m.variables ?? {}, timeToLive: 'PT1M' },
      });
      expect(published.statusCode).toBe(200);
    }
    const messages = (testCase.messages ?? []).filter((m) => !m.early);
    const signals = [...(testCase.signals ?? [])];
    /** User tasks whose assignment or update (taskChanges) was made through the API. */
    const changed = new Set<string>();

    const final = await eventually(
      async () => {
        const body = (await system.injectAs('admin', { method: 'GET', url: `/process-instances/${id}` })).result as InstanceBody;
        const task = body.openTasks.find(
          (t) => !testCase.leaveOpen?.includes(t.elementId) && !body.incidents.some((i) => i.elementId === t.elementId),
        );
        const change = task && !changed.has(task.elementId) ? testCase.taskChanges?.[task.elementId] : undefined;
        if (task && change) {
          const res = await system.injectAs(
            'admin',
            'assignee' in change
              ? { method: 'POST', url: `/tasks/${task.id}/assignment`, payload: { assignee: change.assignee } }
              : 'changes' in change
                ? { method: 'PATCH', url: `/tasks/${task.id}`, payload: change.changes }
                : {
                    method: 'PUT',
                    url: `/process-instances/${id}/variables`,
                    payload: {
                      variables: change.variables,
                      scopeKey: Number(task.id.split('.').at(-1)),
                      reason: 'conformance: task variables',
                    },
                  },
          );
          // Until it is taken, the task is neither completed nor counted as changed: a refusal times the case out, named.
          if (res.statusCode !== 200) throw new Error(`changing ${task.elementId} answered ${res.statusCode}: ${res.payload}`);
          changed.add(task.elementId);
          throw new Error(`changed ${task.elementId}; not settled yet`);
        }
        if (task) {
          await system.injectAs('admin', {
            method: 'POST',
            url: `/tasks/${task.id}/complete`,
            payload: { variables: testCase.userTasks?.[task.elementId] ?? {} },
          });
          throw new Error(`completed ${task.elementId}; not settled yet`);
        }
        // Each message (signal) in turn, without buffering, until an instance was waiting for it.
        const m = messages[0];
        if (m) {
          const published = await system.injectAs('tomas', {
            method: 'POST',
            url: '/messages',
            payload: { name: m.name, correlationKey: m.correlationKey, variables: m.variables ?? {}, timeToLive: 'PT0S' },
          });
          if ((published.result as { correlatedProcessInstanceIds: string[] }).correlatedProcessInstanceIds.includes(id)) messages.shift();
          throw new Error(`message ${m.name} published; not settled yet`);
        }
        const sig = signals[0];
        if (sig) {
          const broadcast = await system.injectAs('tomas', {
            method: 'POST',
            url: '/signals',
            payload: { name: sig.name, variables: sig.variables ?? {} },
          });
          if ((broadcast.result as { triggeredProcessInstanceIds: string[] }).triggeredProcessInstanceIds.includes(id)) signals.shift();
          throw new Error(`signal ${sig.name} broadcast; not settled yet`);
        }
        const settled =
          testCase.expect.status === 'completed'
            ? body.status === 'COMPLETED'
            : body.incidents.length === (testCase.expect.incidents ?? []).length;
        if (!settled) throw new Error(`instance is ${body.status} with ${body.incidents.length} incidents`);
        return body;
      },
      30_000,
      50,
    );

    await recordHistoryIfAsked(system, id, testCase.id);

    expect(final.history.map((h) => h.elementId).sort()).toEqual([...testCase.expect.trace].sort());
    if (testCase.expect.variables) expect(final.variables).toMatchObject(testCase.expect.variables);
    expect(final.incidents.map((i) => i.elementId)).toEqual(testCase.expect.incidents ?? []);
    for (const incident of final.incidents) expect(incident.message).toContain(testCase.expect.incidentMessage ?? '');
  });
});
