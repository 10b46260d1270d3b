import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { bpmnDocument, flow } from '../../engine/compiler/fixtures/make-bpmn';
import { launchChromium, signedInPage } from '../support/browser';
import { TestSystem } from '../support/test-system';

/**
 * Issue 16, FEEL nulls, in the browser: a mapping that reads a variable the instance does not have
 * keeps its null, as Camunda 8 does, but the process owner sees feelin's warning on the element in
 * operate's history instead of a silent null.
 */
describe('browser: operate shows the FEEL warnings of an element', () => {
  let system: TestSystem;
  let browser: Browser;
  let page: Page;
  const tag = randomUUID().slice(0, 8);
  const processId = `feel_null_${tag}`;
  const xml = bpmnDocument(
    `<bpmn:startEvent id="start" /><bpmn:userTask id="review"><bpmn:extensionElements><zeebe:userTask />
       <zeebe:ioMapping><zeebe:input source="=customer.name" target="who" /></zeebe:ioMapping></bpmn:extensionElements></bpmn:userTask>
     <bpmn:endEvent id="end" />${flow('f0', 'start', 'review')}${flow('f1', 'review', 'end')}`,
    processId,
  );

  beforeAll(async () => {
    system = await TestSystem.start({ listen: true });
    expect((await system.injectAs('marta', { method: 'POST', url: '/process-definitions', payload: { xml } })).statusCode).toBe(201);
    browser = await launchChromium();
    page = await signedInPage(browser, system.url, 'marta');
  });
  afterAll(async () => {
    await page?.goto('about:blank');
    await browser?.close();
    await system?.close();
  });

  it('lists the missing variable under the element that read it', async () => {
    const businessKey = `FEEL-${tag}`;
    const started = await system.injectAs('marta', { method: 'POST', url: '/process-instances', payload: { processId, businessKey } });
    expect(started.statusCode).toBe(201);

    await page.waitForURL('**/processes');
    const filter = page.getByTestId('filter-business-key');
    await filter.fill(businessKey);
    await filter.press('Enter');
    const row = page.locator('[data-testid="instance-row"]', { hasText: businessKey });
    await row.getByTestId('instance-link').click();
    const warnings = page.getByTestId('instance-viewer').locator('[data-testid="feel-warnings"][data-element-id="review"]');
    await warnings.waitFor({ timeout: 30_000 });
    await expect(warnings.textContent()).resolves.toMatch(/customer\.name: Variable 'customer' not found/);
  });
});
