import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bpmnDocument, flow } from '../../engine/compiler/fixtures/make-bpmn';
import { Organization } from '../../service-catalog/identity/domain/organization.entity';
import { eventually } from '../support/eventually';
import { camundaClientAs, camundaKeyOf, refOfCamundaKey } from '../support/job-api';
import { TestSystem } from '../support/test-system';

interface Job {
  jobKey: string;
  type: string;
  retries: number;
  variables: Record<string, unknown>;
  customHeaders: Record<string, string>;
  tenantId: string;
  processInstanceKey: string;
}

/**
 * External job workers (issue 16): a service task whose type nothing in-process serves waits as a job
 * until a worker takes it through Camunda 8's REST job API, here driven by hand and by Camunda's own
 * client, against a real Temporal server.
 */
describe('external job workers', () => {
  let system: TestSystem;
  const tag = randomUUID().slice(0, 8);
  beforeAll(async () => {
    system = await TestSystem.start({ listen: true, uiDir: mkdtempSync(join(tmpdir(), 'flowdesk-no-ui-')) });
  });
  afterAll(async () => {
    await system?.close();
  });

  const as = (user: string, method: string, url: string, payload?: object) =>
    system.injectAs(user, { method, url, ...(payload !== undefined ? { payload } : {}) });
  const deploy = async (xml: string) => expect((await as('marta', 'POST', '/process-definitions', { xml })).statusCode).toBe(201);
  const start = async (processId: string, variables: Record<string, unknown> = {}, organizationId?: string) => {
    const res = await as('marta', 'POST', '/process-instances', { processId, variables, ...(organizationId ? { organizationId } : {}) });
    expect(res.statusCode).toBe(201);
    return (res.result as { id: string }).id;
  };
  const instance = async (id: string) =>
    (await as('marta', 'GET', `/process-instances/${id}`)).result as {
      status: string;
      variables: Record<string, unknown>;
      incidents: Array<{ elementId: string; message: string }>;
      activeElementIds?: string[];
    };
  const activate = async (user: string, type: string, extra: object = {}) => {
    const res = await as(user, 'POST', '/v2/jobs/activation', {
      type,
      worker: 'test-worker',
      timeout: 60_000,
      maxJobsToActivate: 5,
      requestTimeout: 20_000,
      ...extra,
    });
    expect(res.statusCode).toBe(200);
    return (res.result as { jobs: Job[] }).jobs;
  };

  /** start → one external task of `type` (retries 3, a header) → end; a boundary catches BPMN error `NOT_FOUND`. */
  const jobProcess = (processId: string, type: string) =>
    bpmnDocument(
      `<bpmn:startEvent id="s" />
      <bpmn:serviceTask id="lookup" name="Look up the customer"><bpmn:extensionElements><zeebe:taskDefinition type="${type}" retries="3" /><zeebe:taskHeaders><zeebe:header key="endpoint" value="crm" /></zeebe:taskHeaders></bpmn:extensionElements></bpmn:serviceTask>
      <bpmn:boundaryEvent id="notFound" attachedToRef="lookup"><bpmn:errorEventDefinition id="ed" errorRef="err" /></bpmn:boundaryEvent>
      <bpmn:endEvent id="done" /><bpmn:endEvent id="missing" />
      ${flow('f0', 's', 'lookup')}${flow('f1', 'lookup', 'done')}${flow('f2', 'notFound', 'missing')}`,
      processId,
    ).replace('</bpmn:definitions>', '<bpmn:error id="err" name="not found" errorCode="NOT_FOUND" /></bpmn:definitions>');

  it('keeps a task of an unserved type waiting as a job, and completes it through the REST API once only', async () => {
    const type = `crm-lookup-${tag}`;
    await deploy(jobProcess(`jobs_${tag.replace(/-/g, '')}`, type));
    const id = await start(`jobs_${tag.replace(/-/g, '')}`, { customerId: 42 });

    const [job] = await activate('marta', type);
    expect(job).toMatchObject({
      type,
      retries: 3,
      customHeaders: { endpoint: 'crm' },
      variables: { customerId: 42 },
      tenantId: '<default>',
      processInstanceKey: await camundaKeyOf(system, id),
    });
    expect((await instance(id)).incidents).toEqual([]);

    expect((await as('marta', 'POST', `/v2/jobs/${job!.jobKey}/completion`, { variables: { tier: 'gold' } })).statusCode).toBe(204);
    await eventually(async () => expect(await instance(id)).toMatchObject({ status: 'COMPLETED', variables: { tier: 'gold' } }));
    // Completed once: the second answer finds no job, and nothing steps twice.
    expect((await as('marta', 'POST', `/v2/jobs/${job!.jobKey}/completion`, { variables: { tier: 'silver' } })).statusCode).toBe(404);
    expect((await instance(id)).variables.tier).toBe('gold');
  });

  it('answers an empty list after the request timeout for a type nobody serves', async () => {
    expect(await activate('marta', `nobody-${tag}`, { requestTimeout: 300 })).toEqual([]);
  });

  it('makes a timed-out job available again, and refuses the stale key', async () => {
    const type = `slow-${tag}`;
    const processId = `slow_${tag.replace(/-/g, '')}`;
    await deploy(jobProcess(processId, type));
    const id = await start(processId);
    const [first] = await activate('marta', type, { timeout: 1000 });
    expect(first).toBeDefined();
    const again = await eventually(async () => {
      const jobs = await activate('marta', type, { timeout: 60_000, requestTimeout: 5000 });
      expect(jobs).toHaveLength(1);
      return jobs[0]!;
    });
    expect(again.jobKey).not.toBe(first!.jobKey);
    expect((await as('marta', 'POST', `/v2/jobs/${first!.jobKey}/completion`, {})).statusCode).toBe(404);
    expect((await as('marta', 'POST', `/v2/jobs/${again.jobKey}/completion`, {})).statusCode).toBe(204);
    await eventually(async () => expect((await instance(id)).status).toBe('COMPLETED'));
  });

  it('keeps jobs to their organisation: another tenant neither takes nor answers them', async () => {
    const nordic = await system.adminEm().findOneOrFail(Organization, { name: 'Nordic Logistics AS' });
    const type = `tenant-${tag}`;
    const processId = `tenant_${tag.replace(/-/g, '')}`;
    await deploy(jobProcess(processId, type));
    const id = await start(processId, {}, nordic.id);
    // Agne serves only Baltic: she may not take Nordic's jobs, and internal work has none of them.
    expect(
      (await as('agne', 'POST', '/v2/jobs/activation', { type, timeout: 1000, maxJobsToActivate: 1, tenantIds: [nordic.id] })).statusCode,
    ).toBe(403);
    expect(await activate('agne', type, { requestTimeout: 300 })).toEqual([]);
    const [job] = await activate('nils', type, { tenantIds: [nordic.id] });
    expect(job).toMatchObject({ tenantId: nordic.id, processInstanceKey: await camundaKeyOf(system, id) });
    expect((await as('agne', 'POST', `/v2/jobs/${job!.jobKey}/completion`, {})).statusCode).toBe(404);
    // the signed token behind the key, tampered with, is refused too
    const token = await refOfCamundaKey(system, job!.jobKey);
    expect((await as('agne', 'POST', `/v2/jobs/${token}/completion`, {})).statusCode).toBe(404);
    expect((await as('marta', 'POST', `/v2/jobs/${token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'))}/completion`, {})).statusCode).toBe(
      404,
    );
    expect((await as('nils', 'POST', `/v2/jobs/${job!.jobKey}/completion`, {})).statusCode).toBe(204);
  });

  it("serves Camunda's own client as an external worker: completing, failing into an incident, a BPMN error caught", async () => {
    const type = `camunda-client-${tag}`;
    const processId = `client_${tag.replace(/-/g, '')}`;
    await deploy(jobProcess(processId, type));
    const camunda = await camundaClientAs(system, 'marta');

    const completed = await start(processId, { outcome: 'complete' });
    const failed = await start(processId, { outcome: 'fail' });
    const caught = await start(processId, { outcome: 'error' });
    const worker = camunda.createJobWorker({
      jobType: type,
      jobTimeoutMs: 30_000,
      maxParallelJobs: 3,
      pollTimeoutMs: 2000,
      jobHandler: async (job) => {
        const outcome = (job.variables as { outcome: string }).outcome;
        if (outcome === 'fail') return job.fail({ errorMessage: 'the CRM is down', retries: 0 });
        if (outcome === 'error') return job.error({ errorCode: 'NOT_FOUND', errorMessage: 'no such customer' });
        return job.complete({ handledBy: 'camunda-client' });
      },
    });
    try {
      await eventually(async () =>
        expect(await instance(completed)).toMatchObject({ status: 'COMPLETED', variables: { handledBy: 'camunda-client' } }),
      );
      const incident = await eventually(async () => {
        const { incidents } = await instance(failed);
        expect(incidents).toHaveLength(1);
        return incidents[0]!;
      });
      expect(incident).toMatchObject({ elementId: 'lookup' });
      expect(incident.message).toContain('the CRM is down');
      await eventually(async () => expect((await instance(caught)).status).toBe('COMPLETED'));
    } finally {
      worker.stop();
    }
  });
});
