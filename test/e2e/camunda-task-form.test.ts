import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, signedInPage } from '../support/browser';
import { multipart } from '../support/multipart';
import { repoFile } from '../support/repo-root';
import { TestSystem } from '../support/test-system';

/**
 * Issue 16 in the browser: an open task with a Camunda form shows that form (form-js) in operate,
 * prefilled from the process variables, instead of the JSON box. Typed answers reach the form; form-js
 * refuses what it checks itself at the field; what only the server refuses (its 400 INVALID_FORM_ANSWERS)
 * is shown at the field it names too; good answers complete the task and the process goes on.
 */
describe('browser: a Camunda task form in operate', () => {
  let system: TestSystem;
  let browser: Browser;
  let page: Page;
  const tag = randomUUID().slice(0, 8);
  const processId = `hardware-request-${tag}`;
  const formId = `hardware-review-${tag}`;
  const businessKey = `HW-${tag}`;

  beforeAll(async () => {
    system = await TestSystem.start({ listen: true });
    const bpmn = readFileSync(repoFile('test', 'fixtures', 'camunda-modeler', 'hardware-request.bpmn'), 'utf8')
      .replaceAll('hardware-request', processId)
      .replaceAll('hardware-review', formId);
    const form = readFileSync(repoFile('test', 'fixtures', 'camunda-modeler', 'hardware-review.form'), 'utf8').replace(
      '"hardware-review"',
      `"${formId}"`,
    );
    const deployed = await system.injectAs('marta', {
      method: 'POST',
      url: '/v2/deployments',
      ...multipart([
        { name: 'resources', filename: 'hardware-request.bpmn', content: bpmn },
        { name: 'resources', filename: 'hardware-review.form', content: form },
      ]),
    });
    expect(deployed.statusCode).toBe(200);
    const started = await system.injectAs('marta', {
      method: 'POST',
      url: '/process-instances',
      payload: { processId, businessKey, variables: { requester: 'rita', quantity: 2, model: 't14' } },
    });
    expect(started.statusCode).toBe(201);
    browser = await launchChromium();
    page = await signedInPage(browser, system.url, 'marta');
  });
  afterAll(async () => {
    await page?.goto('about:blank');
    await browser?.close();
    await system?.close();
  });

  it('renders the form prefilled, takes typed answers, shows refusals at their fields, then completes', async () => {
    await page.goto(`${system.url}/processes`);
    await page.getByTestId('filter-business-key').fill(businessKey);
    await page.getByTestId('filter-business-key').press('Enter');
    const row = page.locator('[data-testid="instance-row"]', { hasText: businessKey });
    const review = row.getByTestId('open-task').filter({ hasText: 'Review request' });
    const form = review.getByTestId('task-form');
    await form.locator('.fjs-form').waitFor({ timeout: 30_000 });
    await expect(form.getAttribute('data-form-id')).resolves.toBe(formId);
    await expect(review.getByTestId('task-variables').count()).resolves.toBe(0);

    // Prefilled from the variables the form names.
    await expect(form.getByLabel('Requested by').inputValue()).resolves.toBe('rita');
    await expect(form.getByLabel('Quantity').inputValue()).resolves.toBe('2');

    // Typed key by key, and Complete clicked at once (no pause for form-js's debounce, no Tab).
    const costCentre = form.getByLabel('Cost centre');
    // `has` looks inside each field: its locator starts at the page, not at the form.
    const costCentreField = form.locator('.fjs-form-field', { has: page.getByLabel('Cost centre') });
    await form.getByLabel('Justification').pressSequentially(`Broken screen ${tag}`);
    await form.getByLabel('Approved').check();
    await costCentre.pressSequentially('CC-12');
    await review.getByTestId('complete-task-button').click();
    // form-js's own check, in its words, at the field.
    await costCentreField.locator('.fjs-form-field-error', { hasText: /pattern/i }).waitFor({ timeout: 20_000 });
    await expect(review.getByTestId('complete-task-button').textContent()).resolves.not.toContain('Completed');

    // form-js finds the pattern anywhere in the answer; the server wants the whole answer to fit: its 400 names the field.
    await costCentre.fill('');
    await costCentre.pressSequentially('CC-12345');
    await review.getByTestId('complete-task-button').click();
    await review.getByTestId('task-error').locator('[data-code="INVALID_FORM_ANSWERS"]').waitFor({ timeout: 20_000 });
    await costCentreField.locator('.fjs-form-field-error', { hasText: 'The server refused this answer: must match CC-[0-9]{4}' }).waitFor();
    const open = await system.injectAs('marta', { method: 'GET', url: `/process-instances?businessKey=${businessKey}` });
    expect(JSON.stringify(open.result)).toContain('Activity_Review');

    await costCentre.fill('');
    await costCentre.pressSequentially('CC-1234');
    await review.getByTestId('complete-task-button').click();
    // The process goes on: the next task shows its embedded form.
    const confirm = row.getByTestId('open-task').filter({ hasText: 'Confirm delivery' });
    await confirm.getByTestId('task-form').getByLabel('Serial number').waitFor({ timeout: 30_000 });

    const listed = (await system.injectAs('marta', { method: 'GET', url: `/process-instances?businessKey=${businessKey}` })).result as {
      items: { id: string }[];
    };
    const instance = await system.injectAs('marta', { method: 'GET', url: `/process-instances/${listed.items[0]!.id}` });
    expect((instance.result as { variables: Record<string, unknown> }).variables).toMatchObject({
      costCentre: 'CC-1234',
      justification: `Broken screen ${tag}`,
      approved: true,
      quantity: 2,
      model: 't14',
    });
  });
});
