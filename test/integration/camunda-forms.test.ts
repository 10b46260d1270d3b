import { readFileSync } from 'node:fs';
import { eventually } from '../support/eventually';
import { multipart } from '../support/multipart';
import { repoFile } from '../support/repo-root';
import { TestSystem } from '../support/test-system';

const bpmn = readFileSync(repoFile('test', 'fixtures', 'camunda-modeler', 'hardware-request.bpmn'), 'utf8');
const formText = readFileSync(repoFile('test', 'fixtures', 'camunda-modeler', 'hardware-review.form'), 'utf8');
const form = JSON.parse(formText) as { components: Array<Record<string, unknown>> };

interface Problem {
  code: string;
  details: Array<{ field: string; message: string; code?: string; elementId?: string }>;
}
interface TaskForm {
  taskId: string;
  formKey: string | null;
  form: { schema: { id?: string; components: unknown[] }; formId?: string; version?: number; data: Record<string, unknown> } | null;
}

/** A deployed form in Camunda's answer: the item's other kinds are null. */
const OTHERS_NULL = { processDefinition: null, decisionDefinition: null, decisionRequirements: null, resource: null };

/**
 * Camunda forms (issue 16): a Camunda Modeler .bpmn + .form pair deploys as one deployment; the
 * task's form comes prefilled from the variables it names; completing it checks the answers against
 * the form on the server, refusing every bad field by name and completing nothing.
 */
