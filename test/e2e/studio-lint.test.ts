import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, signedInPage } from '../support/browser';
import { eventually } from '../support/eventually';
import { screenshotForDocs } from '../support/page-checks';
import { repoFile } from '../support/repo-root';
import { TestSystem } from '../support/test-system';

const triageXml = readFileSync(repoFile('test/fixtures/triage-incident.bpmn'), 'utf8').replace(/"incident"/g, '"incident_lint"');

/**
 * Issue 24, defect 9: validation no longer calls a diagram fine that strands work. A user task with
 * no assignee, candidate group or candidate user is warned about by name, in words, like every lint
 * finding, and the studio's validation panel lists it and marks the task on the diagram.
 */
describe('browser: studio validation in words', () => {
  let system: TestSystem;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    system = await TestSystem.start({ listen: true });
    browser = await launchChromium();
    page = await signedInPage(browser, system.url, 'marta');
  });
  afterAll(async () => {
    await page?.goto('about:blank');
    await browser?.close();
    await system?.close();
  });

  it('warns that nobody will see a task without assignment, by name, and marks it', async () => {
    // given the triage diagram whose "Resolve" task lost its candidate group
    const stranded = triageXml.replace(
      /(<bpmn:userTask id="Resolve" name="Resolve">[\s\S]*?)<zeebe:assignmentDefinition candidateGroups="service-desk" \/>/,
      '$1',
    );
    expect(stranded).not.toBe(triageXml);
    await page.locator('.modeler:not(.busy)').waitFor();
    await page
      .getByTestId('open-bpmn-input')
      .setInputFiles({ name: 'stranded.bpmn', mimeType: 'application/xml', buffer: Buffer.from(stranded) });
    const canvas = page.getByTestId('modeler-canvas');
    await canvas.locator('[data-element-id="Resolve"]').waitFor();

    // when Marta validates it
    await page.getByTestId('validate-button').click();

    // then the panel says so in words, keeps the element and the rule, and the task is marked
    const status = page.getByTestId('deploy-status');
    await status.filter({ hasText: 'Valid' }).waitFor();
    const warning = status.locator('[data-testid="validation-warning"][data-element-id="Resolve"]');
    await expect(warning.textContent()).resolves.toContain(
      'Nobody will see the task “Resolve”: it has no assignee, candidate group or candidate user.',
    );
    await expect(warning.getAttribute('data-rule')).resolves.toBe('flowdesk/unassigned-user-task');
    await canvas.locator('g.djs-element.validation-warning[data-element-id="Resolve"]').waitFor();
    // the one that has a candidate group is not warned about
    await expect(status.locator('[data-testid="validation-warning"][data-element-id="Triage"]').count()).resolves.toBe(0);
    await screenshotForDocs(page, 'studio-warnings.png');

    // and "show" selects the task on the diagram
    await warning.getByRole('button', { name: 'Show Resolve in the diagram' }).click();
    await canvas.locator('g.djs-element.selected[data-element-id="Resolve"]').waitFor();
  });

  it('says in words what bpmnlint finds, naming the element', async () => {
    // given a diagram whose "Triage" task has a label on a path that leaves no decision
    const labelled = triageXml.replace(/<bpmn:sequenceFlow id="Flow_ToTriage"/, '<bpmn:sequenceFlow id="Flow_ToTriage" name="then"');
    expect(labelled).not.toBe(triageXml);
    await page
      .getByTestId('open-bpmn-input')
      .setInputFiles({ name: 'labelled.bpmn', mimeType: 'application/xml', buffer: Buffer.from(labelled) });
    await page.getByTestId('modeler-canvas').locator('[data-element-id="Flow_ToTriage"]').waitFor({ state: 'attached' });
    await page.getByTestId('validate-button').click();
    const warning = page.getByTestId('deploy-status').locator('[data-testid="validation-warning"][data-element-id="Flow_ToTriage"]');
    await expect(warning.textContent()).resolves.toContain('The path “then” has a label but no condition and does not leave a decision');
    await expect(warning.getAttribute('data-rule')).resolves.toBe('superfluous-label');
  });

  it('marks findings while the diagram is edited, before anyone presses validate', async () => {
    // given the triage diagram whose "Resolve" task lost its candidate group, opened in the studio
    const stranded = triageXml.replace(
      /(<bpmn:userTask id="Resolve" name="Resolve">[\s\S]*?)<zeebe:assignmentDefinition candidateGroups="service-desk" \/>/,
      '$1',
    );
    await page.reload();
    await page.locator('.modeler:not(.busy)').waitFor();
    await page
      .getByTestId('open-bpmn-input')
      .setInputFiles({ name: 'live-lint.bpmn', mimeType: 'application/xml', buffer: Buffer.from(stranded) });
    const canvas = page.getByTestId('modeler-canvas');
    await canvas.locator('[data-element-id="Resolve"]').waitFor();

    // then the live lint marks "Resolve" with the server's rule and words, and nothing was validated
    const onResolve = canvas.locator(
      '.djs-overlays[data-container-id="Resolve"] .djs-overlay-linting li[data-rule="flowdesk/unassigned-user-task"]',
    );
    await onResolve.waitFor({ state: 'attached' });
    await expect(onResolve.textContent()).resolves.toContain('Nobody will see the task “Resolve”');
    await expect(page.getByTestId('deploy-status').count()).resolves.toBe(0);
    const disconnected = canvas.locator('.djs-overlay-linting li[data-rule="no-disconnected"]');
    await expect(disconnected.count()).resolves.toBe(0);

    // when Marta draws a task that nothing leads to
    await canvas.locator('.djs-palette .entry[data-action="create.task"]').click();
    const box = (await canvas.boundingBox())!;
    await page.mouse.move(box.x + box.width - 220, box.y + box.height - 120);
    await page.mouse.move(box.x + box.width - 200, box.y + box.height - 100);
    await page.mouse.click(box.x + box.width - 200, box.y + box.height - 100);

    // then the new task is marked as disconnected right away, and the summary counts it
    await disconnected.first().waitFor({ state: 'attached' });
    await eventually(async () => expect(await canvas.locator('.bjsl-button').textContent()).toMatch(/\d+ Warnings/));
  });
});
