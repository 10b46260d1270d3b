import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { cspViolationsOf, launchChromium, signedInPage, watchCsp } from '../support/browser';
import { repoFile } from '../support/repo-root';
import { TestSystem } from '../support/test-system';

/**
 * The built UI under its Content-Security-Policy: the studio (bpmn-js modeler, properties panel and
 * its FEEL editor), the desk and the portal, each opened as its user would, and not one violation.
 */
describe('browser: the UI under its Content-Security-Policy', () => {
  let system: TestSystem;
  let browser: Browser;
  const pages: Page[] = [];
  const processId = `incident_csp_${randomUUID().slice(0, 8)}`;
  let definitionId: string;
  let ticketNumber: string;

  beforeAll(async () => {
    system = await TestSystem.start({ listen: true, ticketProcessIds: { incident: processId } });
    const xml = readFileSync(repoFile('test/fixtures/triage-incident.bpmn'), 'utf8').replace(/"incident"/g, `"${processId}"`);
    const deployed = await system.injectAs('marta', { method: 'POST', url: '/process-definitions', payload: { xml } });
    expect(deployed.statusCode).toBe(201);
    definitionId = (deployed.result as { id: string }).id;
    const ticket = await system.injectAs('rita', {
      method: 'POST',
      url: '/tickets',
      payload: { title: `Shop till ${processId} prints blank receipts`, description: 'Since this morning.' },
    });
    expect(ticket.statusCode).toBe(201);
    ticketNumber = (ticket.result as { number: string }).number;
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const page of pages) await page.goto('about:blank').catch(() => undefined);
    await browser?.close();
    await system?.close();
  });

  const open = async (username: string) => {
    const page = await signedInPage(browser, system.url, username);
    pages.push(page);
    return page;
  };

  it('sends the policy with the app page', async () => {
    const page = await open('rita');
    const response = await page.goto(`${system.url}/portal`);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self';");
    expect(response?.headers()['content-security-policy']).not.toContain('unsafe-eval');
    expect(cspViolationsOf(page)).toEqual([]);
  });

  it('runs the studio: modeler, properties panel and FEEL editor', async () => {
    const page = await open('marta');
    await page.goto(`${system.url}/processes`);
    const canvas = page.getByTestId('modeler-canvas');
    await page.locator('.modeler:not(.busy)').waitFor();
    await page.getByTestId('definition-select').selectOption(definitionId);
    await page.locator('.modeler:not(.busy)').waitFor();
    await canvas.locator('[data-element-id="Flow_P1"]').waitFor();
    // A task and a conditional flow: the properties panel renders its groups and the FEEL editor.
    await canvas.locator('[data-element-id="Triage"]').click();
    const panel = page.getByTestId('properties-panel');
    await panel.locator('[data-group-id]').first().waitFor();
    await canvas.locator('[data-element-id="Flow_P1_label"]').click();
    const conditionGroup = panel.locator('[data-group-id="group-condition"]');
    await conditionGroup.waitFor();
    const entry = conditionGroup.locator('[data-entry-id="conditionExpression"]');
    if (!(await entry.isVisible())) await conditionGroup.locator('.bio-properties-panel-group-header').click();
    await entry.locator('.cm-content').click();
    await page.keyboard.type(' ');
    // The bpmn font is a data: URI; the icons must have rendered with it.
    await page.locator('.djs-palette .entry').first().waitFor();
    expect(cspViolationsOf(page)).toEqual([]);
  });

  it('runs the desk: queues and a ticket page', async () => {
    const page = await open('tomas');
    await page.goto(`${system.url}/desk`);
    await page.getByTestId('tickets-table').waitFor();
    await page.goto(`${system.url}/desk/tickets/${ticketNumber}`);
    await page.getByTestId('ticket-detail').waitFor();
    await page.getByTestId('ticket-title').waitFor();
    expect(cspViolationsOf(page)).toEqual([]);
  });

  it('runs the portal: the ticket list, a ticket and the form to raise one', async () => {
    const page = await open('rita');
    await page.goto(`${system.url}/portal`);
    await page.locator(`[data-testid="portal-ticket-link"]`).first().waitFor();
    await page.goto(`${system.url}/portal/tickets/${ticketNumber}`);
    await page.getByTestId('ticket-detail').waitFor();
    await page.goto(`${system.url}/portal/new`);
    await page.getByTestId('raise-form').waitFor();
    expect(cspViolationsOf(page)).toEqual([]);
  });

  it('runs the catalog curator: the form-js editor, its properties panel and the preview', async () => {
    const page = await open('marta');
    await page.goto(`${system.url}/admin/catalog/items/new`);
    const editor = page.getByTestId('form-editor');
    await editor.locator('.fjs-palette-field[data-field-type="textfield"]').waitFor();
    await editor.locator('.fjs-properties-panel, .bio-properties-panel').first().waitFor();
    await page.getByTestId('form-preview').locator('.fjs-container').waitFor();
    expect(cspViolationsOf(page)).toEqual([]);
  });

  it('runs the API documentation page under its own policy', async () => {
    const page = await browser.newPage();
    pages.push(page);
    await watchCsp(page);
    const response = await page.goto(`${system.url}/documentation`);
    expect(response?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    await page.locator('.swagger-ui .opblock').first().waitFor();
    expect(cspViolationsOf(page)).toEqual([]);
  });
});
