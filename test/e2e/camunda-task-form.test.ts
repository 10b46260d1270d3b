import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, signedInPage } from '../support/browser';
import { multipart } from '../support/multipart';
import { repoFile } from '../support/repo-root';
import { TestSystem } from '../support/test-system';

/**
 * Issue 16 in the browser: an open task with a Camunda form shows that form (form-js) in operate,
 * prefilled from the process variables, instead of the JSON box. (Filling it in and a refused answer
 * in the browser are not proven yet: the server's refusal is in test/integration/camunda-forms.test.ts.)
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

  it('renders the task’s form prefilled from the variables, in place of the JSON box', async () => {
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
  });
});
