import { randomUUID } from 'node:crypto';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchChromium, signedInPage } from '../support/browser';
import { eventually } from '../support/eventually';
import { activateOneJob } from '../support/job-api';
import type { Body } from '../support/json-body';
import { multipart } from '../support/multipart';
import { accessibleAndFitsPhone } from '../support/page-checks';
import { TestSystem } from '../support/test-system';

const ISO_INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/**
 * Camunda 8.8's task listener denials on the screens: a user completes a task in the browser, the task's
 * completing listener (an external job worker, played here through the job API) denies it with a reason,
 * and the task is open again with that reason above its Complete button, in operate and on the desk's
 * ticket page. Completed again, the listener lets it through and the process goes on. An assigning
 * listener's denial shows in operate's task management instead, next to the assignment it refused. A task
 * that a ticket action completes (Resolve…) shows its denial among the desk's actions, naming the task.
 */
describe('browser: task listeners deny a completion and an assignment', () => {
  let system: TestSystem;
  let browser: Browser;
  let page: Page;
  const tag = randomUUID().slice(0, 8);
  const gate = `review-gate-${tag}`;
  const assignGate = `assign-gate-${tag}`;
  const deskGate = `diagnosis-gate-${tag}`;
  const resolveGate = `resolve-gate-${tag}`;
  const processId = `listener_denial_${tag}`;
  const deskProcessId = `desk_denial_${tag}`;
  const formId = `denial-diagnosis-${tag}`;
  const businessKey = `DENY-${tag}`;
  const reason = `attach the test report first ${tag}`;

  const definitions = (id: string, body: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="Defs_${id}" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="${id}" isExecutable="true">${body}</bpmn:process>
</bpmn:definitions>`;
  const listeners = (types: Record<string, string>) =>
    `<zeebe:taskListeners>${Object.entries(types)
      .map(([event, type]) => `<zeebe:taskListener eventType="${event}" type="${type}" />`)
      .join('')}</zeebe:taskListeners>`;
  const flows = (...ids: string[]) =>
    ids
      .slice(1)
      .map((to, i) => `<bpmn:sequenceFlow id="F${i}" sourceRef="${ids[i]}" targetRef="${to}" />`)
      .join('');

  const as = (user: string, method: string, url: string, payload?: object) =>
    system.injectAs(user, { method, url, ...(payload !== undefined ? { payload } : {}) });

  /**
   * Plays the listener's job worker: takes the next job of `type` and completes it with `payload`. A ticket's
   * jobs belong to its organisation: `tenant` names it (else internal work).
   */
  const answerListener = async (type: string, payload: object, tenant?: string, event = 'COMPLETING'): Promise<void> => {
    const job = await activateOneJob(system, 'admin', type, { worker: 'e2e-listener', ...(tenant ? { tenantIds: [tenant] } : {}) });
    expect(job).toMatchObject({ kind: 'TASK_LISTENER', listenerEventType: event });
    expect((await as('admin', 'POST', `/v2/jobs/${job.jobKey}/completion`, payload)).statusCode).toBe(204);
  };

  beforeAll(async () => {
    system = await TestSystem.start({ listen: true, ticketProcessIds: { incident: deskProcessId } });
    const review =
      '<bpmn:startEvent id="Start" />' +
      `<bpmn:userTask id="Review" name="Review the fix ${tag}"><bpmn:extensionElements><zeebe:userTask />${listeners({ assigning: assignGate, completing: gate })}` +
      '</bpmn:extensionElements></bpmn:userTask><bpmn:endEvent id="End" />' +
      flows('Start', 'Review', 'End');
    const xml = definitions(processId, review);
    expect((await as('marta', 'POST', '/process-definitions', { xml })).statusCode).toBe(201);
    expect((await as('marta', 'POST', '/process-instances', { processId, businessKey })).statusCode).toBe(201);

    const desk =
      '<bpmn:startEvent id="Start" />' +
      `<bpmn:userTask id="Diagnose" name="Diagnose ${tag}"><bpmn:extensionElements><zeebe:userTask />` +
      `<zeebe:formDefinition formId="${formId}" bindingType="deployment" />` +
      `<zeebe:assignmentDefinition candidateGroups="service-desk" />${listeners({ completing: deskGate })}</bpmn:extensionElements></bpmn:userTask>` +
      `<bpmn:userTask id="FollowUp" name="Follow up ${tag}"><bpmn:extensionElements><zeebe:userTask />` +
      '<zeebe:assignmentDefinition candidateGroups="service-desk" />' +
      `<zeebe:properties><zeebe:property name="ticket.actions" value="resolve" /></zeebe:properties>${listeners({ completing: resolveGate })}` +
      '</bpmn:extensionElements></bpmn:userTask>' +
      '<bpmn:endEvent id="End" />' +
      flows('Start', 'Diagnose', 'FollowUp', 'End');
    const form = JSON.stringify({
      id: formId,
      type: 'default',
      schemaVersion: 16,
      components: [{ id: 'Field_notes', key: 'diagnosis', label: 'Diagnosis', type: 'textfield', validate: { required: true } }],
    });
    const resources = multipart([
      { name: 'resources', filename: `${deskProcessId}.bpmn`, content: definitions(deskProcessId, desk) },
      { name: 'resources', filename: `${formId}.form`, content: form },
    ]);
    expect((await system.injectAs('marta', { method: 'POST', url: '/v2/deployments', ...resources })).statusCode).toBe(200);

    browser = await launchChromium();
    page = await signedInPage(browser, system.url, 'marta');
  });
  afterAll(async () => {
    await page?.goto('about:blank').catch(() => undefined);
    await browser?.close();
    await system?.close();
  });

  const expectDenialIn = async (task: Locator, text: string, event = 'completing'): Promise<void> => {
    const notice = task.locator(`[data-testid="task-denial"][data-event-type="${event}"]`);
    await notice.waitFor({ timeout: 30_000 });
    await expect(notice.innerText()).resolves.toBe(text);
    await expect(notice.getAttribute('role')).resolves.toBe('status');
  };

  it('shows a denied assignment and a denied completion in operate with their reasons, then completes the task', async () => {
    await page.goto(`${system.url}/processes`);
    await page.getByTestId('filter-business-key').fill(businessKey);
    await page.getByTestId('filter-business-key').press('Enter');
    const row = page.locator('[data-testid="instance-row"]', { hasText: businessKey });
    const task = row.getByTestId('open-task').filter({ hasText: `Review the fix ${tag}` });
    await task.getByTestId('task-variables').fill('{"tested": false}');
    await expect(task.getByTestId('task-denial').count()).resolves.toBe(0);

    // The assigning listener refuses marta's claim: the task management says why, the task stays unassigned.
    await task.getByTestId('task-manage-toggle').click();
    await task.getByTestId('task-claim').click();
    await answerListener(
      assignGate,
      { result: { denied: true, deniedReason: `not before the fix is deployed ${tag}` } },
      undefined,
      'ASSIGNING',
    );
    await page.getByTestId('refresh-button').click();
    const manage = task.locator('app-task-manage');
    await expectDenialIn(manage, `The process refused the last assignment: not before the fix is deployed ${tag}`, 'assigning');
    await expect(task.getByTestId('task-assignee').innerText()).resolves.toBe('Unassigned');
    await expect(task.locator('app-task-complete-form').getByTestId('task-denial').count()).resolves.toBe(0);

    // A worker quicker than the list's refresh: the list never sees the task gone, so the same form must learn of
    // the denial. Held here by failing the list's reads until the listener answered.
    const listReads = (url: URL) => url.pathname.endsWith('/process-instances') && url.searchParams.has('limit');
    await page.route(listReads, (route) => route.abort());
    const button = task.getByTestId('complete-task-button');
    await button.click();
    await eventually(async () => expect(await button.innerText()).toBe('Completed'));
    await button.evaluate((el) => el.setAttribute('data-seen-completed', 'yes'));

    // The completing listener denies: the completion is dropped, the task is open again and says why.
    await answerListener(gate, { result: { denied: true, deniedReason: reason } });
    await page.unroute(listReads);
    await page.getByTestId('refresh-button').click();
    await expectDenialIn(task.locator('app-task-complete-form'), `The process refused the last completion: ${reason}`);
    await eventually(async () => expect(await button.innerText()).toBe('Complete'));
    await expect(button.isEnabled()).resolves.toBe(true);
    await expect(button.getAttribute('data-seen-completed')).resolves.toBe('yes');
    const listed = (await as('marta', 'GET', `/process-instances?businessKey=${businessKey}`)).result as { items: Body[] };
    expect(listed.items[0]).toMatchObject({
      status: 'RUNNING',
      openTasks: [{ denial: { eventType: 'completing', reason, deniedAt: expect.any(String) } }],
    });
    // The task keeps its last denial only: the assignment's is gone, the completion's stands above the button.
    await expect(task.getByTestId('task-denial').count()).resolves.toBe(1);
    await expect(task.locator('app-task-complete-form').getByTestId('task-denial').count()).resolves.toBe(1);

    // Completed again, the listener lets it through: the instance completes.
    await task.getByTestId('task-variables').fill('{"tested": true}');
    await button.click();
    await answerListener(gate, { result: { denied: false } });
    await page.getByTestId('refresh-button').click();
    await eventually(async () => expect(await row.getByTestId('instance-status').innerText()).toBe('COMPLETED'));
    await expect(row.getByTestId('open-task').count()).resolves.toBe(0);
    const instance = (await as('marta', 'GET', `/process-instances/${listed.items[0]!.id}`)).result as Body;
    expect(instance).toMatchObject({ status: 'COMPLETED', variables: { tested: true } });
  });

  it('shows the denied completion on the desk ticket page, and the process goes on once the listener lets it through', async () => {
    const raised = await as('rita', 'POST', '/tickets', { title: `Fan noise ${tag}` });
    expect(raised.statusCode).toBe(201);
    const { number, organizationId } = raised.result as { number: string; organizationId: string };
    const desk = await signedInPage(browser, system.url, 'tomas');
    const waitingAt = async () =>
      ((await as('tomas', 'GET', `/tickets/${number}`)).result as { work: { waitingAt: Body[] } }).work.waitingAt;
    try {
      await desk.goto(`${system.url}/desk/tickets/${number}`);
      const panel = desk.getByTestId('desk-task-form').filter({ hasText: `Diagnose ${tag}` });
      const diagnosis = panel.getByTestId('task-form').getByLabel('Diagnosis');
      await diagnosis.waitFor({ timeout: 30_000 });
      await diagnosis.pressSequentially('Dusty fan');
      await panel.getByTestId('complete-task-button').click();

      await answerListener(deskGate, { result: { denied: true, deniedReason: reason } }, organizationId);
      // The ticket API hands the denial on with the task.
      await eventually(async () =>
        expect(await waitingAt()).toEqual([
          expect.objectContaining({ denial: { eventType: 'completing', reason, deniedAt: expect.stringMatching(ISO_INSTANT) } }),
        ]),
      );
      // No reload: the page hears of the process from the live stream, and the form comes back with the reason.
      await expectDenialIn(panel, `The process refused the last completion: ${reason}`);
      // The page with the notice: no serious axe finding, nothing wider than a phone.
      expect(await accessibleAndFitsPhone(desk)).toEqual({ violations: [], tooWide: [] });

      await diagnosis.waitFor({ timeout: 30_000 });
      await diagnosis.fill('');
      await diagnosis.pressSequentially('Dusty fan, cleaned; test report attached');
      await panel.getByTestId('complete-task-button').click();
      await answerListener(deskGate, {}, organizationId);
      await eventually(async () => expect((await waitingAt()).map((w) => w.elementId)).toEqual(['FollowUp']));
      expect((await waitingAt())[0]!.denial).toBeUndefined();
      await desk.getByTestId('desk-task-form').first().waitFor({ state: 'detached', timeout: 30_000 });

      // "Follow up" is completed by the Resolve action; its completing listener refuses twice with the same
      // reason. The actions say so, naming the task, and the second refusal is told from the first by its time.
      const resolve = async (notes: string) => {
        await desk.getByTestId('resolve-button').click();
        await desk.getByTestId('resolution-code').selectOption('solved');
        await desk.getByTestId('resolution-notes').fill(notes);
        await desk.getByTestId('resolve-submit').click();
        await desk.getByTestId('resolve-form').waitFor({ state: 'detached', timeout: 30_000 });
      };
      const actionDenial = desk.getByTestId('agent-actions').locator('[data-testid="task-denial"][data-event-type="completing"]');
      const deniedAt = async () => (await waitingAt())[0]!.denial?.deniedAt as string | undefined;
      await resolve('Cleaned the fan.');
      await answerListener(resolveGate, { result: { denied: true, deniedReason: reason } }, organizationId);
      await eventually(async () => expect(await deniedAt()).toEqual(expect.stringMatching(ISO_INSTANT)));
      const first = (await deniedAt())!;
      await actionDenial.waitFor({ timeout: 30_000 });
      await expect(actionDenial.innerText()).resolves.toBe(`The process refused the last completion of “Follow up ${tag}”: ${reason}`);
      await eventually(async () => expect(await actionDenial.getAttribute('data-denied-at')).toBe(first));

      await resolve('Cleaned the fan again.');
      await answerListener(resolveGate, { result: { denied: true, deniedReason: reason } }, organizationId);
      await eventually(async () => expect(await deniedAt()).not.toBe(first));
      const second = (await deniedAt())!;
      expect(Date.parse(second)).toBeGreaterThan(Date.parse(first));
      await eventually(async () => expect(await actionDenial.getAttribute('data-denied-at')).toBe(second));
      expect(await accessibleAndFitsPhone(desk)).toEqual({ violations: [], tooWide: [] });

      // Let through, the process ends and the notice goes with the task.
      await resolve('Fan replaced.');
      await answerListener(resolveGate, {}, organizationId);
      await eventually(async () => expect(await waitingAt()).toEqual([]));
      await actionDenial.waitFor({ state: 'detached', timeout: 30_000 });
    } finally {
      await desk.close();
    }
  });
});
