import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchChromium, signedInPage } from '../support/browser';
import { eventually } from '../support/eventually';
import type { Body } from '../support/json-body';
import { screenshotForDocs } from '../support/page-checks';
import { repoFile } from '../support/repo-root';
import { TestSystem } from '../support/test-system';

/**
 * Issue 23 (issue 16's task operations on a screen): in operate, the process owner claims an open user
 * task, hands it to a colleague, takes it back from them (after a confirmation), and reschedules it:
 * candidates, due date and priority. A refusal naming a field (an assignee too long, a priority over 100)
 * stands under that field.
 */
describe('browser: assigning and rescheduling a user task in operate', () => {
  let system: TestSystem;
  let browser: Browser;
  let page: Page;
  const tag = randomUUID().slice(0, 8);
  const processId = `triage_assign_${tag}`;
  const businessKey = `ASSIGN-${tag}`;
  let task: Locator;
  let taskId: string;

  beforeAll(async () => {
    system = await TestSystem.start({ listen: true, ticketProcessIds: { incident: `none_${tag}` } });
    const xml = readFileSync(repoFile('test/fixtures/triage-incident.bpmn'), 'utf8').replace(/"incident"/g, `"${processId}"`);
    expect((await system.injectAs('marta', { method: 'POST', url: '/process-definitions', payload: { xml } })).statusCode).toBe(201);
    const started = await system.injectAs('marta', {
      method: 'POST',
      url: '/process-instances',
      payload: { processId, businessKey, variables: { title: 'printer jam' } },
    });
    expect(started.statusCode).toBe(201);
    browser = await launchChromium();
    page = await signedInPage(browser, system.url, 'marta');
  });
  afterAll(async () => {
    await page?.goto('about:blank').catch(() => undefined);
    await browser?.close();
    await system?.close();
  });

  /** The task as the API lists it now. */
  const apiTask = async (): Promise<Body> => {
    const list = (await system.injectAs('marta', { method: 'GET', url: `/process-instances?businessKey=${businessKey}` })).result as {
      items: Array<{ openTasks: Body[] }>;
    };
    return list.items[0]!.openTasks[0]!;
  };

  it('claims the task, hands it on, and takes it back after asking', async () => {
    await page.waitForURL('**/processes');
    await page.getByTestId('filter-business-key').fill(businessKey);
    await page.getByTestId('filter-business-key').press('Enter');
    const row = page.locator('[data-testid="instance-row"]', { hasText: businessKey });
    task = row.getByTestId('open-task').filter({ hasText: 'Triage' });
    await task.getByTestId('task-facts').waitFor({ timeout: 20_000 });
    taskId = (await task.getAttribute('data-task-id'))!;
    await expect(task.getByTestId('task-assignee').innerText()).resolves.toBe('Unassigned');
    await expect(task.getByTestId('task-candidates').innerText()).resolves.toBe('for service-desk');

    await task.getByTestId('task-manage-toggle').click();
    await task.getByTestId('task-claim').click();
    await eventually(async () => expect(await task.getByTestId('task-assignee').innerText()).toBe('Assigned to marta'));
    await expect(apiTask()).resolves.toMatchObject({ id: taskId, assignee: 'marta' });

    // A name longer than the API takes: the refusal stands under the assignee field, and focus goes there.
    const assignee = task.getByTestId('task-assignee-input');
    await assignee.fill('x'.repeat(256));
    await task.getByTestId('task-assign').click();
    await eventually(async () => expect(await task.getByTestId('task-assignee-error').innerText()).toMatch(/255/));
    await expect(assignee.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(apiTask()).resolves.toMatchObject({ assignee: 'marta' });

    await assignee.fill('tomas');
    await eventually(async () => expect(await task.getByTestId('task-assignee-error').innerText()).toBe(''));
    await task.getByTestId('task-assign').click();
    await eventually(async () => expect(await task.getByTestId('task-assignee').innerText()).toBe('Assigned to tomas'));

    // Taking it from someone else asks first; Cancel leaves it with them.
    await task.getByTestId('task-unassign').click();
    await page.getByTestId('confirm-cancel').click();
    await expect(apiTask()).resolves.toMatchObject({ assignee: 'tomas' });
    await task.getByTestId('task-unassign').click();
    await page.getByTestId('confirm-ok').click();
    await eventually(async () => expect(await task.getByTestId('task-assignee').innerText()).toBe('Unassigned'));
    expect((await apiTask()).assignee).toBeUndefined();
  });

  it('changes the candidates, the due date and the priority; a priority over 100 is refused at its field', async () => {
    const priority = task.getByTestId('task-priority-input');
    await task.getByTestId('task-candidate-groups').fill('service-desk, network');
    await task.getByTestId('task-candidate-users').fill('tomas');
    await task.getByTestId('task-due-date').fill('2030-01-15T09:30');
    await priority.fill('150');
    await task.getByTestId('task-update').click();
    await eventually(async () => expect(await task.getByTestId('task-priority-error').innerText()).toMatch(/100/));
    await expect(priority.getAttribute('aria-invalid')).resolves.toBe('true');
    expect((await apiTask()).priority).not.toBe(150);

    await priority.fill('70');
    await task.getByTestId('task-update').click();
    await eventually(async () => expect(await task.getByTestId('task-priority').innerText()).toBe('priority 70'));
    await expect(task.getByTestId('task-candidates').innerText()).resolves.toBe('for service-desk, network, tomas');
    await expect(task.getByTestId('task-due').innerText()).resolves.toMatch(/^due 1\/15\/30, 9:30/);
    const changed = await apiTask();
    expect(changed).toMatchObject({ candidateGroups: ['service-desk', 'network'], candidateUsers: ['tomas'], priority: 70 });
    // The browser's local 09:30 went out as an instant: read back in the same zone it is 09:30 again.
    const due = await page.evaluate(`new Date(${JSON.stringify(changed.dueDate)}).toTimeString().slice(0, 5)`);
    expect(due).toBe('09:30');
    await screenshotForDocs(page, 'operate-task-assignment.png');

    // Nothing changed since: the save button is off rather than sending an empty change.
    await expect(task.getByTestId('task-update').isDisabled()).resolves.toBe(true);
  });
});
