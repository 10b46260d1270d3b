import { randomUUID } from 'node:crypto';
import { bpmnDocument, flow } from '../../engine/compiler/fixtures/make-bpmn';
import { eventually } from '../support/eventually';
import { camundaClientAs } from '../support/job-api';
import { multipart } from '../support/multipart';
import { TestSystem } from '../support/test-system';

interface Problem {
  code: string;
  details: Array<{ field: string; message: string; code?: string }>;
}
interface StartFormAnswer {
  definitionId: string;
  formKey: string | null;
  form: { schema: { id?: string; components: unknown[] }; formId?: string; version?: number } | null;
}

const NOW = { consistency: { waitUpToMs: 0 } };

/**
 * Start forms (Camunda 8's `zeebe:formDefinition` on the none start event): a process owner's form for
 * whoever starts an instance, linked to a deployed `.form` or embedded in the diagram. Flowdesk answers
 * it on its own API and on Camunda's (`hasStartForm`, `GET /v2/process-definitions/{key}/form`), and a
 * start through the form checks the answers on the server, refusing every bad field and starting nothing.
 */
describe('start forms', () => {
  let system: TestSystem;
  const tag = randomUUID().slice(0, 8).replace(/-/g, '');
  const linked = `order_${tag}`;
  const embedded = `note_${tag}`;
  const plain = `plain_${tag}`;
  const formId = `order-form-${tag}`;
  const orderForm = {
    id: formId,
    type: 'default',
    schemaVersion: 16,
    components: [
      { type: 'textfield', key: 'item', label: 'Item', validate: { required: true } },
      { type: 'number', key: 'quantity', label: 'Quantity', validate: { required: true, min: 1, max: 10 } },
    ],
  };
  const startingWith = (processId: string, startExtension: string, extra = '') =>
    bpmnDocument(
      `<bpmn:startEvent id="start"><bpmn:extensionElements>${startExtension}</bpmn:extensionElements></bpmn:startEvent>` +
        '<bpmn:userTask id="review" name="Review"><bpmn:extensionElements><zeebe:userTask /></bpmn:extensionElements></bpmn:userTask>' +
        `<bpmn:endEvent id="end" />${flow('f1', 'start', 'review')}${flow('f2', 'review', 'end')}`,
      processId,
    ).replace('</bpmn:process>', `${extra}</bpmn:process>`);
  const deploy = (files: Array<{ filename: string; content: string }>) =>
    system.injectAs('marta', {
      method: 'POST',
      url: '/v2/deployments',
      ...multipart(files.map((f) => ({ name: 'resources', filename: f.filename, content: f.content }))),
    });
  const definitionOf = async (processId: string) => {
    const res = await system.injectAs('tomas', { method: 'GET', url: `/process-definitions?processId=${processId}` });
    return (res.result as { items: Array<{ id: string; processId: string }> }).items.find((d) => d.processId === processId)!.id;
  };
  const startFormOf = async (processId: string) =>
    (await system.injectAs('tomas', { method: 'GET', url: `/process-definitions/${await definitionOf(processId)}/start-form` }))
      .result as StartFormAnswer;
  const start = (processId: string, variables: Record<string, unknown>, startForm = true) =>
    system.injectAs('tomas', { method: 'POST', url: '/process-instances', payload: { processId, variables, startForm } });
  const instancesOf = async (processId: string) =>
    ((await system.injectAs('tomas', { method: 'GET', url: `/process-instances?processId=${processId}` })).result as { items: unknown[] })
      .items.length;

  beforeAll(async () => {
    system = await TestSystem.start({ listen: true });
    const deployed = await deploy([
      { filename: `${linked}.bpmn`, content: startingWith(linked, `<zeebe:formDefinition formId="${formId}" bindingType="deployment" />`) },
      { filename: `${formId}.form`, content: JSON.stringify(orderForm) },
      {
        filename: `${embedded}.bpmn`,
        content: startingWith(
          embedded,
          '<zeebe:formDefinition formKey="camunda-forms:bpmn:NoteForm" />',
          `<bpmn:extensionElements><zeebe:userTaskForm id="NoteForm">${JSON.stringify({
            components: [{ type: 'textarea', key: 'note', label: 'Note', validate: { required: true, maxLength: 20 } }],
          })}</zeebe:userTaskForm></bpmn:extensionElements>`,
        ),
      },
      { filename: `${plain}.bpmn`, content: startingWith(plain, '') },
    ]);
    expect(deployed.statusCode).toBe(200);
  }, 300_000);
  afterAll(async () => {
    await system?.close();
  });

  it('answers the start form, linked or embedded, and none for a process without one', async () => {
    expect(await startFormOf(linked)).toMatchObject({
      formKey: formId,
      form: { formId, version: 1, schema: { id: formId, components: [expect.objectContaining({ key: 'item' }), expect.anything()] } },
    });
    expect(await startFormOf(embedded)).toMatchObject({
      formKey: 'camunda-forms:bpmn:NoteForm',
      form: { schema: { components: [expect.objectContaining({ key: 'note' })] } },
    });
    expect(await startFormOf(plain)).toMatchObject({ formKey: null, form: null });
  });

  it("tells Camunda's client which versions have one and serves the linked form", async () => {
    const camunda = await camundaClientAs(system, 'tomas', 'req:strict,res:strict');
    const found = { items: [] as Array<{ processDefinitionId: string; hasStartForm: boolean; processDefinitionKey: never }> };
    for (const processId of [linked, embedded, plain]) {
      const { items } = await camunda.searchProcessDefinitions({ filter: { processDefinitionId: processId as never } }, NOW);
      found.items.push(...(items as unknown as typeof found.items));
    }
    expect(Object.fromEntries(found.items.map((d) => [d.processDefinitionId, d.hasStartForm]))).toEqual({
      [linked]: true,
      [embedded]: true,
      [plain]: false,
    });
    const key = found.items.find((d) => d.processDefinitionId === linked)!.processDefinitionKey;
    expect((await camunda.getProcessDefinition({ processDefinitionKey: key }, NOW)).hasStartForm).toBe(true);
    const form = await camunda.getStartProcessForm({ processDefinitionKey: key }, NOW);
    expect(form).toMatchObject({ formId, version: 1, tenantId: '<default>', formKey: expect.stringMatching(/^\d+$/) });
    expect(JSON.parse(String(form!.schema))).toMatchObject({ id: formId });
    // an embedded form is not Camunda's to serve here, and a plain process has none: 204
    for (const processId of [embedded, plain]) {
      const other = found.items.find((d) => d.processDefinitionId === processId)!.processDefinitionKey;
      expect((await system.injectAs('tomas', { method: 'GET', url: `/v2/process-definitions/${other}/form` })).statusCode).toBe(204);
    }
  });

  it('starts through the form only with answers it accepts, naming every bad field and starting nothing', async () => {
    const before = await instancesOf(linked);
    const bad = await start(linked, { quantity: 50, colour: 'red' });
    expect(bad.statusCode).toBe(400);
    expect(bad.result).toMatchObject({ code: 'INVALID_FORM_ANSWERS' });
    expect((bad.result as Problem).details.map((d) => d.field).sort()).toEqual([
      'payload.variables.colour',
      'payload.variables.item',
      'payload.variables.quantity',
    ]);
    expect((await start(embedded, { note: 'x'.repeat(21) })).statusCode).toBe(400);
    const none = await start(plain, { anything: 1 });
    expect(none.statusCode).toBe(400);
    expect(none.result).toMatchObject({ code: 'NO_START_FORM', details: [expect.objectContaining({ field: 'payload.startForm' })] });
    expect(await instancesOf(linked)).toBe(before);

    const good = await start(linked, { item: 'Dock', quantity: 2 });
    expect(good.statusCode).toBe(201);
    const id = (good.result as { id: string }).id;
    await eventually(async () => {
      const detail = (await system.injectAs('tomas', { method: 'GET', url: `/process-instances/${id}` })).result as {
        variables: Record<string, unknown>;
        openTasks: unknown[];
      };
      expect(detail.variables).toMatchObject({ item: 'Dock', quantity: 2 });
      expect(detail.openTasks).toHaveLength(1);
    });
    // without startForm the API starts it as before, with whatever variables the caller sends
    expect((await start(linked, { anything: 1 }, false)).statusCode).toBe(201);
  });

  it('names a linked start form that is not deployed yet, and takes no answers for it', async () => {
    const waiting = `waiting_${tag}`;
    const res = await deploy([
      { filename: 'waiting.bpmn', content: startingWith(waiting, `<zeebe:formDefinition formId="later-${tag}" />`) },
    ]);
    expect(res.statusCode).toBe(200);
    expect(await startFormOf(waiting)).toMatchObject({ formKey: `later-${tag}`, form: null });
    const refused = await start(waiting, { item: 'x' });
    expect(refused.statusCode).toBe(400);
    expect(refused.result).toMatchObject({
      code: 'START_FORM_NOT_DEPLOYED',
      details: [expect.objectContaining({ field: 'payload.startForm' })],
    });
    expect(await instancesOf(waiting)).toBe(0);
  });

  it('refuses a start form bound to a deployment that does not bring it', async () => {
    const res = await deploy([
      {
        filename: 'lonely.bpmn',
        content: startingWith(`lonely_${tag}`, '<zeebe:formDefinition formId="missing-form" bindingType="deployment" />'),
      },
    ]);
    expect(res.statusCode).toBe(422);
    expect(res.result).toMatchObject({ details: [expect.objectContaining({ code: 'FORM_NOT_IN_DEPLOYMENT', elementId: 'start' })] });
  });
});
