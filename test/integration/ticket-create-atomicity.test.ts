import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import { EngineClient } from '../../workflows/client';
import { AuditLog } from '../../service-catalog/audit/audit-log.entity';
import type { Principal } from '../../service-catalog/identity/domain/principal';
import { ProcessInstance } from '../../service-catalog/processes/domain/process-instance.entity';
import { IdempotencyRecord } from '../../service-catalog/tickets/domain/idempotency-record.entity';
import { TicketService, ticketProcesses } from '../../service-catalog/tickets/domain/ticket-service';
import { Ticket } from '../../service-catalog/tickets/domain/ticket.entity';
import { repoFile } from '../support/repo-root';
import { TestSystem } from '../support/test-system';

/**
 * A ticket is committed before its workflow starts (so the workflow's first steps find it and no
 * pooled connection waits on Temporal). This pins what happens when Temporal then refuses the start.
 */
describe('creating a ticket whose process cannot start', () => {
  let system: TestSystem;
  const processId = `incident_atomic_${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    system = await TestSystem.start({ ticketProcessIds: { incident: processId } });
    const xml = readFileSync(repoFile('test/fixtures/triage-incident.bpmn'), 'utf8').replace(/"incident"/g, `"${processId}"`);
    expect((await system.injectAs('marta', { method: 'POST', url: '/process-definitions', payload: { xml } })).statusCode).toBe(201);
  });
  afterAll(async () => {
    await system?.close();
  });

  /** The service desk agent as the domain service sees a caller. */
  const agentTomas = async () => {
    const tomas = (await system.injectAs('tomas', { method: 'GET', url: '/me' })).result as { id: string };
    const principal: Principal = {
      userId: tomas.id,
      username: 'tomas',
      displayName: 'Tomas',
      roles: ['agent'],
      organizationId: null,
      servedOrganizationIds: [],
      groupKeys: [],
      via: 'jwt',
    };
    return { tomas, principal };
  };

  it('fails, leaves no ticket, instance or key behind, says so in the audit trail, and the same key works afterwards', async () => {
    const { tomas, principal } = await agentTomas();
    // A real Temporal client whose connection is gone: the start fails the way an outage does.
    const connection = await Connection.connect({ address: process.env.FLOWDESK_TEST_TEMPORAL_ADDRESS! });
    const unreachable = new EngineClient(new Client({ connection }), system.taskQueue);
    await connection.close();
    const title = `Outage while raising ${randomUUID()}`;
    const key = `atomic-${randomUUID()}`;

    const em = system.adminEm();
    await expect(
      new TicketService(em, ticketProcesses(unreachable, { incident: processId })).create(
        principal,
        { type: 'incident', title, description: 'x' },
        key,
      ),
    ).rejects.toThrow();

    const check = system.adminEm();
    expect(await check.count(Ticket, { title })).toBe(0);
    expect(await check.count(IdempotencyRecord, { key })).toBe(0);
    const abandoned = await check.find(AuditLog, {
      action: { $in: ['ticket.creationAbandoned', 'processInstance.startFailed'] },
      actorId: tomas.id,
    });
    expect(abandoned.map((a) => a.action).sort()).toEqual(['processInstance.startFailed', 'ticket.creationAbandoned']);
    const instanceId = abandoned.find((a) => a.action === 'processInstance.startFailed')!.entityId;
    expect(await check.count(ProcessInstance, { id: instanceId })).toBe(0);

    const retried = await system.injectAs('tomas', {
      method: 'POST',
      url: '/tickets',
      payload: { title, description: 'x' },
      headers: { 'idempotency-key': key },
    });
    expect(retried.statusCode).toBe(201);
    const ticket = await system.adminEm().findOneOrFail(Ticket, { title });
    expect(ticket.processInstanceId).not.toBeNull();
    expect(await system.adminEm().count(ProcessInstance, { id: ticket.processInstanceId! })).toBe(1);
  });

  it('keeps the ticket when its start failed past the deadline but reached Temporal after all', async () => {
    const { principal } = await agentTomas();
    // The real server starts the workflow, and the answer is lost on the way back, as when a slow
    // server answers after the client's deadline.
    class AnswerLost extends EngineClient {
      override async start(...args: Parameters<EngineClient['start']>): Promise<void> {
        await super.start(...args);
        throw new Error('4 DEADLINE_EXCEEDED: Deadline exceeded after 5.000s');
      }
    }
    const slow = new AnswerLost(system.client, system.taskQueue);
    const title = `Slow server while raising ${randomUUID()}`;

    const created = await new TicketService(system.adminEm(), ticketProcesses(slow, { incident: processId })).create(
      principal,
      { type: 'incident', title, description: 'x' },
      `landed-${randomUUID()}`,
    );

    const check = system.adminEm();
    const ticket = await check.findOneOrFail(Ticket, { title });
    expect(ticket.number).toBe(created.ticket.number);
    expect(await check.count(ProcessInstance, { id: ticket.processInstanceId! })).toBe(1);
    expect(
      await check.count(AuditLog, { action: { $in: ['ticket.creationAbandoned', 'processInstance.startFailed'] }, entityId: ticket.id }),
    ).toBe(0);
    expect((await system.client.workflow.getHandle(ticket.processInstanceId!).describe()).status.name).toBe('RUNNING');
  });
});
