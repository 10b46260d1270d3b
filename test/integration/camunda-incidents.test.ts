import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bpmnDocument, flow } from '../../engine/compiler/fixtures/make-bpmn';
import { Organization } from '../../service-catalog/identity/domain/organization.entity';
import { eventually } from '../support/eventually';
import { activateOneJob, camundaClientAs } from '../support/job-api';
import { recordHistoryIfAsked } from '../support/record-history';
import { TestSystem } from '../support/test-system';

interface FoundIncident {
  incidentKey: string;
  processInstanceKey: string;
  elementId: string;
  errorType: string;
  errorMessage: string;
  state: string;
  tenantId: string;
  creationTime: string;
}
interface Problem {
  details: Array<{ field?: string }>;
}

/**
 * What an operator's script written for Camunda 8 does with a stuck instance, through Camunda's REST API
 * on real servers: find the incident, read it, resolve it, and find it again as resolved; only within
 * the organisations the caller serves.
 */
describe("Camunda's incident search and lookup", () => {
  let system: TestSystem;
  const tag = randomUUID().slice(0, 8);
  const processId = `camunda_billing_${tag.replace(/-/g, '')}`;
  const type = `invoice-${tag}`;
  let nordic: string;

  beforeAll(async () => {
    system = await TestSystem.start({ listen: true, uiDir: mkdtempSync(join(tmpdir(), 'flowdesk-no-ui-')) });
    nordic = (await system.adminEm().findOneOrFail(Organization, { name: 'Nordic Logistics AS' })).id;
    const xml = bpmnDocument(
      `<bpmn:startEvent id="start" /><bpmn:serviceTask id="invoice" name="Invoice"><bpmn:extensionElements><zeebe:taskDefinition type="${type}" retries="1" /></bpmn:extensionElements></bpmn:serviceTask><bpmn:endEvent id="end" />` +
        `${flow('f1', 'start', 'invoice')}${flow('f2', 'invoice', 'end')}`,
      processId,
    );
    expect((await system.injectAs('marta', { method: 'POST', url: '/process-definitions', payload: { xml } })).statusCode).toBe(201);
  }, 300_000);
  afterAll(async () => {
    await system?.close();
  });

  const post = (user: string, url: string, payload: object) => system.injectAs(user, { method: 'POST', url, payload });
  const search = async (user: string, filter: object, extra: object = {}) => {
    const res = await post(user, '/v2/incidents/search', { filter, ...extra });
    expect(res.statusCode).toBe(200);
    return res.result as { items: FoundIncident[]; page: { totalItems: number } };
  };

  it('finds an open incident, reads it, and finds it resolved once its job ran again', async () => {
    const started = await post('marta', '/v2/process-instances', { processDefinitionId: processId, tenantId: nordic });
    expect(started.statusCode).toBe(200);
    const id = (started.result as { processInstanceKey: string }).processInstanceKey;
    const job = await activateOneJob(system, 'nils', type, { tenantIds: [nordic] });
    expect((await post('nils', `/v2/jobs/${job.jobKey}/failure`, { retries: 0, errorMessage: 'ledger offline' })).statusCode).toBe(204);

    // Camunda's client finds it by instance, as an operator's script would
    const camunda = await camundaClientAs(system, 'nils');
    const open = await eventually(async () => {
      const found = await camunda.searchIncidents({ filter: { processInstanceKey: id as never } }, { consistency: { waitUpToMs: 0 } });
      expect(found.items).toHaveLength(1);
      return found.items[0]! as unknown as FoundIncident;
    });
    expect(open).toMatchObject({
      processInstanceKey: id,
      elementId: 'invoice',
      errorType: 'JOB_NO_RETRIES',
      errorMessage: expect.stringContaining('ledger offline'),
      state: 'ACTIVE',
      tenantId: nordic,
    });
    expect(Date.parse(open.creationTime)).toBeGreaterThan(Date.now() - 120_000);
    expect((await system.injectAs('nils', { method: 'GET', url: `/v2/incidents/${open.incidentKey}` })).result).toMatchObject({
      incidentKey: open.incidentKey,
      state: 'ACTIVE',
    });
    expect((await search('nils', { processInstanceKey: id, errorType: 'JOB_NO_RETRIES', state: 'ACTIVE' })).items).toHaveLength(1);
    expect((await search('nils', { processInstanceKey: id, errorType: 'CONDITION_ERROR' })).items).toEqual([]);
    expect((await search('nils', { processInstanceKey: id, state: 'RESOLVED' })).items).toEqual([]);
    // Agne serves Baltic only: Nordic's incident is not hers to find or read.
    expect((await search('agne', { processInstanceKey: id })).items).toEqual([]);
    expect((await system.injectAs('agne', { method: 'GET', url: `/v2/incidents/${open.incidentKey}` })).statusCode).toBe(404);

    // resolved: the job runs again, its worker completes it, and the incident is listed as resolved
    expect((await post('marta', `/v2/incidents/${open.incidentKey}/resolution`, {})).statusCode).toBe(204);
    const again = await activateOneJob(system, 'nils', type, { tenantIds: [nordic] });
    expect((await post('nils', `/v2/jobs/${again.jobKey}/completion`, {})).statusCode).toBe(204);
    await eventually(async () =>
      expect((await search('nils', { processInstanceKey: id })).items).toEqual([
        expect.objectContaining({ incidentKey: open.incidentKey, state: 'RESOLVED', errorType: 'JOB_NO_RETRIES' }),
      ]),
    );
    await recordHistoryIfAsked(system, id, 'incident_history');
    expect((await search('nils', { processInstanceKey: id, state: { $in: ['ACTIVE', 'MIGRATED'] } })).items).toEqual([]);
    expect((await system.injectAs('nils', { method: 'GET', url: `/v2/incidents/${open.incidentKey}` })).result).toMatchObject({
      state: 'RESOLVED',
    });
  });

  it('lists a task that never opened (its form missing) as cancelled once its instance is, and its FORM_NOT_FOUND incident as resolved', async () => {
    const formless = `camunda_formless_${tag.replace(/-/g, '')}`;
    const xml = bpmnDocument(
      `<bpmn:startEvent id="start" /><bpmn:userTask id="fill" name="Fill in"><bpmn:extensionElements><zeebe:userTask /><zeebe:formDefinition formId="missing-${tag}" /></bpmn:extensionElements></bpmn:userTask><bpmn:endEvent id="end" />` +
        `${flow('f1', 'start', 'fill')}${flow('f2', 'fill', 'end')}`,
      formless,
    );
    expect((await system.injectAs('marta', { method: 'POST', url: '/process-definitions', payload: { xml } })).statusCode).toBe(201);
    const id = ((await post('marta', '/v2/process-instances', { processDefinitionId: formless })).result as { processInstanceKey: string })
      .processInstanceKey;
    await eventually(async () =>
      expect((await search('marta', { processInstanceKey: id })).items).toEqual([
        expect.objectContaining({ elementId: 'fill', errorType: 'FORM_NOT_FOUND', state: 'ACTIVE' }),
      ]),
    );
    const tasks = async () =>
      ((await post('marta', '/v2/user-tasks/search', { filter: { processInstanceKey: id } })).result as { items: Array<{ state: string }> })
        .items;
    expect(await tasks()).toEqual([]);
    expect((await post('marta', `/v2/process-instances/${id}/cancellation`, {})).statusCode).toBe(204);
    await eventually(async () => expect(await tasks()).toEqual([expect.objectContaining({ elementId: 'fill', state: 'CANCELED' })]));
    // Ending the instance resolved its incident, as in Camunda.
    expect((await search('marta', { processInstanceKey: id })).items).toEqual([
      expect.objectContaining({ errorType: 'FORM_NOT_FOUND', state: 'RESOLVED' }),
    ]);
    expect((await search('marta', { processInstanceKey: id, state: 'ACTIVE' })).items).toEqual([]);
  });

  it('refuses, naming the field, a key that is not an incident key and a state or error type Camunda does not have', async () => {
    const bad = await system.injectAs('nils', { method: 'GET', url: '/v2/incidents/invoice' });
    expect(bad.statusCode).toBe(400);
    expect((bad.result as Problem).details).toEqual([expect.objectContaining({ field: 'params.incidentKey' })]);
    const badKey = await post('nils', '/v2/incidents/search', { filter: { incidentKey: 'INC-42' } });
    expect(badKey.statusCode).toBe(400);
    expect((badKey.result as Problem).details).toEqual([expect.objectContaining({ field: 'payload.filter.incidentKey' })]);
    for (const filter of [{ state: 'BROKEN' }, { errorType: 'JOB_FAILED' }]) {
      const res = await post('nils', '/v2/incidents/search', { filter });
      expect(res.statusCode).toBe(400);
      expect((res.result as Problem).details).toEqual([expect.objectContaining({ field: expect.stringMatching(/^payload\.filter\./) })]);
    }
    expect((await system.injectAs('nils', { method: 'GET', url: `/v2/incidents/${randomUUID()}.7` })).statusCode).toBe(404);
  });
});
