import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { Organization } from '../../service-catalog/identity/domain/organization.entity';
import { User } from '../../service-catalog/identity/domain/user.entity';
import { cspViolationsOf, launchChromium, signedInPage } from '../support/browser';
import { eventually } from '../support/eventually';
import { deployIncidentDesk } from '../support/incident-desk';
import type { Body } from '../support/json-body';
import { screenshotForDocs } from '../support/page-checks';
import { repoFile } from '../support/repo-root';
import { offerService } from '../support/services';
import { TestSystem } from '../support/test-system';

const HOUR = 3_600_000;
const PROCESS_MOVES = { timeout: 60_000 };

interface OpenTask {
  id: string;
  elementId: string;
}

/**
 * Issue 17 in the browser, beyond the change page and the desk inbox: the change calendar (month and
 * week) marking a conflict and a blackout; a requester following her service request through her
 * manager's approval (decided in the portal's approver inbox) and both fulfilment tasks to delivery;
 * the time in each group (OLA) on a ticket; an admin setting a user's line manager.
 */
describe('browser: change calendar, request progress, approver inbox, OLA and managers', () => {
  let system: TestSystem;
  let browser: Browser;
  const pages: Page[] = [];
  const tag = randomUUID().slice(0, 8);
  const changeProcess = `change_cal_${tag}`;
  const requestProcess = `service_request_progress_${tag}`;
  const incidentProcess = `incident_ola_${tag}`;
  const service = `billing-${tag}`;
  // Noon UTC on a day far ahead (one of 500), so the calendar shows this test's changes on one date in any nearby zone.
  const start = Date.parse('2034-03-07T11:00:00Z') + Math.floor(Math.random() * 500) * 24 * HOUR;
  let itemId = '';
  const as = (who: string, method: string, url: string, payload?: object) =>
    system.injectAs(who, { method, url, ...(payload ? { payload } : {}) });
  const open = async (url: string, who: string) => {
    const page = await signedInPage(browser, url, who);
    pages.push(page);
    return page;
  };

  beforeAll(async () => {
    system = await TestSystem.start({ listen: true, ticketProcessIds: { change: changeProcess, incident: incidentProcess } });
    const dmn = readFileSync(repoFile('workflows/decisions/change-risk.dmn'), 'utf8');
    expect((await as('marta', 'POST', '/decision-definitions', { xml: dmn })).statusCode).toBeLessThan(300);
    const change = readFileSync(repoFile('workflows/processes/change.bpmn'), 'utf8').replace(/"change"/g, `"${changeProcess}"`);
    expect((await as('marta', 'POST', '/process-definitions', { xml: change })).statusCode).toBe(201);
    const request = readFileSync(repoFile('workflows/processes/service-request.bpmn'), 'utf8').replace(
      /"service-request"/g,
      `"${requestProcess}"`,
    );
    expect((await as('marta', 'POST', '/process-definitions', { xml: request })).statusCode).toBe(201);
    await offerService(system, service);
    await deployIncidentDesk(system, { tag, processId: incidentProcess, service });
    const category = (await as('marta', 'POST', '/catalog/categories', { name: `Desks ${tag}` })).result as Body;
    const item = await as('marta', 'POST', '/catalog/items', {
      categoryId: category.id,
      name: `Standing desk ${tag}`,
      formSchema: { components: [] },
      price: { amount: 450, currency: 'EUR' },
      approvalPolicy: { kind: 'manager' },
      processId: requestProcess,
      fulfilmentGroup: 'service-desk',
    });
    expect(item.statusCode).toBe(201);
    itemId = (item.result as Body).id as string;
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const page of pages) await page.goto('about:blank').catch(() => undefined);
    await browser?.close();
    await system?.close();
  });

  it('marks two colliding changes and a blackout on the month and week calendar, and opens a change from it', async () => {
    const blackout = await as('marta', 'POST', '/change-blackouts', {
      name: `Quarter close ${tag}`,
      startsAt: new Date(start - HOUR).toISOString(),
      endsAt: new Date(start + 3 * HOUR).toISOString(),
      services: [service],
    });
    expect(blackout.statusCode).toBe(201);
    const raise = async (title: string, from: number, hours: number) => {
      const res = await as('marta', 'POST', '/tickets', {
        type: 'change',
        title,
        description: title,
        changeType: 'normal',
        impact: 'low',
        likelihood: 'low',
        service,
        plannedStartAt: new Date(from).toISOString(),
        plannedEndAt: new Date(from + hours * HOUR).toISOString(),
        implementationPlan: 'Deploy',
        backoutPlan: 'Roll back',
        testPlan: 'Smoke test',
      });
      expect(res.statusCode).toBe(201);
      return (res.result as { number: string }).number;
    };
    const upgrade = await raise('Upgrade the billing engine', start, 2);
    const patch = await raise('Patch the billing database', start + HOUR, 2);

    const page = await open(`${system.url}/desk`, 'marta');
    await page.getByTestId('change-calendar-link').click();
    await page.waitForURL(/\/desk\/changes\/calendar$/);
    await page.getByTestId('calendar-date').fill(new Date(start).toISOString().slice(0, 10));
    await page.getByTestId('calendar-service').selectOption(service);
    const chip = (number: string) => page.locator(`[data-testid="calendar-change"][data-number="${number}"]`);
    await chip(upgrade).and(page.locator('[data-conflicting="true"]')).waitFor(PROCESS_MOVES);
    await chip(patch).and(page.locator('[data-conflicting="true"]')).waitFor(PROCESS_MOVES);
    const day = page.locator(`[data-testid="calendar-day"][data-date="${new Date(start).toISOString().slice(0, 10)}"]`);
    await expect(day.getByTestId('calendar-blackout').textContent()).resolves.toContain(`Quarter close ${tag}`);
    await page.locator('[data-testid="change-calendar"][data-loading="false"]').waitFor();
    await page.getByTestId('calendar-summary').getByText('2 with conflicts').waitFor(PROCESS_MOVES);
    await screenshotForDocs(page, 'change-calendar.png');

    await page.getByTestId('calendar-week').click();
    await page.locator('[data-testid="change-calendar"][data-mode="week"]').waitFor();
    await chip(upgrade).and(page.locator('[data-conflicting="true"]')).waitFor(PROCESS_MOVES);
    const reasons = await chip(upgrade).getByTestId('calendar-conflict').allTextContents();
    expect(reasons).toEqual(expect.arrayContaining([`overlaps ${patch}`, `in blackout “Quarter close ${tag}”`]));

    // By configuration item: only the change linked to the billing database stays.
    const imported = await as('marta', 'POST', '/cmdb/imports', {
      format: 'json',
      dryRun: false,
      organizationId: null,
      cis: [{ key: `billing-db-${tag}`, class: 'database', name: `Billing DB ${tag}` }],
    });
    expect(imported.statusCode).toBe(200);
    const ci = ((await as('marta', 'GET', `/cmdb/cis?key=billing-db-${tag}`)).result as Body).items[0].id as string;
    expect((await as('marta', 'POST', `/tickets/${upgrade}/configuration-items`, { ciId: ci })).statusCode).toBeLessThan(300);
    await page.getByTestId('calendar-ci').fill(`billing-db-${tag}`);
    await page.getByTestId('calendar-ci-apply').click();
    await page.getByTestId('calendar-ci-chosen').getByText(`Billing DB ${tag}`).waitFor();
    await chip(patch).waitFor({ state: 'detached' });
    await chip(upgrade).waitFor();
    await page.getByTestId('calendar-ci').fill('');
    await page.getByTestId('calendar-ci-apply').click();
    await chip(patch).waitFor();

    // A state the changes are not in hides them; back to all, a click opens the change.
    await page.getByTestId('calendar-state').selectOption('closed');
    await chip(upgrade).waitFor({ state: 'detached' });
    await page.getByTestId('calendar-state').selectOption('');
    await chip(upgrade).click();
    await page.waitForURL(new RegExp(`/desk/tickets/${upgrade}$`));
    await page.getByTestId('change-panel').waitFor();
    // A change is no incident: no major-incident, ask-caller or resolve buttons.
    await page.getByTestId('take-button').waitFor();
    for (const id of ['confirm-major-button', 'ask-caller-button', 'resolve-button', 'categorise-button'])
      await expect(page.getByTestId(id).count()).resolves.toBe(0);
    expect(cspViolationsOf(page)).toEqual([]);
  });

  it('lets the requester follow her request while her manager approves it in the portal and the desk fulfils it', async () => {
    const placed = await as('rita', 'POST', `/catalog/items/${itemId}/requests`, { answers: {} });
    expect(placed.statusCode).toBe(201);
    const { ticketNumber: number, processInstanceId } = placed.result as { ticketNumber: string; processInstanceId: string };
    await eventually(async () => {
      const inbox = (await as('paulius', 'GET', '/approvals?mine=true&state=pending')).result as { items: Array<{ ticket: Body | null }> };
      expect(inbox.items.map((a) => a.ticket?.number)).toContain(number);
    }, 90_000);

    const rita = await open(`${system.url}/portal/tickets/${number}`, 'rita');
    const stage = (key: string, status: string) =>
      rita.locator(`[data-testid="request-stage"][data-stage="${key}"][data-status="${status}"]`);
    await stage('approval', 'current').waitFor(PROCESS_MOVES);
    await rita.locator('[data-testid="request-approval"][data-state="pending"][data-purpose="manager"]').waitFor();
    await expect(stage('approval', 'current').getByTestId('request-stage-detail').textContent()).resolves.toContain('Your manager');

    const paulius = await open(`${system.url}/portal`, 'paulius');
    await paulius.getByTestId('portal-approvals-link').click();
    await paulius.waitForURL(/\/portal\/approvals$/);
    const card = paulius.locator(`[data-testid="portal-approval"][data-number="${number}"]`);
    await card.waitFor();
    await card.getByTestId('portal-approval-comment').fill('Good for your back');
    await screenshotForDocs(paulius, 'approver-inbox.png');
    await card.getByTestId('portal-approve').click();
    await paulius.getByTestId('portal-approval-decided').waitFor();
    await card.waitFor({ state: 'detached' });

    // Rita's page follows: approved with her manager's comment, then both fulfilment tasks under way.
    await rita.locator('[data-testid="request-approval"][data-state="approved"]').waitFor(PROCESS_MOVES);
    await expect(rita.getByTestId('request-approval-comment').textContent()).resolves.toBe('Good for your back');
    await stage('fulfilment', 'current').waitFor(PROCESS_MOVES);
    await rita.locator('[data-testid="catalog-order-task"]').nth(1).waitFor(PROCESS_MOVES);

    const tasks = async () =>
      ((await as('tomas', 'GET', `/process-instances/${processInstanceId}`)).result as { openTasks: OpenTask[] }).openTasks;
    const complete = async (elementId: string) => {
      const task = (await tasks()).find((t) => t.elementId === elementId)!;
      expect((await as('tomas', 'POST', `/tasks/${task.id}/complete`, { variables: {} })).statusCode).toBe(200);
    };
    await complete('ProvideItem');
    await rita.locator('[data-testid="catalog-order-done-task"]', { hasText: 'Provide the item' }).waitFor(PROCESS_MOVES);
    await expect(rita.getByTestId('catalog-order-task').allTextContents()).resolves.toEqual(['Set up access']);
    await screenshotForDocs(rita, 'portal-request-progress.png');

    await complete('SetUpAccess');
    await stage('delivered', 'done').waitFor(PROCESS_MOVES);
    await expect(rita.getByTestId('catalog-order-done-task').count()).resolves.toBe(2);
    expect(cspViolationsOf(rita)).toEqual([]);
    expect(cspViolationsOf(paulius)).toEqual([]);
  });

  it("shows the time in each group against the group's OLA target on the ticket", async () => {
    const raised = await as('rita', 'POST', '/tickets', {
      type: 'incident',
      title: `Invoices print blank ${tag}`,
      description: 'Since this morning',
      // P3 in the priority matrix: the desk's P3 policy for the service gives it an SLA clock.
      impact: 'low',
      urgency: 'high',
      category: 'network',
      service,
    });
    expect(raised.statusCode).toBe(201);
    const number = (raised.result as { number: string }).number;
    const group = await eventually(async () => {
      const t = (await as('tomas', 'GET', `/tickets/${number}`)).result as { assignmentGroup: string | null };
      expect(t.assignmentGroup).toBeTruthy();
      return t.assignmentGroup!;
    }, 90_000);
    expect((await as('admin', 'PATCH', `/groups/${group}`, { olaTarget: 'PT8H' })).statusCode).toBe(200);
    try {
      const agent = group === 'network' ? 'agne' : 'tomas';
      const page = await open(`${system.url}/desk/tickets/${number}`, agent);
      const row = page.locator(`[data-testid="ola-row"][data-group="${group}"]`);
      await row.waitFor(PROCESS_MOVES);
      await expect(row.getByTestId('ola-target').textContent()).resolves.toContain('8 h');
      await expect(row.getAttribute('data-breached')).resolves.toBe('false');
    } finally {
      await as('admin', 'PATCH', `/groups/${group}`, { olaTarget: null });
    }
  });

  it("lets an admin set a user's line manager", async () => {
    const baltic = await system.adminEm().findOneOrFail(Organization, { name: 'Baltic Retail UAB' });
    const paulius = await system.adminEm().findOneOrFail(User, { username: 'paulius' });
    const username = `nina-${tag}`;
    const created = await as('admin', 'POST', '/users', {
      username,
      displayName: `Nina ${tag}`,
      password: 'nina-demo-pass-123',
      roles: ['requester'],
      organizationId: baltic.id,
    });
    expect(created.statusCode).toBe(201);
    const id = (created.result as Body).id as string;

    const page = await open(`${system.url}/desk`, 'admin');
    await page.getByTestId('nav-users').click();
    await page.waitForURL(/\/admin\/users$/);
    await page.getByTestId('users-filter').fill(username);
    const row = page.locator(`[data-testid="user-row"][data-username="${username}"]`);
    await row.getByTestId('user-manager').selectOption(paulius.id);
    await row.getByTestId('user-manager-saved').waitFor();
    await expect(as('admin', 'GET', `/users/${id}`).then((r) => (r.result as Body).managerId)).resolves.toBe(paulius.id);
  });
});
