import type { BpmnValidationError } from '.';
import { compileProcess, type CompileProblem, type ProcessGraph } from '.';
import { startFormNode } from './compile-forms';
import { bpmnDocument, flow } from './fixtures/make-bpmn';

/** Camunda 8's two ways of giving a user task a form, compiled (issue 16). */
describe('user task forms at deploy', () => {
  const withTask = (formDefinition: string, processExtensions = '') =>
    bpmnDocument(
      `${processExtensions ? `<bpmn:extensionElements>${processExtensions}</bpmn:extensionElements>` : ''}<bpmn:startEvent id="s" />` +
        `<bpmn:userTask id="t"><bpmn:extensionElements><zeebe:userTask />${formDefinition}</bpmn:extensionElements></bpmn:userTask>` +
        `${flow('f0', 's', 't')}<bpmn:endEvent id="e" />${flow('f1', 't', 'e')}`,
    );
  const taskOf = (graph: ProcessGraph) => {
    const node = graph.elements.t!;
    if (node.kind !== 'userTask') throw new Error('not a user task');
    return node;
  };
  const problems = async (xml: string): Promise<CompileProblem[]> => {
    try {
      await compileProcess(xml);
    } catch (err) {
      return (err as BpmnValidationError).problems;
    }
    throw new Error('expected the deploy to be refused');
  };
  const embedded = (id: string, schema: unknown) => `<zeebe:userTaskForm id="${id}">${escape(JSON.stringify(schema))}</zeebe:userTaskForm>`;
  const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const schema = {
    id: 'approval',
    type: 'default',
    components: [{ type: 'textfield', key: 'reason', validate: { required: true } }],
  };

  it('links a deployed form by id, bound to the latest version when no binding type is given', async () => {
    const { graph } = await compileProcess(withTask('<zeebe:formDefinition formId="approval" />'));
    expect(taskOf(graph)).toMatchObject({ formKey: 'approval', form: { formId: 'approval', bindingType: 'latest' } });
    expect(graph.embeddedForms).toBeUndefined();
  });

  it('keeps the deployment and versionTag bindings as Camunda 8.6 writes them', async () => {
    const deployment = await compileProcess(withTask('<zeebe:formDefinition formId="approval" bindingType="deployment" />'));
    expect(taskOf(deployment.graph).form).toEqual({ formId: 'approval', bindingType: 'deployment' });
    const tagged = await compileProcess(withTask('<zeebe:formDefinition formId="approval" bindingType="versionTag" versionTag="v2" />'));
    expect(taskOf(tagged.graph).form).toEqual({ formId: 'approval', bindingType: 'versionTag', versionTag: 'v2' });
  });

  it('refuses a binding it cannot resolve, naming the attribute', async () => {
    expect(await problems(withTask('<zeebe:formDefinition formId="approval" bindingType="versionTag" />'))).toEqual([
      expect.objectContaining({ elementId: 't', code: 'MISSING_VERSION_TAG', field: 'zeebe:formDefinition.versionTag' }),
    ]);
    expect(await problems(withTask('<zeebe:formDefinition formId="approval" bindingType="newest" />'))).toEqual([
      expect.objectContaining({ elementId: 't', code: 'INVALID_BINDING_TYPE', field: 'zeebe:formDefinition.bindingType' }),
    ]);
  });

  it('compiles an embedded form (zeebe:userTaskForm) into the graph, keyed by its id', async () => {
    const { graph } = await compileProcess(
      withTask('<zeebe:formDefinition formKey="camunda-forms:bpmn:UserTaskForm_1" />', embedded('UserTaskForm_1', schema)),
    );
    expect(taskOf(graph)).toMatchObject({ formKey: 'camunda-forms:bpmn:UserTaskForm_1', form: { embeddedFormId: 'UserTaskForm_1' } });
    expect(graph.embeddedForms).toEqual({ UserTaskForm_1: schema });
  });

  it('refuses an embedded form key naming no zeebe:userTaskForm, and a form that is not form-js, naming the path', async () => {
    expect(await problems(withTask('<zeebe:formDefinition formKey="camunda-forms:bpmn:Missing" />'))).toEqual([
      expect.objectContaining({ elementId: 't', code: 'UNKNOWN_FORM', field: 'zeebe:formDefinition.formKey' }),
    ]);
    const broken = { components: [{ type: 'number', key: 'n', validate: { min: 'ten' } }, { type: 'textfield' }] };
    expect(
      (await problems(withTask('<zeebe:formDefinition formKey="camunda-forms:bpmn:F" />', embedded('F', broken)))).map((p) => p.field),
    ).toEqual(['zeebe:userTaskForm(F).components.0.validate.min', 'zeebe:userTaskForm(F).components.1']);
    expect(
      await problems(
        withTask('<zeebe:formDefinition formKey="camunda-forms:bpmn:F" />', '<zeebe:userTaskForm id="F">{ not json</zeebe:userTaskForm>'),
      ),
    ).toEqual([expect.objectContaining({ code: 'INVALID_FORM', field: 'zeebe:userTaskForm(F)' })]);
  });

  it('accepts what Camunda Modeler writes into a form: options from a variable, FEEL limits, nested keys, a file picker', async () => {
    const modeler = {
      components: [
        { type: 'select', key: 'laptop', valuesKey: 'models' },
        { type: 'number', key: 'budget', validate: { max: '=limit' } },
        { type: 'group', path: 'address', components: [{ type: 'textfield', key: 'city' }] },
        { type: 'filepicker', key: 'receipt' },
      ],
    };
    const { graph } = await compileProcess(withTask('<zeebe:formDefinition formKey="camunda-forms:bpmn:F" />', embedded('F', modeler)));
    expect(graph.embeddedForms?.F).toEqual(modeler);
  });

  it('keeps a custom formKey as a key only (the application renders it), and refuses formId and formKey together', async () => {
    const { graph } = await compileProcess(withTask('<zeebe:formDefinition formKey="app:approval" />'));
    expect(taskOf(graph).formKey).toBe('app:approval');
    expect('form' in taskOf(graph)).toBe(false);
    expect(await problems(withTask('<zeebe:formDefinition formId="a" formKey="camunda-forms:bpmn:F" />'))).toEqual([
      expect.objectContaining({ elementId: 't', code: 'AMBIGUOUS_FORM' }),
    ]);
  });

  it("keeps Camunda 8.5's externalReference as the task's custom form key, and refuses it beside a formId", async () => {
    const { graph } = await compileProcess(withTask('<zeebe:formDefinition externalReference="https://forms.example/leave" />'));
    expect(taskOf(graph).formKey).toBe('https://forms.example/leave');
    expect('form' in taskOf(graph)).toBe(false);
    expect(await problems(withTask('<zeebe:formDefinition formId="a" externalReference="app:leave" />'))).toEqual([
      expect.objectContaining({ elementId: 't', code: 'AMBIGUOUS_FORM', message: expect.stringContaining('an externalReference') }),
    ]);
  });
});

