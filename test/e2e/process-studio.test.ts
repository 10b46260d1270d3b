import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, signedInPage } from '../support/browser';
import { openDefinition, startFromStudio } from '../support/studio-page';
import { TestSystem } from '../support/test-system';

// A process id of its own: other browser tests deploy "incident" into the same database meanwhile.
const PROCESS_ID = 'incident_studio';
const incidentXml = readFileSync(join(__dirname, '../fixtures/triage-incident.bpmn'), 'utf8').replace(/"incident"/g, `"${PROCESS_ID}"`);

/**
 * Scenario 2 in the browser: Marta edits the priority gateway's P1 condition in the properties panel,
 * validates and diffs before deploying, deploys, starts an instance, and the instance view shows the
 * token on the element the new condition routes to.
 */
describe('browser: process studio', () => {
  let system: TestSystem;
  let browser: Browser;
  let page: Page;
  let v1Id: string;

  beforeAll(async () => {
    system = await TestSystem.start({ listen: true });
    const deployed = await system.injectAs('marta', { method: 'POST', url: '/process-definitions', payload: { xml: incidentXml } });
    expect([200, 201]).toContain(deployed.statusCode);
    v1Id = (deployed.result as { id: string }).id;
    browser = await launchChromium();
    page = await signedInPage(browser, system.url, 'marta');
  });
  afterAll(async () => {
    await page?.goto('about:blank');
    await browser?.close();
    await system?.close();
  });

  it('changes a gateway condition in the properties panel, deploys, and sees the token take the new path', async () => {
    // given the deployed diagram open in the modeler (after the studio's first load, which picks whichever
    // process it lists first: another file's, when they share the database)
    const canvas = page.getByTestId('modeler-canvas');
    await openDefinition(page, v1Id);
    await canvas.locator('[data-element-id="Flow_P1"]').waitFor();

    // when Marta selects the P1 flow and routes P3 tickets through "Page on-call manager" instead
    // (its label: a click on an L-shaped connection's bounding box can miss the path itself)
    await canvas.locator('[data-element-id="Flow_P1_label"]').click();
    const panel = page.getByTestId('properties-panel');
    const conditionGroup = panel.locator('[data-group-id="group-condition"]');
    await conditionGroup.waitFor();
    const entry = conditionGroup.locator('[data-entry-id="conditionExpression"]');
    if (!(await entry.isVisible())) await conditionGroup.locator('.bio-properties-panel-group-header').click();
    const editor = entry.locator('.cm-content');
    await editor.click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('priority = "P3"');
    await panel.click({ position: { x: 5, y: 5 } });

    // then the diff against the deployed version shows exactly that flow as changed
    await page.getByTestId('diff-button').click();
    const status = page.getByTestId('deploy-status');
    await status.filter({ hasText: '0 added, 1 changed, 0 removed' }).waitFor();
    await canvas.locator('g.djs-connection.diff-changed[data-element-id="Flow_P1"]').waitFor();

    // and validation passes without deploying anything
    await page.getByTestId('validate-button').click();
    await status.filter({ hasText: 'Valid' }).waitFor();
    expect(
      ((await system.injectAs('marta', { method: 'GET', url: `/process-definitions?processId=${PROCESS_ID}` })).result as { total: number })
        .total,
    ).toBe(1);

    await page.getByTestId('deploy-button').click();
    await status.filter({ hasText: `Deployed ${PROCESS_ID} version 2` }).waitFor();

    // when an instance of version 2 is started and triaged as P3
    const businessKey = `INC-STUDIO-${Date.now()}`;
    await startFromStudio(page, PROCESS_ID, businessKey);
    const row = page.getByTestId('instance-row').filter({ hasText: businessKey });
    const triage = row.getByTestId('open-task').filter({ hasText: 'Triage' });
    await triage.waitFor({ timeout: 20_000 });
    await triage.getByTestId('task-variables').fill('{"priority": "P3"}');
    await triage.getByTestId('complete-task-button').click();
    await row.getByTestId('open-task').filter({ hasText: 'Resolve' }).waitFor({ timeout: 20_000 });

    // then the instance view shows the token on Resolve, reached through the page step the new condition chose
    if (!(await page.getByTestId('instance-viewer').isVisible())) await row.getByTestId('instance-link').click();
    const viewer = page.getByTestId('instance-canvas');
    await viewer.locator('g.djs-element.active-token[data-element-id="Resolve"]').waitFor({ timeout: 20_000 });
    await viewer.locator('g.djs-element.visited[data-element-id="PageOnCall"]').waitFor();
    await expect(viewer.locator('[data-element-count="PageOnCall"]').textContent()).resolves.toBe('1');
    await expect(row.textContent()).resolves.toContain('v2');
  });
});
