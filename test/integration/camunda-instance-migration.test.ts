import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ElementId, ProcessDefinitionId, type ProcessDefinitionKey } from '@camunda8/orchestration-cluster-api';
import { bpmnDocument, flow } from '../../engine/compiler/fixtures/make-bpmn';
import { Organization } from '../../service-catalog/identity/domain/organization.entity';
import { eventually } from '../support/eventually';
import { camundaClientAs } from '../support/job-api';
import { TestSystem } from '../support/test-system';

const NOW = { consistency: { waitUpToMs: 0 } };

/** start → a user task (its id given) → end. */
const oneTask = (processId: string, taskId: string) =>
  bpmnDocument(
    `<bpmn:startEvent id="start" /><bpmn:userTask id="${taskId}" name="Check"><bpmn:extensionElements><zeebe:userTask /></bpmn:extensionElements></bpmn:userTask>` +
      `<bpmn:endEvent id="end" />${flow('f1', 'start', taskId)}${flow('f2', taskId, 'end')}`,
    processId,
  );

/**
 * Camunda 8's instance migration through Camunda's own client with strict validation: a script moves a
 * running instance to the next version, mapping the element that was renamed; what it cannot move is
 * refused naming it, and nothing moves.
 */
describe("Camunda's process instance migration", () => {
  let system: TestSystem;
  const processId = `camunda_migrate_${randomUUID().slice(0, 8)}`;
  let nordic: string;
  const deploy = async (xml: string) => {
    const res = await system.injectAs('marta', { method: 'POST', url: '/process-definitions', payload: { xml } });
    expect(res.statusCode).toBe(201);
    return (res.result as { id: string }).id;
  };
  const start = async () => {
    const marta = await camundaClientAs(system, 'marta', 'req:strict,res:strict');
    const created = await marta.createProcessInstance({
      processDefinitionId: ProcessDefinitionId.assumeExists(processId),
      tenantId: nordic as never,
    });
    const key = created.processInstanceKey;
    await eventually(async () => {
      const { items } = await marta.searchElementInstances(
        { filter: { processInstanceKey: key, state: 'ACTIVE', type: 'USER_TASK' } },
        NOW,
      );
      expect(items).toHaveLength(1);
    });
    return key;
  };

  beforeAll(async () => {
    system = await TestSystem.start({ listen: true, uiDir: mkdtempSync(join(tmpdir(), 'flowdesk-no-ui-')) });
    nordic = (await system.adminEm().findOneOrFail(Organization, { name: 'Nordic Logistics AS' })).id;
    await deploy(oneTask(processId, 'check'));
  }, 300_000);
  afterAll(async () => {
    await system?.close();
  });

  it('moves a running instance to the next version, the renamed task where its instruction says', async () => {
    const first = await start();
    const second = await start();
    const v2 = await deploy(oneTask(processId, 'verify'));
    const marta = await camundaClientAs(system, 'marta', 'req:strict,res:strict');
    const definitionKey = (await marta.searchProcessDefinitions({ filter: { processDefinitionId: processId, version: 2 } }, NOW)).items[0]!
      .processDefinitionKey as ProcessDefinitionKey;

    // a task that has no target is refused naming it, and the instance stays where it was
    const refused = await system.injectAs('marta', {
      method: 'POST',
      url: `/v2/process-instances/${String(second)}/migration`,
      payload: { targetProcessDefinitionKey: String(definitionKey), mappingInstructions: [] },
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.payload).toContain('check');
    expect(await marta.getProcessInstance({ processInstanceKey: second }, NOW)).toMatchObject({ processDefinitionVersion: 1 });

    await marta.migrateProcessInstance({
      processInstanceKey: first,
      targetProcessDefinitionKey: definitionKey,
      mappingInstructions: [{ sourceElementId: ElementId.assumeExists('check'), targetElementId: ElementId.assumeExists('verify') }],
    });
    expect(await marta.getProcessInstance({ processInstanceKey: first }, NOW)).toMatchObject({
      processDefinitionVersion: 2,
      processDefinitionKey: definitionKey,
    });
    const { items } = await marta.searchElementInstances(
      { filter: { processInstanceKey: first, state: 'ACTIVE', type: 'USER_TASK' } },
      NOW,
    );
    expect(items.map((e) => e.elementId)).toEqual(['verify']);
    expect(v2).toMatch(/^[0-9a-f-]{36}$/);

    // an unknown version is named (another organisation's instance: the authorization matrix)
    const noVersion = await system.injectAs('marta', {
      method: 'POST',
      url: `/v2/process-instances/${String(second)}/migration`,
      payload: { targetProcessDefinitionKey: '9007199254740000', mappingInstructions: [] },
    });
    expect(noVersion.statusCode).toBe(404);
    expect(noVersion.payload).toContain('payload.targetProcessDefinitionKey');
  });
});
