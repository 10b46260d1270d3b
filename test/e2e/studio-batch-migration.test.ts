import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { cspViolationsOf, launchChromium, signedInPage } from '../support/browser';
import { eventually } from '../support/eventually';
import { twoStepProcess } from '../support/fixtures';
import type { Body } from '../support/json-body';
import { screenshotForDocs } from '../support/page-checks';
import { TestSystem } from '../support/test-system';

/**
 * Marta deploys a new version in the studio, and the studio offers to move the old version's running
 * instances: she maps the renamed task, previews (one instance waits where the new version has nothing),
 * moves the rest and watches the batch finish with that one reported.
 */
describe('browser: batch migration after a deploy', () => {
  let system: TestSystem;
  let browser: Browser;
  let page: Page | undefined;
  const processId = `batch_ui_${randomUUID().slice(0, 8)}`;
  const instances: string[] = [];

  const marta = (method: string, url: string, payload?: object) =>
    system.injectAs('marta', { method, url, ...(payload ? { payload } : {}) });
  const waitingAt = (id: string, elementId: string) =>
    eventually(async () => {
      const task = (((await marta('GET', `/process-instances/${id}`)).result as Body).openTasks as Body[] | undefined)?.find(
        (t) => t.elementId === elementId,
      );
      if (!task) throw new Error(`${id} not at ${elementId}`);
      return task as { id: string };
    }, 60_000);

  beforeAll(async () => {
    system = await TestSystem.start({ listen: true });
    expect((await marta('POST', '/process-definitions', { xml: twoStepProcess(processId, 1) })).statusCode).toBe(201);
    for (let i = 0; i < 5; i++) instances.push(((await marta('POST', '/process-instances', { processId })).result as { id: string }).id);
    const first = await waitingAt(instances[0]!, 'A');
    await marta('POST', `/tasks/${first.id}/complete`, { variables: {} });
    await waitingAt(instances[0]!, 'B');
    for (const id of instances.slice(1)) await waitingAt(id, 'A');
    browser = await launchChromium();
  });
  afterAll(async () => {
    await page?.goto('about:blank').catch(() => undefined);
    await browser?.close();
    await system?.close();
  });

  it('maps, previews and moves the running instances, reporting the one that cannot move', async () => {
    page = await signedInPage(browser, `${system.url}/processes`, 'marta');
    await page.locator('.modeler:not(.busy)').waitFor();
    await page.getByTestId('open-bpmn-input').setInputFiles({
      name: `${processId}.bpmn`,
      mimeType: 'application/xml',
      buffer: Buffer.from(twoStepProcess(processId, 2)),
    });
    await page.locator('.modeler:not(.busy)').waitFor();
    await page.getByTestId('deploy-button').click();
    await page
      .getByTestId('deploy-status')
      .filter({ hasText: `Deployed ${processId} version 2` })
      .waitFor();

    const panel = page.getByTestId('batch-migration');
    await panel.getByTestId('map-A').selectOption('A2');
    await expect(panel.getByTestId('map-B').inputValue()).resolves.toBe('');
    await panel.getByTestId('batch-preview').click();
    await panel.getByTestId('batch-plan').filter({ hasText: '4 of 5' }).waitFor();
    await expect(panel.getByTestId('batch-refused').textContent()).resolves.toContain('1 instance(s) cannot move');

    await panel.getByTestId('batch-start').click();
    await panel.locator('[data-testid="batch-progress"][data-state="finished"]').waitFor({ timeout: 60_000 });
    await expect(panel.getByTestId('batch-progress').textContent()).resolves.toMatch(/4 moved, 1 could not move/);
    await expect(panel.getByTestId('batch-failed').textContent()).resolves.toContain(instances[0]!);
    await screenshotForDocs(page, 'studio-batch-migration.png');

    expect(((await marta('GET', `/process-instances/${instances[1]}`)).result as Body).version).toBe(2);
    expect(((await marta('GET', `/process-instances/${instances[0]}`)).result as Body).version).toBe(1);
    expect(cspViolationsOf(page)).toEqual([]);
  });
});
