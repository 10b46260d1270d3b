import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Ticket } from '../../service-catalog/tickets/domain/ticket.entity';
import { eventually } from '../support/eventually';
import { repoFile } from '../support/repo-root';
import { TestSystem } from '../support/test-system';

/**
 * The fault test kills the API mid-request. The one moment that loses an incident: after the ticket is
 * committed and before its workflow starts. The client's retry with the same Idempotency-Key must then
 * start the workflow, not just answer with a ticket nothing will ever move.
 */
describe('a ticket create retried after the API died before starting its process', () => {
  let system: TestSystem;
  const processId = `incident_crash_${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    system = await TestSystem.start({ ticketProcessIds: { incident: processId } });
    const xml = readFileSync(repoFile('test/fixtures/triage-incident.bpmn'), 'utf8').replace(/"incident"/g, `"${processId}"`);
    expect((await system.injectAs('marta', { method: 'POST', url: '/process-definitions', payload: { xml } })).statusCode).toBe(201);
  });
  afterAll(async () => {
    await system?.close();
  });

  it('starts the process on the retry, once', async () => {
    // Given a create that committed its ticket and then never got to start the workflow (the process died)
    const realStart = system.engine.start;
    let releaseFirst!: () => void;
    system.engine.start = () => new Promise<void>((resolve) => (releaseFirst = resolve));
    const title = `Crash while raising ${randomUUID()}`;
    const key = `crash-${randomUUID()}`;
    const create = () =>
      system.injectAs('tomas', {
        method: 'POST',
        url: '/tickets',
        payload: { title, description: 'x' },
        headers: { 'idempotency-key': key },
      });
    const first = create();
    const committed = await eventually(() => system.adminEm().findOneOrFail(Ticket, { title }), 10_000);
    system.engine.start = realStart;
    const handle = system.client.workflow.getHandle(committed.processInstanceId!);
    await expect(handle.describe()).rejects.toThrow(/not found/i);

    // When the client retries with the same key
    const retried = await create();

    // Then it gets the same ticket, and the ticket's process runs
    expect(retried.statusCode).toBe(200);
    expect((retried.result as { number: string }).number).toBe(committed.number);
    expect((await handle.describe()).status.name).toBe('RUNNING');
    expect(await system.adminEm().count(Ticket, { title })).toBe(1);
    // A second retry finds the workflow started and starts nothing more
    const again = await create();
    expect(again.statusCode).toBe(200);
    // (The first request, let go at last, answers with the same ticket.)
    releaseFirst();
    expect(((await first).result as { number: string }).number).toBe(committed.number);
    // (Visibility lags a little behind: wait until it lists the run.)
    await eventually(
      async () => {
        const runs = [];
        for await (const run of system.client.workflow.list({ query: `WorkflowId = '${committed.processInstanceId}'` }))
          runs.push(run.runId);
        expect(runs).toHaveLength(1);
      },
      10_000,
      250,
    );
  });
});
