import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { EngineClient, ensureStartSweepSchedule, type StartProcessInstance } from '../../workflows/client';
import { startSweepScheduleId } from '../../workflows/bpmn-process/start-sweep-messages';
import { AuditEntry } from '../../service-catalog/audit/audit-entry.entity';
import { AuditLog } from '../../service-catalog/audit/audit-log.entity';
import type { Principal } from '../../service-catalog/identity/domain/principal';
import { ProcessInstance } from '../../service-catalog/processes/domain/process-instance.entity';
import { sweepUnstartedProcesses } from '../../service-catalog/processes/domain/start-sweep';
import { TicketService, ticketProcesses } from '../../service-catalog/tickets/domain/ticket-service';
import { Ticket } from '../../service-catalog/tickets/domain/ticket.entity';
import { eventually } from '../support/eventually';
import { recordHistoryIfAsked } from '../support/record-history';
import { repoFile } from '../support/repo-root';
import { TestSystem } from '../support/test-system';

/** An engine client of a process that dies after the ticket's commit and before its workflow start. */
class DiesBeforeStart extends EngineClient {
  readonly lost: string[] = [];
  override async start(req: StartProcessInstance): Promise<void> {
    this.lost.push(req.instanceId);
  }
}

/**
 * The crash window of ticket creation (issue 21): the ticket, its instance row and its audit entry are
 * committed, the process raising it dies before the workflow start. The sweep starts that workflow,
 * exactly once however often it runs.
 */
describe('the start sweep', () => {
  let system: TestSystem;
  const processId = `incident_sweep_${randomUUID().slice(0, 8)}`;
  let principal: Principal;

  beforeAll(async () => {
    system = await TestSystem.start({ ticketProcessIds: { incident: processId } });
    const xml = readFileSync(repoFile('test/fixtures/triage-incident.bpmn'), 'utf8').replace(/"incident"/g, `"${processId}"`);
    expect((await system.injectAs('marta', { method: 'POST', url: '/process-definitions', payload: { xml } })).statusCode).toBe(201);
    const tomas = (await system.injectAs('tomas', { method: 'GET', url: '/me' })).result as { id: string };
    principal = {
      userId: tomas.id,
      username: 'tomas',
      displayName: 'Tomas',
      roles: ['agent'],
      organizationId: null,
      servedOrganizationIds: [],
      groupKeys: [],
      via: 'jwt',
    };
  });
  afterAll(async () => {
    await system?.close();
  });

  async function raiseAndDie(title: string): Promise<{ ticket: Ticket; instanceId: string }> {
    const dying = new DiesBeforeStart(system.client, system.taskQueue);
    const { ticket } = await new TicketService(system.adminEm(), ticketProcesses(dying, { incident: processId })).create(principal, {
      type: 'incident',
      title,
      description: 'raised just before the API died',
    });
    expect(dying.lost).toEqual([ticket.processInstanceId]);
    expect(await system.engine.exists(ticket.processInstanceId!)).toBe(false);
    return { ticket, instanceId: ticket.processInstanceId! };
  }

  it('starts a committed ticket whose workflow never started, once: one workflow, one queue entry, one audit entry', async () => {
    const { ticket, instanceId } = await raiseAndDie(`Lost start ${randomUUID()}`);

    const first = await sweepUnstartedProcesses(system.adminEm(), system.engine, { graceMs: 0 });
    expect(first.started).toBeGreaterThanOrEqual(1);
    const { runId } = await system.client.workflow.getHandle(instanceId).describe();
    // The process runs on: its first step audits, then the ticket waits in the triage queue.
    const view = await eventually(async () => {
      const seen = await system.engine.inspect(instanceId);
      if (!seen.view?.openUserTasks.length) throw new Error('not in its queue yet');
      return seen.view;
    });
    expect(view.openUserTasks.map((t) => t.elementId)).toEqual(['Triage']);

    const second = await sweepUnstartedProcesses(system.adminEm(), system.engine, { graceMs: 0 });
    expect(second.started).toBe(0);
    expect((await system.client.workflow.getHandle(instanceId).describe()).runId).toBe(runId);
    const again = await system.engine.inspect(instanceId);
    expect(again.view!.openUserTasks.map((t) => t.elementId)).toEqual(['Triage']);

    const em = system.adminEm();
    expect(await em.count(Ticket, { title: ticket.title })).toBe(1);
    expect(await em.count(ProcessInstance, { businessKey: ticket.number })).toBe(1);
    expect(await em.count(AuditEntry, { processInstanceId: instanceId, elementId: 'LogIncident' })).toBe(1);
    expect(await em.count(AuditLog, { action: 'ticket.created', entityId: ticket.id })).toBe(1);
    expect((await em.findOneOrFail(ProcessInstance, { id: instanceId })).unconfirmedStart).toBeNull();
  });

  it('leaves a start younger than the grace period to the process that is making it', async () => {
    const { instanceId } = await raiseAndDie(`Young start ${randomUUID()}`);
    await sweepUnstartedProcesses(system.adminEm(), system.engine, { graceMs: 60_000 });
    expect(await system.engine.exists(instanceId)).toBe(false);
    expect((await system.adminEm().findOneOrFail(ProcessInstance, { id: instanceId })).unconfirmedStart).not.toBeNull();
  });

  it('runs once per cluster as a Temporal Schedule whose sweep, run by the worker, starts the lost workflow', async () => {
    const { instanceId } = await raiseAndDie(`Scheduled sweep ${randomUUID()}`);
    await system.adminEm().nativeUpdate(ProcessInstance, { id: instanceId }, { startedAt: new Date(Date.now() - 5 * 60_000) });
    // Two API nodes starting: the second finds the first one's schedule.
    await ensureStartSweepSchedule(system.client, system.taskQueue, 3600);
    await ensureStartSweepSchedule(system.client, system.taskQueue, 3600);
    const schedule = system.client.schedule.getHandle(startSweepScheduleId(system.taskQueue));
    try {
      await schedule.trigger();
      await eventually(async () => {
        if (!(await system.engine.exists(instanceId))) throw new Error('not started yet');
      });
      // The sweep the schedule started, finished, is what the replay gate replays with today's code.
      const sweepId = await eventually(async () => {
        const action = (await schedule.describe()).info.recentActions.at(-1);
        if (!action) throw new Error('the schedule has not run yet');
        const { status } = await system.client.workflow.getHandle(action.action.workflow.workflowId).describe();
        if (status.name !== 'COMPLETED') throw new Error(`sweep ${status.name}`);
        return action.action.workflow.workflowId;
      });
      await recordHistoryIfAsked(system, sweepId, 'process_start_sweep');
    } finally {
      await schedule.delete();
    }
  });
});
