import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, signedInPage } from '../support/browser';
import { openDefinition, startFromStudio } from '../support/studio-page';
import { eventually } from '../support/eventually';
import { TestSystem } from '../support/test-system';

const tag = randomUUID().slice(0, 8);
// A process id of its own: other browser tests deploy into the same database meanwhile.
const PROCESS_ID = `ad_hoc_triage_${tag}`;
const xml = readFileSync(join(__dirname, '../fixtures/ad-hoc-triage.bpmn'), 'utf8').replace(/"ad_hoc_triage"/g, `"${PROCESS_ID}"`);

/**
 * A process owner's ad-hoc sub-process (Camunda Modeler's "Ad-hoc sub-process") in the studio: version 1
 * activates nothing on entering; Marta sets its active elements collection in the properties panel,
 * deploys version 2, starts an instance, and operate shows the token on the task it named, inside the
 * sub-process; completing that task completes the instance. Then she hands the sub-process to a job worker
 * (Camunda's "Job worker" implementation, as its AI agent uses it): version 3 deploys, and a worker decides
 * through Camunda's job API what runs in it. Last, she activates the vendor call of the waiting version 1
 * instance from its instance view.
 */
describe('browser: an ad-hoc sub-process edited, deployed and run', () => {
  let system: TestSystem;
  let browser: Browser;
  let page: Page;
  let v1Id: string;

  beforeAll(async () => {
    system = await TestSystem.start({ listen: true });
    const deployed = await system.injectAs('marta', { method: 'POST', url: '/process-definitions', payload: { xml } });
    expect(deployed.statusCode).toBe(201);
    v1Id = (deployed.result as { id: string }).id;
    browser = await launchChromium();
    page = await signedInPage(browser, system.url, 'marta');
  });
  afterAll(async () => {
    await page?.goto('about:blank');
    await browser?.close();
    await system?.close();
  });

  it('names the active elements in the properties panel, deploys, and the named task runs inside it', async () => {
    const canvas = page.getByTestId('modeler-canvas');
    await openDefinition(page, v1Id);
    await canvas.locator('[data-element-id="Tools"]').waitFor();

    // given an instance of version 1, which activated nothing: operate says what it waits for, not "moving on"
    const v1Key = `PRN-V1-${tag}`;
    expect(
      (
        await system.injectAs('marta', {
          method: 'POST',
          url: '/process-instances',
          payload: { processId: PROCESS_ID, businessKey: v1Key },
        })
      ).statusCode,
    ).toBe(201);
    const v1Row = page.getByTestId('instance-row').filter({ hasText: v1Key });
    await v1Row.waitFor({ timeout: 20_000 });
    await v1Row.getByTestId('instance-link').click();
    const wait = page.getByTestId('instance-viewer').locator('[data-testid="wait"][data-kind="adHocActivation"]');
    await wait.waitFor({ timeout: 20_000 });
    await expect(wait.innerText()).resolves.toContain(
      'Waiting for “Triage tools” to be told what to do next: nothing runs in it, and it may activate “Check the printer” or “Call the vendor”',
    );

    // when Marta selects the ad-hoc sub-process (its empty lower part) and names the printer check
    await canvas.locator('[data-element-id="Tools"]').click({ position: { x: 180, y: 200 } });
    const panel = page.getByTestId('properties-panel');
    const group = panel.locator('[data-group-id="group-activeElements"]');
    await group.waitFor();
    const entry = group.locator('[data-entry-id="activeElements-activeElementsCollection"]');
    if (!(await entry.isVisible())) await group.locator('.bio-properties-panel-group-header').click();
    await entry.locator('.cm-content').click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('["CheckPrinter"]');
    await panel.click({ position: { x: 5, y: 5 } });

    // then it validates and deploys as version 2
    const status = page.getByTestId('deploy-status');
    await page.getByTestId('validate-button').click();
    await status.filter({ hasText: 'Valid' }).waitFor();
    await page.getByTestId('deploy-button').click();
    await status.filter({ hasText: `Deployed ${PROCESS_ID} version 2` }).waitFor();

    // when an instance starts, the printer check is open and nothing else
    const businessKey = `PRN-${tag}`;
    await startFromStudio(page, PROCESS_ID, businessKey);
    const row = page.getByTestId('instance-row').filter({ hasText: businessKey });
    const check = row.getByTestId('open-task').filter({ hasText: 'Check the printer' });
    await check.waitFor({ timeout: 20_000 });
    await expect(row.getByTestId('open-task').count()).resolves.toBe(1);

    // and the instance view shows the token on it, inside the active sub-process
    if (!(await page.getByTestId('instance-viewer').isVisible())) await row.getByTestId('instance-link').click();
    const viewer = page.getByTestId('instance-canvas');
    await viewer.locator('g.djs-element.active-token[data-element-id="CheckPrinter"]').waitFor({ timeout: 20_000 });
    await viewer.locator('g.djs-element.active-token[data-element-id="Tools"]').waitFor();
    await expect(viewer.locator('g.djs-element.active-token[data-element-id="CallVendor"]').count()).resolves.toBe(0);

    // when it is completed, the sub-process has nothing left and the instance completes
    await check.getByTestId('complete-task-button').click();
    await page.getByTestId('refresh-button').click();
    await eventually(async () => expect(await row.getByTestId('instance-status').innerText()).toBe('COMPLETED'));
  });

  it('hands the sub-process to a job worker in the properties panel, and the worker decides what runs in it', async () => {
    const agentType = `triage-agent-${tag}`;
    const canvas = page.getByTestId('modeler-canvas');
    const listed = await system.injectAs('marta', { method: 'GET', url: `/process-definitions?processId=${PROCESS_ID}` });
    const versions = (listed.result as { items: Array<{ id: string; processId: string; version: number }> }).items;
    const v2 = versions.find((d) => d.processId === PROCESS_ID && d.version === 2)!;
    await openDefinition(page, v2.id);
    await canvas.locator('[data-element-id="Tools"]').click({ position: { x: 180, y: 200 } });

    // when Marta sets the implementation to a job worker of her agent's type
    const panel = page.getByTestId('properties-panel');
    const implementation = panel.locator('[data-group-id="group-adHocSubProcessImplementation"]');
    await implementation.waitFor();
    const select = implementation.locator('select');
    if (!(await select.isVisible())) await implementation.locator('.bio-properties-panel-group-header').click();
    await select.selectOption('jobWorker');
    const definition = panel.locator('[data-group-id="group-taskDefinition"]');
    await definition.waitFor();
    const type = definition.locator('[data-entry-id="taskDefinitionType"] input');
    if (!(await type.isVisible())) await definition.locator('.bio-properties-panel-group-header').click();
    await type.fill(agentType);
    await panel.click({ position: { x: 5, y: 5 } });

    // then it validates and deploys as version 3; as in Camunda Modeler, the active elements she named before
    // went with the switch (a worker decides now), so nothing is left that the linter would call unread
    const status = page.getByTestId('deploy-status');
    await page.getByTestId('validate-button').click();
    await status.filter({ hasText: 'Valid' }).waitFor();
    await expect(status.locator('[data-testid="validation-warning"][data-element-id="Tools"]').count()).resolves.toBe(0);
    await page.getByTestId('deploy-button').click();
    await status.filter({ hasText: `Deployed ${PROCESS_ID} version 3` }).waitFor();
    const all = await system.injectAs('marta', { method: 'GET', url: `/process-definitions?processId=${PROCESS_ID}` });
    const v3 = (all.result as { items: Array<{ id: string; version: number }> }).items.find((d) => d.version === 3)!;
    const { xml: deployed } = (await system.injectAs('marta', { method: 'GET', url: `/process-definitions/${v3.id}` })).result as {
      xml: string;
    };
    expect(deployed).toContain(`<zeebe:taskDefinition type="${agentType}"`);
    expect(deployed).not.toContain('activeElementsCollection');

    // when an instance starts, operate says the worker decides what happens next
    const businessKey = `AGENT-${tag}`;
    await startFromStudio(page, PROCESS_ID, businessKey);
    const row = page.getByTestId('instance-row').filter({ hasText: businessKey });
    await row.waitFor({ timeout: 20_000 });
    // (the list may redraw as the instance reports in: click until its diagram is the one shown)
    const link = row.getByTestId('instance-link');
    await eventually(async () => {
      if ((await link.getAttribute('aria-pressed')) !== 'true') await link.click();
      expect(await link.getAttribute('aria-pressed')).toBe('true');
    });
    const wait = page.getByTestId('instance-viewer').locator('[data-testid="wait"][data-kind="job"]');
    await wait.waitFor({ timeout: 20_000 });
    await expect(wait.innerText()).resolves.toContain(
      `Waiting for a worker of type “${agentType}” to decide what “Triage tools” does next`,
    );

    // and when the worker, through Camunda's job API, activates the vendor call, that task opens inside it
    const job = async () => {
      const res = await system.injectAs('marta', {
        method: 'POST',
        url: '/v2/jobs/activation',
        payload: { type: agentType, worker: 'agent', timeout: 60_000, maxJobsToActivate: 1, requestTimeout: 20_000 },
      });
      const [activated] = (res.result as { jobs: Array<{ jobKey: string; kind: string }> }).jobs;
      expect(activated).toMatchObject({ kind: 'AD_HOC_SUB_PROCESS' });
      return activated!.jobKey;
    };
    const answer = async (result: object) =>
      expect(
        (await system.injectAs('marta', { method: 'POST', url: `/v2/jobs/${await job()}/completion`, payload: { result } })).statusCode,
      ).toBe(204);
    await answer({ type: 'adHocSubProcess', activateElements: [{ elementId: 'CallVendor' }] });
    await page.getByTestId('refresh-button').click();
    const vendor = row.getByTestId('open-task').filter({ hasText: 'Call the vendor' });
    await vendor.waitFor({ timeout: 20_000 });

    // once it is done the worker is asked again; it says the work is done, and the instance completes
    await vendor.getByTestId('complete-task-button').click();
    await answer({ type: 'adHocSubProcess', isCompletionConditionFulfilled: true });
    await page.getByTestId('refresh-button').click();
    await eventually(async () => {
      await page.getByTestId('refresh-button').click();
      expect(await row.getByTestId('instance-status').innerText()).toBe('COMPLETED');
    });
  });

  it('lets an operator activate an element of a waiting ad-hoc sub-process from the instance view', async () => {
    // given the version 1 instance, which activated nothing and waits to be told what to do
    const row = page.getByTestId('instance-row').filter({ hasText: `PRN-V1-${tag}` });
    await row.waitFor({ timeout: 20_000 });
    const link = row.getByTestId('instance-link');
    await eventually(async () => {
      if ((await link.getAttribute('aria-pressed')) !== 'true') await link.click();
      expect(await link.getAttribute('aria-pressed')).toBe('true');
    });
    const viewer = page.getByTestId('instance-viewer');
    const form = viewer.locator('[data-testid="ad-hoc-activation"][data-element-id="Tools"]');
    await form.waitFor({ timeout: 20_000 });

    // variables that are not a JSON object are refused before anything is sent
    await form.getByTestId('ad-hoc-element').selectOption({ label: 'Call the vendor' });
    await form.getByTestId('ad-hoc-variables').fill('["Acme"]');
    await form.getByTestId('ad-hoc-activate-button').click();
    await expect(form.getByRole('alert').innerText()).resolves.toContain('not a JSON object');

    // when Marta activates the vendor call with the vendor's name
    await form.getByTestId('ad-hoc-variables').fill('{"vendor": "Acme"}');
    await form.getByTestId('ad-hoc-activate-button').click();

    // then the task opens inside the sub-process, with its variable, and completing it completes the instance
    const vendor = row.getByTestId('open-task').filter({ hasText: 'Call the vendor' });
    await vendor.waitFor({ timeout: 20_000 });
    const id = (await viewer.getAttribute('data-instance-id'))!;
    const detail = (await system.injectAs('marta', { method: 'GET', url: `/process-instances/${id}` })).result as {
      scopes: Array<{ elementId: string; variables: Record<string, unknown> }>;
    };
    expect(detail.scopes.find((s) => s.elementId === 'CallVendor')?.variables).toEqual({ vendor: 'Acme' });
    await vendor.getByTestId('complete-task-button').click();
    await eventually(async () => {
      await page.getByTestId('refresh-button').click();
      expect(await row.getByTestId('instance-status').innerText()).toBe('COMPLETED');
    });
  });
});