describe('Camunda forms', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await TestSystem.start();
  });
  afterAll(async () => {
    await system?.close();
  });

  const deploy = (files: Array<{ filename: string; content: string }>) =>
    system.injectAs('marta', {
      method: 'POST',
      url: '/v2/deployments',
      ...multipart(
        files.map((f) => ({ name: 'resources', filename: f.filename, contentType: 'application/octet-stream', content: f.content })),
      ),
    });
  const openTask = (instanceId: string, elementId: string) =>
    eventually(async () => {
      const res = await system.injectAs('tomas', { method: 'GET', url: `/process-instances/${instanceId}` });
      const task = (res.result as { openTasks: Array<{ id: string; elementId: string }> }).openTasks.find((t) => t.elementId === elementId);
      if (!task) throw new Error(`no ${elementId} yet`);
      return task.id;
    });
  const taskForm = async (taskId: string) => {
    const res = await system.injectAs('tomas', { method: 'GET', url: `/tasks/${taskId}/form` });
    expect(res.statusCode).toBe(200);
    return res.result as TaskForm;
  };
  const complete = (taskId: string, variables: Record<string, unknown>) =>
    system.injectAs('tomas', { method: 'POST', url: `/tasks/${taskId}/complete`, payload: { variables } });

  it('refuses a form that is not JSON (400) or that the server cannot check (422), naming the field path; nothing is deployed', async () => {
    const notJson = await deploy([
      { filename: 'hardware-request.bpmn', content: bpmn },
      { filename: 'hardware-review.form', content: '{ "id": "hardware-review", ' },
    ]);
    expect(notJson.statusCode).toBe(400);
    expect((notJson.result as Problem).details).toEqual([expect.objectContaining({ field: 'payload.resources[1]' })]);

    const broken = {
      ...form,
      id: '',
      components: [...form.components, { type: 'number', key: 'n', validate: { min: 'ten' } }, { type: 'textfield', label: 'no key' }],
    };
    const res = await deploy([
      { filename: 'hardware-request.bpmn', content: bpmn },
      { filename: 'hardware-review.form', content: JSON.stringify(broken) },
    ]);
    expect(res.statusCode).toBe(422);
    expect((res.result as Problem).details.map((d) => d.field)).toEqual([
      'payload.resources[1].id',
      'payload.resources[1].components.7.validate.min',
      'payload.resources[1].components.8',
    ]);
    const definitions = await system.injectAs('marta', { method: 'GET', url: '/process-definitions?processId=hardware-request' });
    expect((definitions.result as { total: number }).total).toBe(0);
  });

  it('refuses a process whose task binds to a form its deployment lacks, as Camunda does', async () => {
    const res = await deploy([{ filename: 'hardware-request.bpmn', content: bpmn }]);
    expect(res.statusCode).toBe(422);
    expect((res.result as Problem).details).toEqual([
      expect.objectContaining({ elementId: 'Activity_Review', code: 'FORM_NOT_IN_DEPLOYMENT', field: 'zeebe:formDefinition.formId' }),
    ]);
  });

  it('deploys the pair, renders prefilled forms, and completes tasks only with answers their forms accept', async () => {
    const deployed = await deploy([
      { filename: 'hardware-request.bpmn', content: bpmn },
      { filename: 'hardware-review.form', content: formText },
    ]);
    expect(deployed.statusCode).toBe(200);
    const deployments = (deployed.result as { deployments: Array<Record<string, { formId?: string; version?: number }>> }).deployments;
    expect(deployments).toContainEqual({
      ...OTHERS_NULL,
      form: expect.objectContaining({ formId: 'hardware-review', resourceName: 'hardware-review.form' }),
    });
    const deployedVersion = deployments.find((d) => d.form)!.form!.version!;

    // A later version of the form alone: the deployment-bound task keeps showing the version deployed with its process.
    const later = {
      ...form,
      components: form.components.map((c) => (c.key === 'quantity' ? { ...c, validate: { required: true, max: 50 } } : c)),
    };
    const alone = await deploy([{ filename: 'hardware-review.form', content: JSON.stringify(later) }]);
    expect(alone.statusCode).toBe(200);
    expect((alone.result as { deployments: unknown[] }).deployments).toEqual([
      { ...OTHERS_NULL, form: expect.objectContaining({ formId: 'hardware-review', version: deployedVersion + 1 }) },
    ]);

    const started = await system.injectAs('tomas', {
      method: 'POST',
      url: '/process-instances',
      payload: {
        processId: 'hardware-request',
        variables: { requester: 'rita', quantity: 2, model: 't14', internalNote: 'not on the form' },
      },
    });
    expect(started.statusCode).toBe(201);
    const instanceId = (started.result as { id: string }).id;

    const reviewId = await openTask(instanceId, 'Activity_Review');
    const review = await taskForm(reviewId);
    expect(review).toMatchObject({ formKey: 'hardware-review', form: { formId: 'hardware-review', version: deployedVersion } });
    expect(review.form!.schema.components).toEqual(form.components);
    // Prefilled from the variables the form names, and from nothing else.
    expect(review.form!.data).toEqual({ requester: 'rita', quantity: 2, model: 't14' });

    const bad = await complete(reviewId, {
      requester: 'rita',
      quantity: 9,
      costCentre: 'CC-12',
      model: 'mac',
      approved: 'yes',
      colour: 'red',
    });
    expect(bad.statusCode).toBe(400);
    expect((bad.result as Problem).code).toBe('INVALID_FORM_ANSWERS');
    expect(Object.fromEntries((bad.result as Problem).details.map((d) => [d.field, d.message]))).toEqual({
      'payload.variables.colour': 'the form has no such field',
      'payload.variables.quantity': 'must be at most 5',
      'payload.variables.costCentre': 'must match CC-[0-9]{4}',
      'payload.variables.model': 'must be one of "x1", "t14"',
      'payload.variables.approved': 'must be true or false',
    });
    const missing = await complete(reviewId, { quantity: 1 });
    expect(missing.statusCode).toBe(400);
    expect((missing.result as Problem).details.map((d) => d.field)).toEqual(['payload.variables.costCentre', 'payload.variables.model']);
    // Nothing was completed: the task is still open, with its form.
    expect((await taskForm(reviewId)).form?.formId).toBe('hardware-review');

    const good = await complete(reviewId, { requester: 'rita', quantity: 3, costCentre: 'CC-1234', model: 'x1', approved: true });
    expect(good.statusCode).toBe(200);

    const confirmId = await openTask(instanceId, 'Activity_Confirm');
    const confirm = await taskForm(confirmId);
    expect(confirm.formKey).toBe('camunda-forms:bpmn:UserTaskForm_confirm');
    expect(confirm.form).toMatchObject({ schema: { id: 'Form_confirm' }, data: {} });
    expect(confirm.form).not.toHaveProperty('formId');
    const short = await complete(confirmId, { serialNumber: 'AB1', deliveredOn: '2027-02-30' });
    expect(short.statusCode).toBe(400);
    expect(Object.fromEntries((short.result as Problem).details.map((d) => [d.field, d.message]))).toEqual({
      'payload.variables.serialNumber': 'must be at least 5 characters',
      'payload.variables.deliveredOn': 'must be a date (YYYY-MM-DD)',
    });
    expect((await complete(confirmId, { serialNumber: 'PF-3X9K2', deliveredOn: '2027-03-08' })).statusCode).toBe(200);

    const final = await eventually(async () => {
      const body = (await system.injectAs('tomas', { method: 'GET', url: `/process-instances/${instanceId}` })).result as {
        status: string;
        variables: Record<string, unknown>;
      };
      if (body.status !== 'COMPLETED') throw new Error(body.status);
      return body;
    });
    expect(final.variables).toMatchObject({ quantity: 3, costCentre: 'CC-1234', model: 'x1', serialNumber: 'PF-3X9K2' });
  });

  it('deploys a form with the JSON deploy route too, and a task without a Camunda form has none', async () => {
    const formId = `travel-${Date.now()}`;
    const xml = bpmn
      .replaceAll('hardware-request', formId)
      .replace('formId="hardware-review" bindingType="deployment"', `formId="${formId}"`);
    const res = await system.injectAs('marta', {
      method: 'POST',
      url: '/process-definitions',
      payload: {
        resources: [
          { name: 'p.bpmn', xml },
          { name: 'f.form', form: { ...form, id: formId } },
        ],
      },
    });
    expect(res.statusCode).toBe(201);
    expect((res.result as { forms: Array<{ formId: string; version: number; created: boolean }> }).forms).toEqual([
      expect.objectContaining({ formId, version: 1, created: true }),
    ]);
    const bad = await system.injectAs('marta', {
      method: 'POST',
      url: '/process-definitions',
      payload: {
        resources: [
          { name: 'p.bpmn', xml },
          { name: 'f.form', form: { ...form, id: formId, components: [{ type: 'select', key: 's' }] } },
        ],
      },
    });
    expect(bad.statusCode).toBe(422);
    expect((bad.result as Problem).details.map((d) => d.field)).toEqual(['payload.resources[1].form.components.0.values']);
  });
});
