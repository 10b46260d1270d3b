import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bpmnDocument, flow } from '../../engine/compiler/fixtures/make-bpmn';
import { Organization } from '../../service-catalog/identity/domain/organization.entity';
import { camundaClientAs, camundaKeyOf } from '../support/job-api';
import { TestSystem } from '../support/test-system';

const NOW = { consistency: { waitUpToMs: 0 } };

interface Problem {
  details: Array<{ field?: string }>;
}

/**
 * What a tool written for Camunda 8 reads before it starts or inspects something, through Camunda's own
 * TypeScript client against Flowdesk on real servers: the deployed versions, one version and its XML,
 * one process instance.
 */
describe("Camunda's process definition and instance reads", () => {
  let system: TestSystem;
  const tag = randomUUID().slice(0, 8).replace(/-/g, '');
  const processId = `camunda_reads_${tag}`;
  const keys: string[] = [];

  beforeAll(async () => {
    system = await TestSystem.start({ listen: true, uiDir: mkdtempSync(join(tmpdir(), 'flowdesk-no-ui-')) });
    for (const name of ['Reads v1', 'Reads v2']) {
      const xml = bpmnDocument(
        `<bpmn:startEvent id="start" /><bpmn:userTask id="wait" /><bpmn:endEvent id="end" />${flow('f1', 'start', 'wait')}${flow('f2', 'wait', 'end')}`,
        processId,
      ).replace(`id="${processId}"`, `id="${processId}" name="${name}"`);
      const deployed = await system.injectAs('marta', { method: 'POST', url: '/process-definitions', payload: { xml } });
      expect(deployed.statusCode).toBe(201);
      keys.push((deployed.result as { id: string }).id);
    }
  }, 300_000);
  afterAll(async () => {
    await system?.close();
  });

  it('lists the versions, the latest of each process, one version and its XML', async () => {
    const camunda = await camundaClientAs(system, 'tomas');
    const all = await camunda.searchProcessDefinitions(
      { filter: { processDefinitionId: processId as never }, sort: [{ field: 'version' }] },
      NOW,
    );
    // Camunda's numeric keys, each standing for one of Flowdesk's definition ids
    const numeric = [await camundaKeyOf(system, keys[0]!), await camundaKeyOf(system, keys[1]!)];
    expect(all.items).toEqual([
      expect.objectContaining({
        processDefinitionKey: numeric[0],
        version: 1,
        name: 'Reads v1',
        tenantId: '<default>',
        hasStartForm: false,
      }),
      expect.objectContaining({ processDefinitionKey: numeric[1], version: 2, name: 'Reads v2' }),
    ]);
    expect(all.page.totalItems).toBe(2);
    const latest = await camunda.searchProcessDefinitions(
      { filter: { processDefinitionId: processId as never, isLatestVersion: true } },
      NOW,
    );
    expect(latest.items.map((d) => d.version)).toEqual([2]);
    const older = await system.injectAs('tomas', {
      method: 'POST',
      url: '/v2/process-definitions/search',
      payload: { filter: { processDefinitionId: processId, isLatestVersion: false } },
    });
    expect((older.result as { items: Array<{ version: number }> }).items.map((d) => d.version)).toEqual([1]);

    expect(await camunda.getProcessDefinition({ processDefinitionKey: numeric[0] as never }, NOW)).toMatchObject({
      processDefinitionId: processId,
      version: 1,
      resourceName: `${processId}.bpmn`,
    });
    const xml = await system.injectAs('tomas', { method: 'GET', url: `/v2/process-definitions/${numeric[1]}/xml` });
    expect(xml.statusCode).toBe(200);
    expect(xml.headers['content-type']).toMatch(/^text\/xml/);
    expect(xml.payload).toContain(`name="Reads v2"`);
    expect(xml.payload).toContain('<bpmn:userTask id="wait"');

    expect((await system.injectAs('tomas', { method: 'GET', url: `/v2/process-definitions/${randomUUID()}` })).statusCode).toBe(404);
    const bad = await system.injectAs('tomas', { method: 'GET', url: '/v2/process-definitions/incident/xml' });
    expect(bad.statusCode).toBe(400);
    expect((bad.result as Problem).details).toEqual([expect.objectContaining({ field: 'params.processDefinitionKey' })]);
  });

  it('reads one process instance, and none of another organisation', async () => {
    const nordic = (await system.adminEm().findOneOrFail(Organization, { name: 'Nordic Logistics AS' })).id;
    const started = await system.injectAs('marta', {
      method: 'POST',
      url: '/v2/process-instances',
      payload: { processDefinitionId: processId, tenantId: nordic },
    });
    expect(started.statusCode).toBe(200);
    const id = (started.result as { processInstanceKey: string }).processInstanceKey;
    const instance = await (await camundaClientAs(system, 'nils')).getProcessInstance({ processInstanceKey: id as never }, NOW);
    expect(instance).toMatchObject({
      processInstanceKey: id,
      processDefinitionId: processId,
      processDefinitionVersion: 2,
      processDefinitionKey: await camundaKeyOf(system, keys[1]!),
      state: 'ACTIVE',
      tenantId: nordic,
    });
    // Agne serves Baltic only: Nordic's instance is unknown to her.
    expect((await system.injectAs('agne', { method: 'GET', url: `/v2/process-instances/${id}` })).statusCode).toBe(404);
    expect((await system.injectAs('nils', { method: 'GET', url: `/v2/process-instances/${randomUUID()}` })).statusCode).toBe(404);
  });
});
