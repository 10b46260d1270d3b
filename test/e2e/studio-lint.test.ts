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
 * finding, and the studio's validation panel lists it and marks the task on the diagram. Issue 16: the
 * live lint marks elements in those same words while the diagram is drawn.
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

    // and the live lint marks that path with the very sentence the server answered (issue 16)
    const live = page
      .getByTestId('modeler-canvas')
      .locator('.djs-overlays[data-container-id="Flow_ToTriage"] .djs-overlay-linting li[data-rule="superfluous-label"] .message');
    await live.waitFor({ state: 'attached' });
    const liveText = (await live.textContent())!;
    expect(liveText).toBe(
      'The path “then” has a label but no condition and does not leave a decision: remove the label, or add the condition it describes.',
    );
    await expect(warning.textContent()).resolves.toContain(liveText);
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

    // when Marta draws a task that nothing leads to, in empty space: a drop onto a shape or a flow would
    // connect it (bpmn-js splits a flow it is dropped on), so the spot is below every drawn shape
    await canvas.locator('.djs-palette .entry[data-action="create.task"]').click();
    // The first point of a grid over the canvas whose surroundings (a task's size and a margin) hit no
    // shape, flow, label, overlay or control: measured in the page, since layouts differ by window size.
    const spot = await canvas.evaluate((root) => {
      const box = root.getBoundingClientRect();
      const taken = (x: number, y: number) => {
        const hit = root.ownerDocument.elementFromPoint(x, y);
        return (
          !hit ||
          !root.contains(hit) ||
          hit.closest('.djs-element:not(.djs-root), .djs-overlay, .djs-palette, .bjsl-button, button') !== null
        );
      };
      for (let y = box.top + 90; y < box.bottom - 90; y += 30) {
        for (let x = box.left + 160; x < box.right - 110; x += 30) {
          let free = true;
          for (let dy = -80; dy <= 80 && free; dy += 20) for (let dx = -100; dx <= 100 && free; dx += 20) free = !taken(x + dx, y + dy);
          if (free) return { x, y };
        }
      }
      throw new Error('no empty place on the canvas to draw a task');
    });
    await page.mouse.move(spot.x - 20, spot.y - 20);
    await page.mouse.move(spot.x, spot.y);
    await page.mouse.click(spot.x, spot.y);

    // then the new task is marked as disconnected right away, in the server's words, and the summary counts it
    const onNewTask = canvas.locator('.djs-overlays[data-container-id^="Activity_"] .djs-overlay-linting li[data-rule="no-disconnected"]');
    await onNewTask.first().waitFor({ state: 'attached' });
    const live = (await onNewTask.first().locator('.message').textContent())!;
    expect(live).toMatch(
      /^The unnamed task “Activity_\w+” is not connected to the rest of the process: no path leads to it, so it never runs\.$/,
    );
    await eventually(async () => expect(await canvas.locator('.bjsl-button').textContent()).toMatch(/\d+ Warnings/));
  });
});
