import { randomUUID } from 'node:crypto';
import { migrationBatchWorkflowId } from '../../workflows/bpmn-process/migration-batch-messages';
import { eventually } from '../support/eventually';
import type { Body } from '../support/json-body';
import { recordHistoryIfAsked } from '../support/record-history';
import { TestSystem } from '../support/test-system';
import { twoStepProcess as diagram } from '../support/fixtures';

const INSTANCES = 200;

/**
 * Issue 22, batch migration: 200 running instances of v1 move to v2 with one mapping, in a workflow that
 * reports progress and a result per instance; the 3 that wait where v2 has nothing are reported with
 * why (in the preview first), never half-moved; the others go on in v2.
 */
describe('batch migration', () => {
  let system: TestSystem;
  const processId = `batch_${randomUUID().slice(0, 8)}`;
  const as = (username: string) => (method: string, url: string, payload?: unknown) =>
    system.injectAs(username, { method, url, ...(payload !== undefined ? { payload: payload as object } : {}) });
  const marta = as('marta');

  beforeAll(async () => {
    system = await TestSystem.start();
  });
  afterAll(async () => {
    await system?.close();
  });

  const waitingAt = (id: string, elementId: string) =>
    eventually(async () => {
      const d = (await marta('GET', `/process-instances/${id}`)).result as Body;
      const task = (d.openTasks as Body[] | undefined)?.find((t) => t.elementId === elementId);
      if (!task) throw new Error(`${id} is not waiting at ${elementId}`);
      return task as { id: string };
    }, 60_000);

  it('previews, then moves 200 instances with 3 that cannot move reported', async () => {
    const v1 = (await marta('POST', '/process-definitions', { xml: diagram(processId, 1) })).result as { id: string };
    const instances: string[] = [];
    for (let i = 0; i < INSTANCES; i++) {
      const res = await marta('POST', '/process-instances', { processId, businessKey: `batch-${i}` });
      expect(res.statusCode).toBe(201);
      instances.push((res.result as { id: string }).id);
    }
    const stuck = instances.slice(0, 3);
    for (const id of stuck) {
      const task = await waitingAt(id, 'A');
      expect((await marta('POST', `/tasks/${task.id}/complete`, { variables: {} })).statusCode).toBe(200);
      await waitingAt(id, 'B');
    }
    // Every other instance has reached A (the preview asks each for its state).
    for (const id of instances.slice(3)) await waitingAt(id, 'A');
    const v2 = (await marta('POST', '/process-definitions', { xml: diagram(processId, 2) })).result as { id: string };
    const request = { targetDefinitionId: v2.id, mappings: [{ from: 'A', to: 'A2' }] };

    // Only process owners and admins; the same version, or an instance not running on it, is refused naming the field.
    expect((await as('tomas')('POST', `/process-definitions/${v1.id}/migrations/preview`, request)).statusCode).toBe(403);
    const same = await marta('POST', `/process-definitions/${v1.id}/migrations/preview`, { targetDefinitionId: v1.id });
    expect(same.statusCode).toBe(422);
    expect(JSON.stringify(same.result)).toContain('payload.targetDefinitionId');
    const foreign = await marta('POST', `/process-definitions/${v1.id}/migrations`, { ...request, instanceIds: [randomUUID()] });
    expect(foreign.statusCode).toBe(422);
    expect(JSON.stringify(foreign.result)).toContain('payload.instanceIds');

    const preview = await marta('POST', `/process-definitions/${v1.id}/migrations/preview`, request);
    expect(preview.statusCode).toBe(200);
    const plan = preview.result as {
      total: number;
      movable: number;
      elements: Array<{ elementId: string; action: string; instances: number }>;
      refused: Array<{ instanceId: string; problems: Array<{ elementId?: string }> }>;
    };
    expect(plan).toMatchObject({ total: INSTANCES, movable: INSTANCES - 3 });
    expect(plan.elements).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ elementId: 'A', action: 'map', targetElementId: 'A2', instances: INSTANCES - 3 }),
        expect.objectContaining({ elementId: 'B', action: 'refuse', instances: 3 }),
      ]),
    );
    expect(plan.refused.map((r) => r.instanceId).sort()).toEqual([...stuck].sort());
    expect(plan.refused.every((r) => r.problems.some((p) => p.elementId === 'B'))).toBe(true);
    // The preview changed nothing.
    expect(((await marta('GET', `/process-instances/${instances[10]}`)).result as Body).version).toBe(1);

    const started = await marta('POST', `/process-definitions/${v1.id}/migrations`, request);
    expect(started.statusCode).toBe(202);
    const batchId = (started.result as { id: string }).id;
    const done = await eventually(async () => {
      const res = await marta('GET', `/process-migrations/${batchId}`);
      const b = res.result as { state: string; counts: Record<string, number> };
      if (b.state !== 'finished') throw new Error(`batch at ${JSON.stringify(b.counts)}`);
      return b;
    }, 240_000);
    expect(done).toMatchObject({ total: INSTANCES, counts: { pending: 0, migrated: INSTANCES - 3, failed: 3 } });
    const failed = (await marta('GET', `/process-migrations/${batchId}/items?state=failed`)).result as {
      items: Array<{ instanceId: string; message: string; problems: Array<{ elementId?: string }> }>;
    };
    expect(failed.items.map((i) => i.instanceId).sort()).toEqual([...stuck].sort());
    expect(failed.items.every((i) => i.problems.some((p) => p.elementId === 'B') && /B/.test(i.message))).toBe(true);

    // The stuck ones stay whole on v1; a moved one goes on in v2 and ends.
    expect(((await marta('GET', `/process-instances/${stuck[0]}`)).result as Body).version).toBe(1);
    const moved = instances[50]!;
    expect(((await marta('GET', `/process-instances/${moved}`)).result as Body).version).toBe(2);
    const a2 = await waitingAt(moved, 'A2');
    expect((await marta('POST', `/tasks/${a2.id}/complete`, { variables: {} })).statusCode).toBe(200);
    await eventually(async () => expect(((await marta('GET', `/process-instances/${moved}`)).result as Body).status).toBe('COMPLETED'));
    await recordHistoryIfAsked(system, migrationBatchWorkflowId(batchId), 'migration_batch');
  }, 600_000);
});
