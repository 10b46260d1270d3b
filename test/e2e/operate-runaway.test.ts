import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { bpmnDocument, flow } from '../../engine/compiler/fixtures/make-bpmn';
import { launchChromium, signedInPage } from '../support/browser';
import { screenshotForDocs } from '../support/page-checks';
import { TestSystem } from '../support/test-system';

/**
 * Issue 13, defect 3, in the browser: a process owner finds an instance stopped by the runaway-loop
 * guard in operate, with the element and the reason in words, instead of a RUNNING instance with no
 * state; cancelling it works from the same screen, also when the diagram was deployed without a
 * layout to draw (the panel used to show nothing but "no diagram to display" then).
 */
describe('browser: operate shows a runaway instance with its reason', () => {
  let system: TestSystem;
  let browser: Browser;
  let page: Page;
  const tag = randomUUID().slice(0, 8);
  const processId = `loop_ops_${tag}`;
  const xml = bpmnDocument(
    `<bpmn:startEvent id="start" /><bpmn:scriptTask id="count"><bpmn:extensionElements><zeebe:script expression="=i + 1" resultVariable="i" /></bpmn:extensionElements></bpmn:scriptTask>
     <bpmn:exclusiveGateway id="again" default="out" /><bpmn:endEvent id="end" />
     ${flow('f0', 'start', 'count')}${flow('f1', 'count', 'again')}${flow('back', 'again', 'count', '=i > 0')}${flow('out', 'again', 'end')}`,
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

  it('lists the instance with an incident on the looping element and lets the owner cancel it', async () => {
    const businessKey = `LOOP-${tag}`;
    const started = await system.injectAs('marta', {
      method: 'POST',
      url: '/process-instances',
      payload: { processId, businessKey, variables: { i: 0 } },
    });
    expect(started.statusCode).toBe(201);

    await page.waitForURL('**/processes');
    const filter = page.getByTestId('filter-business-key');
    await filter.fill(businessKey);
    await filter.press('Enter');
    const row = page.locator('[data-testid="instance-row"]', { hasText: businessKey });
    const incident = row.getByTestId('instance-incident');
    // The list refreshes on its own; the guard trips after 1,000 elements without a wait state.
    await incident.waitFor({ timeout: 60_000 });
    await expect(incident.textContent()).resolves.toMatch(/again.*runaway-loop budget is exhausted/s);

    await row.getByTestId('instance-link').click();
    const viewer = page.getByTestId('instance-viewer');
    // Deployed without a layout: the panel says so and still shows the incident and the operations.
    await expect(viewer.getByTestId('diagram-problem').textContent()).resolves.toContain('without a diagram layout');
    await expect(viewer.locator('[data-testid="incident"][data-element-id="again"]').textContent()).resolves.toContain(
      'runaway-loop budget is exhausted',
    );
    await screenshotForDocs(page, 'operate-runaway.png');
    await viewer.getByTestId('operation-reason').fill('loops without a wait state');
    await viewer.getByTestId('cancel-instance-button').click();
    await page.locator('[data-testid="instance-row"][data-status="CANCELED"]', { hasText: businessKey }).waitFor({ timeout: 30_000 });
    const id = (started.result as { id: string }).id;
    const detail = (await system.injectAs('marta', { method: 'GET', url: `/process-instances/${id}` })).result as { status: string };
    expect(detail.status).toBe('CANCELED');
  });
});
