import { AuditEntry } from '../../service-catalog/audit/audit-entry.entity';
import { ProcessDefinition } from '../../service-catalog/processes/domain/process-definition.entity';
import { eventually } from '../support/eventually';
import { incidentProcess } from '../support/fixtures';
import { TestSystem } from '../support/test-system';

/**
 * The whole chain on real servers: API → PostgreSQL → Temporal → worker interpreting BPMN → API.
 */
describe('walking skeleton: an incident process runs end to end', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await TestSystem.start();
  });
  afterAll(async () => {
    await system?.close();
  });

  // Marta owns the incident process and is in the service-desk group its user tasks name.
  const inject = (method: string, url: string, payload?: unknown) =>
    system.injectAs('marta', { method, url, ...(payload !== undefined ? { payload: payload as object } : {}) });

  async function deploy(xml: string) {
    const res = await inject('POST', '/process-definitions', { xml });
    expect(res.statusCode).toBe(201);
    return res.result as { id: string; processId: string; version: number };
  }

  async function start(processId: string, variables: Record<string, unknown> = {}) {
    const res = await inject('POST', '/process-instances', { processId, variables, businessKey: 'INC0001042' });
    expect(res.statusCode).toBe(201);
    return res.result as { id: string; version: number };
  }

  async function openTask(instanceId: string, elementId: string) {
    return eventually(async () => {
      const res = await inject('GET', `/process-instances/${instanceId}`);
      const task = (res.result as { openTasks: Array<{ id: string; elementId: string }> }).openTasks.find((t) => t.elementId === elementId);
      if (!task) throw new Error(`no open ${elementId} task yet`);
      return task;
    });
  }

  async function completed(instanceId: string) {
    return eventually(async () => {
      const res = await inject('GET', `/process-instances/${instanceId}`);
      const body = res.result as { status: string };
      if (body.status !== 'COMPLETED') throw new Error(`instance is ${body.status}`);
      return res.result as { status: string; variables: Record<string, unknown>; history: Array<{ elementId: string }>; version: number };
    });
  }

  async function auditActions(instanceId: string): Promise<string[]> {
    const rows = await system.adminEm().find(AuditEntry, { processInstanceId: instanceId }, { orderBy: { id: 'asc' } });
    return rows.map((r) => r.action);
  }

  it.each([
    ['P1', ['incident.logged', 'incident.major.paged', 'incident.closed']],
    ['P3', ['incident.logged', 'incident.closed']],
  ])('runs the %s branch from start to end and records the audit rows', async (priority, actions) => {
    const { processId, xml } = incidentProcess();
    await deploy(xml);
    const instance = await start(processId, { title: 'VPN will not connect' });

    const triage = await openTask(instance.id, 'Triage');
    expect(triage).toMatchObject({ name: 'Triage', candidateGroups: ['service-desk'] });
    const done = await inject('POST', `/tasks/${encodeURIComponent(triage.id)}/complete`, { variables: { priority } });
    expect(done.statusCode).toBe(200);

    const resolveTask = await openTask(instance.id, 'Resolve');
    expect((await inject('POST', `/tasks/${resolveTask.id}/complete`, { variables: { resolutionCode: 'fixed' } })).statusCode).toBe(200);

    const final = await completed(instance.id);
    expect(final.variables).toMatchObject({ title: 'VPN will not connect', priority, resolutionCode: 'fixed' });
    expect(final.history.map((h) => h.elementId)).toEqual(
      priority === 'P1' ? expect.arrayContaining(['PageOnCall']) : expect.not.arrayContaining(['PageOnCall']),
    );
    expect(await auditActions(instance.id)).toEqual(actions);

    // A task that is done cannot be completed again.
    const again = await inject('POST', `/tasks/${resolveTask.id}/complete`, { variables: {} });
    expect(again.statusCode).toBe(409);
  });

  it('keeps a running instance on version 1 after version 2 is deployed', async () => {
    const { processId, xml } = incidentProcess();
    const v1 = await deploy(xml);
    const instance = await start(processId);
    const triage = await openTask(instance.id, 'Triage');

    // v2 renames the page step's audit action; the running instance must not see it.
    const v2 = await deploy(xml.replace('incident.major.paged', 'incident.major.paged.v2'));
    expect([v1.version, v2.version]).toEqual([1, 2]);
    const redeploy = await inject('POST', '/process-definitions', { xml });
    expect(redeploy.statusCode).toBe(201); // v1's XML again is new relative to v2: version 3
    expect((redeploy.result as { version: number }).version).toBe(3);

    await inject('POST', `/tasks/${triage.id}/complete`, { variables: { priority: 'P1' } });
    const resolveTask = await openTask(instance.id, 'Resolve');
    await inject('POST', `/tasks/${resolveTask.id}/complete`, { variables: {} });
    const final = await completed(instance.id);
    expect(final.version).toBe(1);
    expect(await auditActions(instance.id)).toContain('incident.major.paged');

    const newer = await start(processId);
    expect(newer.version).toBe(3);
  });

  it('answers identical XML with the existing version instead of a new one', async () => {
    const { xml } = incidentProcess();
    const first = await deploy(xml);
    const same = await inject('POST', '/process-definitions', { xml });
    expect(same.statusCode).toBe(200);
    expect(same.result).toMatchObject({ id: first.id, version: 1, created: false });
  });

  describe('rejects bad diagrams, naming the element, and stores nothing', () => {
    const countDefinitions = () => system.orm.em.fork().count(ProcessDefinition, {});

    it.each([
      ['malformed XML', (xml: string) => xml.replace('</bpmn:process>', ''), 400, undefined],
      [
        'an unsupported element',
        (xml: string) =>
          xml
            .replace('<bpmn:exclusiveGateway id="PriorityMerge">', '<bpmn:complexGateway id="PriorityMerge">')
            .replace(
              '</bpmn:exclusiveGateway>\n    <bpmn:userTask id="Resolve"',
              '</bpmn:complexGateway>\n    <bpmn:userTask id="Resolve"',
            ),
        422,
        'PriorityMerge',
      ],
      ['an invalid FEEL condition', (xml: string) => xml.replace('=priority = "P1"', '=priority = "P1" and ('), 422, 'PriorityGateway'],
      ['a gateway flow without a condition', (xml: string) => xml.replace(' default="Flow_Other"', ''), 422, 'PriorityGateway'],
    ])('%s', async (_what, mutate, status, elementId) => {
      const before = await countDefinitions();
      const res = await inject('POST', '/process-definitions', { xml: mutate(incidentProcess().xml) });
      expect(res.statusCode).toBe(status);
      const body = res.result as { message: string; details: Array<{ elementId?: string }> };
      if (elementId) {
        expect(body.details.map((d) => d.elementId)).toContain(elementId);
        expect(body.message).toContain(elementId);
      }
      expect(await countDefinitions()).toBe(before);
    });

    it('a payload that is not a diagram at all', async () => {
      const res = await inject('POST', '/process-definitions', { xml: 42 });
      expect(res.statusCode).toBe(400);
      expect((res.result as { details: Array<{ field: string }> }).details.length).toBeGreaterThan(0);
    });
  });

  it('validates instance and task requests with the field at fault', async () => {
    const badStart = await inject('POST', '/process-instances', { processId: 'has spaces', variables: [] });
    expect(badStart.statusCode).toBe(400);
    const fields = (badStart.result as { details: Array<{ field: string }> }).details.map((d) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['payload.processId', 'payload.variables']));

    expect((await inject('POST', '/process-instances', { processId: 'never_deployed' })).statusCode).toBe(404);
    expect((await inject('POST', '/tasks/not-a-task/complete', { variables: {} })).statusCode).toBe(400);
    expect((await inject('POST', '/tasks/00000000-0000-4000-8000-000000000000.3/complete', { variables: {} })).statusCode).toBe(404);
    expect((await inject('GET', '/process-instances/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });

  it('lets an instance wait through a worker restart and finish afterwards', async () => {
    const { processId, xml } = incidentProcess();
    await deploy(xml);
    const instance = await start(processId);
    const triage = await openTask(instance.id, 'Triage');

    await system.stopWorker();
    try {
      // With no worker the live state cannot be read: the detail says so, the list answers from the projection.
      const one = await inject('GET', `/process-instances/${instance.id}`);
      expect(one.result).toMatchObject({ status: 'RUNNING', stateAvailable: false });
      const list = await eventually(async () => {
        const res = await inject('GET', `/process-instances?processId=${processId}`);
        expect(res.result).toMatchObject({
          items: [{ id: instance.id, status: 'RUNNING', stateSource: 'projection', activeElementIds: ['Triage'] }],
        });
        return res;
      });
      expect(list.statusCode).toBe(200);
    } finally {
      await system.startWorker();
    }

    expect((await inject('POST', `/tasks/${triage.id}/complete`, { variables: { priority: 'P2' } })).statusCode).toBe(200);
    const resolveTask = await openTask(instance.id, 'Resolve');
    await inject('POST', `/tasks/${resolveTask.id}/complete`, { variables: {} });
    expect((await completed(instance.id)).status).toBe('COMPLETED');
    expect(await auditActions(instance.id)).toEqual(['incident.logged', 'incident.closed']);
  });

  it('lists instances with their open tasks and serves the OpenAPI document', async () => {
    const { processId, xml } = incidentProcess();
    await deploy(xml);
    const instance = await start(processId);
    await openTask(instance.id, 'Triage');
    // The list may lag the workflow by one projection write.
    await eventually(async () => {
      const list = await inject('GET', `/process-instances?processId=${processId}`);
      expect(list.result).toMatchObject({
        total: 1,
        items: [{ id: instance.id, status: 'RUNNING', activeElementIds: ['Triage'], openTasks: [{ elementId: 'Triage' }] }],
      });
    });

    const openapi = await inject('GET', '/openapi.json');
    expect(openapi.statusCode).toBe(200);
    expect(Object.keys((openapi.result as { paths: object }).paths)).toEqual(
      expect.arrayContaining(['/process-definitions', '/process-instances', '/tasks/{id}/complete']),
    );
  });
});
