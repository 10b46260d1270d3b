import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, signedInPage } from '../support/browser';
import { TestSystem } from '../support/test-system';

const incidentXml = readFileSync(join(__dirname, '../fixtures/triage-incident.bpmn'), 'utf8');

/**
 * A process owner in the browser: she signs in; the studio shows the deployed incident diagram,
 * deploys it, refuses a broken one on the element at fault; an instance is started and worked
 * through its user tasks from the operate view.
 */
describe('browser: studio and operate views', () => {
  let system: TestSystem;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    system = await TestSystem.start({ listen: true });
    const deployed = await system.injectAs('marta', { method: 'POST', url: '/process-definitions', payload: { xml: incidentXml } });
    expect([200, 201]).toContain(deployed.statusCode);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await system?.close();
  });
  beforeEach(async () => {
    // Marta, the demo process owner, signs in; she is in the service-desk group the user tasks name.
    page = await signedInPage(browser, system.url, 'marta');
  });
  afterEach(async () => {
    // Leave the page first so its 2-second polling stops before the next test or the teardown.
    await page.goto('about:blank');
    await page.close();
  });

  it('opens the deployed incident diagram in the modeler and deploys it', async () => {
    const canvas = page.getByTestId('modeler-canvas');
    await canvas.locator('[data-element-id="PriorityGateway"]').waitFor();
    await expect(canvas.locator('[data-element-id="Triage"]').count()).resolves.toBe(1);

    await page.getByTestId('deploy-button').click();
    await expect(page.getByTestId('deploy-status').textContent()).resolves.toBeTruthy();
    await page
      .getByTestId('deploy-status')
      .filter({ hasText: /Deployed incident version \d+/ })
      .waitFor();
  });

  it('refuses a diagram whose gateway lacks a condition and marks that gateway', async () => {
    const broken = incidentXml.replace(' default="Flow_Other"', '');
    await page.getByTestId('modeler-canvas').locator('[data-element-id="PriorityGateway"]').waitFor();
    await page
      .getByTestId('open-bpmn-input')
      .setInputFiles({ name: 'broken.bpmn', mimeType: 'application/xml', buffer: Buffer.from(broken) });
    await page.getByTestId('deploy-button').click();
    const status = page.getByTestId('deploy-status');
    await status.filter({ hasText: 'PriorityGateway' }).waitFor();
    await expect(status.getAttribute('class')).resolves.toContain('error');
    const gateway = page.getByTestId('modeler-canvas').locator('g.djs-element.validation-error[data-element-id="PriorityGateway"]');
    await gateway.waitFor();
  });

  it('starts an instance and completes its user tasks from the operate view', async () => {
    const businessKey = `INC${Date.now()}`;
    await page.getByTestId('start-process-select').selectOption('incident');
    await page.getByTestId('business-key-input').fill(businessKey);
    await page.getByTestId('start-variables').fill('{"title": "VPN down"}');
    await page.getByTestId('start-instance-button').click();
    // Other test files start instances in the same database meanwhile: enough of them push this one
    // off the first page, so the list is narrowed to it (the filter bar's business key).
    await page.getByTestId('filter-business-key').fill(businessKey);
    await page.getByTestId('filter-business-key').press('Tab');

    const row = page.getByTestId('instance-row').filter({ hasText: businessKey });
    const triage = row.getByTestId('open-task').filter({ hasText: 'Triage' });
    await triage.waitFor();
    await triage.getByTestId('task-variables').fill('{"priority": "P1"}');
    await triage.getByTestId('complete-task-button').click();

    const resolveTask = row.getByTestId('open-task').filter({ hasText: 'Resolve' });
    await resolveTask.waitFor({ timeout: 20_000 });
    await resolveTask.getByTestId('complete-task-button').click();
    await row
      .locator('[data-status="COMPLETED"]')
      .or(page.locator(`[data-testid="instance-row"][data-status="COMPLETED"]`).filter({ hasText: businessKey }))
      .first()
      .waitFor({ timeout: 20_000 });

    const list = await system.injectAs('marta', { method: 'GET', url: `/process-instances?businessKey=${businessKey}` });
    expect(list.result).toMatchObject({ total: 1, items: [{ status: 'COMPLETED' }] });
  });
});