/** Camunda 8's start forms: the process's none start event names a form the same two ways. */
describe('start forms at deploy', () => {
  const startingWith = (startExtensions: string, body = '', processExtensions = '') =>
    bpmnDocument(
      `${processExtensions ? `<bpmn:extensionElements>${processExtensions}</bpmn:extensionElements>` : ''}` +
        `<bpmn:startEvent id="s"><bpmn:extensionElements>${startExtensions}</bpmn:extensionElements></bpmn:startEvent>` +
        `<bpmn:endEvent id="e" />${flow('f0', 's', 'e')}${body}`,
    );

  it('gives the none start event its linked or embedded form, which startFormNode finds', async () => {
    const linked = await compileProcess(startingWith('<zeebe:formDefinition formId="order" bindingType="deployment" />'));
    expect(startFormNode(linked.graph)).toMatchObject({ id: 's', form: { formId: 'order', bindingType: 'deployment' } });
    const form = { components: [{ type: 'textfield', key: 'item' }] };
    const embedded = await compileProcess(
      startingWith(
        '<zeebe:formDefinition formKey="camunda-forms:bpmn:F" />',
        '',
        `<zeebe:userTaskForm id="F">${JSON.stringify(form)}</zeebe:userTaskForm>`,
      ),
    );
    expect(startFormNode(embedded.graph)).toMatchObject({ id: 's', form: { embeddedFormId: 'F' } });
    expect(embedded.graph.embeddedForms).toEqual({ F: form });
    expect(startFormNode((await compileProcess(startingWith(''))).graph)).toBeUndefined();
  });

  it('refuses an embedded start form the process does not hold, naming the start event', async () => {
    await expect(compileProcess(startingWith('<zeebe:formDefinition formKey="camunda-forms:bpmn:Missing" />'))).rejects.toMatchObject({
      problems: [expect.objectContaining({ elementId: 's', code: 'UNKNOWN_FORM' })],
    });
  });

  it('gives a sub-process start event no form: nothing would show it', async () => {
    const xml = bpmnDocument(
      '<bpmn:startEvent id="s" /><bpmn:subProcess id="sub"><bpmn:startEvent id="inner"><bpmn:extensionElements>' +
        '<zeebe:formDefinition formId="order" /></bpmn:extensionElements></bpmn:startEvent><bpmn:endEvent id="innerEnd" />' +
        `${flow('i0', 'inner', 'innerEnd')}</bpmn:subProcess><bpmn:endEvent id="e" />${flow('f0', 's', 'sub')}${flow('f1', 'sub', 'e')}`,
    );
    const { graph } = await compileProcess(xml);
    expect(graph.elements.inner).not.toHaveProperty('form');
    expect(startFormNode(graph)).toBeUndefined();
  });
});
