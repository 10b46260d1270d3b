import { readFileSync } from 'node:fs';
import { AuditEntry } from '../../service-catalog/audit/audit-entry.entity';
import { eventually } from '../support/eventually';
import { repoFile } from '../support/repo-root';
import { TestSystem } from '../support/test-system';

const xml = readFileSync(repoFile('test', 'fixtures', 'camunda-modeler', 'new-starter-laptop.bpmn'), 'utf8');
// The approval task links this form by id: Camunda 8 raises an incident when it is not deployed, and so do we.
const form = JSON.parse(readFileSync(repoFile('test', 'fixtures', 'camunda-modeler', 'manager-approval.form'), 'utf8')) as object;

interface Instance {
  status: string;
  openTasks: Array<{
    id: string;
    elementId: string;
    assignee?: string;
    dueDate?: string;
    formKey?: string;
    priority?: number;
    candidateGroups?: string[];
  }>;
  variables: Record<string, unknown>;
}

/**
 * A diagram as Camunda Modeler 5 exports it for Camunda 8 (versionTag, properties, forms, FEEL
 * assignee and due date, io mappings, annotations, DI) deploys and runs here unchanged.
 */
describe('a Camunda Modeler diagram runs unchanged', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await TestSystem.start();
  });
  afterAll(async () => {
    await system?.close();
  });

  const instance = async (id: string) =>
    (await system.injectAs('tomas', { method: 'GET', url: `/process-instances/${id}` })).result as Instance;
  const taskAt = (id: string, elementId: string) =>
    eventually(async () => {
      const task = (await instance(id)).openTasks.find((t) => t.elementId === elementId);
      if (!task) throw new Error(`no ${elementId} yet`);
      return task;
    });

  it('deploys without problems and runs the expensive path through finance approval', async () => {
    const deployed = await system.injectAs('marta', {
      method: 'POST',
      url: '/process-definitions',
      payload: {
        resources: [
          { name: 'new-starter-laptop.bpmn', xml },
          { name: 'manager-approval.form', form },
        ],
      },
    });
    expect([200, 201]).toContain(deployed.statusCode);
    expect((deployed.result as { warnings: unknown[] }).warnings).toEqual([]);

    const started = await system.injectAs('tomas', {
      method: 'POST',
      url: '/process-instances',
      payload: {
        processId: 'new-starter-laptop',
        variables: { manager: 'tomas', startDate: '2026-12-01', cost: 1500, model: 'X1 Carbon' },
      },
    });
    expect(started.statusCode).toBe(201);
    const id = (started.result as { id: string }).id;

    // Assignment, due date (FEEL), form and priority are resolved as Camunda 8 resolves them.
    const approval = await taskAt(id, 'Activity_ManagerApproval');
    expect(approval).toMatchObject({
      assignee: 'tomas',
      dueDate: '2026-11-29',
      formKey: 'manager-approval',
      priority: 60,
      candidateGroups: ['service-desk'],
    });
    expect(
      (
        await system.injectAs('tomas', {
          method: 'POST',
          url: `/tasks/${approval.id}/complete`,
          payload: { variables: { approved: true } },
        })
      ).statusCode,
    ).toBe(200);

    const finance = await taskAt(id, 'Activity_FinanceApproval');
    expect(
      (
        await system.injectAs('tomas', {
          method: 'POST',
          url: `/tasks/${finance.id}/complete`,
          payload: { variables: { financeApproved: true, scratch: 'local' } },
        })
      ).statusCode,
    ).toBe(200);

    const final = await eventually(async () => {
      const body = await instance(id);
      if (body.status !== 'COMPLETED') throw new Error(body.status);
      return body;
    });
    // Only the mapped output of the finance task reaches the process; its input stayed local.
    expect(final.variables).toMatchObject({ approved: true, financeApproved: true, cost: 1500 });
    expect(final.variables).not.toHaveProperty('amount');
    expect(final.variables).not.toHaveProperty('scratch');

    const audit = await system.adminEm().find(AuditEntry, { processInstanceId: id }, { orderBy: { elementId: 'asc' } });
    expect(audit.map((a) => a.action)).toEqual(['request.accounts.created', 'request.hardware.ordered']);
    expect(audit.find((a) => a.action === 'request.hardware.ordered')!.data).toMatchObject({ sku: 'X1 Carbon' });
  });

  it('deploys execution listeners, on a task and on the process itself', async () => {
    const listener = '<zeebe:executionListeners><zeebe:executionListener eventType="start" type="notify" /></zeebe:executionListeners>';
    const onTask = xml.replace(
      '<zeebe:taskDefinition type="audit" retries="3" />',
      `<zeebe:taskDefinition type="audit" retries="3" />${listener}`,
    );
    const deployed = await system.injectAs('marta', { method: 'POST', url: '/process-definitions', payload: { xml: onTask } });
    expect([200, 201]).toContain(deployed.statusCode);

    // Into the process's own extension elements: moddle keeps only one such block per element.
    const onProcess = xml.replace('<zeebe:versionTag value="2026.11" />', `<zeebe:versionTag value="2026.11" />${listener}`);
    const res = await system.injectAs('marta', { method: 'POST', url: '/process-definitions', payload: { xml: onProcess } });
    expect([200, 201]).toContain(res.statusCode);
  });
});
