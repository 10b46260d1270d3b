import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { bpmnDocument, flow } from '../../engine/compiler/fixtures/make-bpmn';
import { launchChromium, signedInPage } from '../support/browser';
import { multipart } from '../support/multipart';
import { TestSystem } from '../support/test-system';

/**
 * A process owner gave the start event of a process a Camunda form (`zeebe:formDefinition` in Camunda
 * Modeler). In operate, whoever starts an instance of it fills in that form (form-js) instead of a JSON
 * box: form-js checks what it can, the server checks the answers again and its refusal shows at the
 * field it names, nothing started; good answers start the instance with them as its variables.
 */
describe('browser: a start form in operate', () => {
  let system: TestSystem;
  let browser: Browser;
  let page: Page;
  const tag = randomUUID().slice(0, 8).replace(/-/g, '');
  const processId = `laptop_order_${tag}`;
  const formId = `laptop-order-${tag}`;
  const plain = `plain_${tag}`;
  const form = {
    id: formId,
    type: 'default',
    schemaVersion: 16,
    components: [
      { type: 'textfield', key: 'model', label: 'Model', validate: { required: true } },
      { type: 'number', key: 'quantity', label: 'Quantity', validate: { required: true, min: 1, max: 10 } },
      {
        type: 'textfield',
        key: 'costCentre',
        label: 'Cost centre',
        validate: { required: true, pattern: 'CC-[0-9]{4}', validationType: 'custom' },
      },
    ],
  };
  const bpmn = bpmnDocument(
    `<bpmn:startEvent id="start"><bpmn:extensionElements><zeebe:formDefinition formId="${formId}" /></bpmn:extensionElements></bpmn:startEvent>` +
      '<bpmn:userTask id="approve" name="Approve order"><bpmn:extensionElements><zeebe:userTask /></bpmn:extensionElements></bpmn:userTask>' +
      `<bpmn:endEvent id="end" />${flow('f1', 'start', 'approve')}${flow('f2', 'approve', 'end')}`,
    processId,
  );
  const instances = async () =>
    (
      (await system.injectAs('marta', { method: 'GET', url: `/process-instances?processId=${processId}` })).result as {
        items: { id: string }[];
      }
    ).items;

  beforeAll(async () => {
    system = await TestSystem.start({ listen: true });
    const deployed = await system.injectAs('marta', {
      method: 'POST',
      url: '/v2/deployments',
      ...multipart([
        { name: 'resources', filename: `${processId}.bpmn`, content: bpmn },
        { name: 'resources', filename: `${formId}.form`, content: JSON.stringify(form) },
        {
          name: 'resources',
          filename: `${plain}.bpmn`,
          content: bpmnDocument(`<bpmn:startEvent id="s" /><bpmn:endEvent id="e" />${flow('f', 's', 'e')}`, plain),
        },
      ]),
    });
    expect(deployed.statusCode).toBe(200);
    browser = await launchChromium();
    page = await signedInPage(browser, system.url, 'marta');
  });
  afterAll(async () => {
    await page?.goto('about:blank');
    await browser?.close();
    await system?.close();
  });

  it('shows the start form instead of the JSON box, refuses at the field, then starts with the answers', async () => {
    await page.goto(`${system.url}/processes`);
    await page.getByTestId('start-process-select').selectOption(processId);
    const startForm = page.getByTestId('start-form');
    await startForm.locator('.fjs-form').waitFor({ timeout: 30_000 });
    await expect(startForm.getAttribute('data-form-id')).resolves.toBe(formId);
    await expect(page.getByTestId('start-variables').count()).resolves.toBe(0);

    // form-js's own check first: nothing answered, nothing sent
    await page.getByTestId('start-instance-button').click();
    await startForm.locator('.fjs-form-field-error').first().waitFor({ timeout: 20_000 });
    await expect(instances()).resolves.toHaveLength(0);

    // form-js finds the pattern anywhere in the answer; the server wants all of it to fit: its 400 names the field
    await startForm.getByLabel('Model').pressSequentially('T14s');
    await startForm.getByLabel('Quantity').pressSequentially('2');
    const costCentre = startForm.getByLabel('Cost centre');
    await costCentre.pressSequentially('CC-12345');
    await page.getByTestId('start-instance-button').click();
    await page.getByTestId('start-error').locator('[data-code="INVALID_FORM_ANSWERS"]').waitFor({ timeout: 20_000 });
    const costCentreField = startForm.locator('.fjs-form-field', { has: page.getByLabel('Cost centre') });
    await costCentreField.locator('.fjs-form-field-error', { hasText: 'The server refused this answer' }).waitFor();
    await expect(instances()).resolves.toHaveLength(0);

    await costCentre.fill('');
    await costCentre.pressSequentially('CC-1234');
    await page.getByTestId('start-instance-button').click();
    await page.getByTestId('start-status').waitFor({ timeout: 20_000 });
    const [started] = await instances();
    const detail = await system.injectAs('marta', { method: 'GET', url: `/process-instances/${started!.id}` });
    expect((detail.result as { variables: Record<string, unknown> }).variables).toEqual({
      model: 'T14s',
      quantity: 2,
      costCentre: 'CC-1234',
    });

    // a process without a start form takes JSON variables as before
    await page.getByTestId('start-process-select').selectOption(plain);
    await page.getByTestId('start-variables').waitFor();
    await expect(page.getByTestId('start-form').count()).resolves.toBe(0);
  });
});
