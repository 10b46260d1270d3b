import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, signedInPage } from '../support/browser';
import { eventually } from '../support/eventually';
import { repoFile } from '../support/repo-root';
import { Organization } from '../../service-catalog/identity/domain/organization.entity';
import { TestSystem } from '../support/test-system';

interface TicketView {
  number: string;
  state: string;
  priority: string | null;
  assignmentGroup: string | null;
  assigneeId: string | null;
  processInstanceId: string | null;
  resolutionCode: string | null;
  sla: { policy: string | null; pausedAt: string | null };
}

const ALWAYS_OPEN = {
  timeZone: 'UTC',
  weekly: Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((d) => [d, [{ start: '00:00', end: '24:00' }]])),
};
/** The process moves asynchronously after each click; the pages poll every few seconds. */
const PROCESS_MOVES = { timeout: 30_000 };

/**
 * Scenario 1's core in the browser, on the shipped incident diagram (under a process id of its own):
 * Rita raises an incident in the portal; Agnė, in the Network group a routing rule sends it to, finds
 * it in the unassigned queue, takes it and asks her a question; she answers in the portal; Agnė
 * resolves it; Rita says it works, and the ticket shows closed.
 */
describe('browser: service desk and portal', () => {
  let system: TestSystem;
  let browser: Browser;
  const pages: Page[] = [];
  const tag = randomUUID().slice(0, 8);
  const processId = `incident_ui_${tag}`;
  const service = `vpn-${tag}`;
  let ruleId: string | undefined;

  beforeAll(async () => {
    system = await TestSystem.start({ listen: true, ticketProcessIds: { incident: processId } });
    const as = (method: string, url: string, payload: object) => system.injectAs('marta', { method, url, payload });
    expect(
      (await as('POST', '/decision-definitions', { xml: readFileSync(repoFile('workflows/decisions/priority-matrix.dmn'), 'utf8') }))
        .statusCode,
    ).toBeLessThan(300);
    // Tickets name a service by id or by the name of one that exists: this run's own, for Baltic Retail.
    const baltic = await system.adminEm().findOneOrFail(Organization, { name: 'Baltic Retail UAB' });
    expect((await as('POST', '/services', { name: service, kind: 'business', customerOrganizationIds: [baltic.id] })).statusCode).toBe(201);
    const calendar = await as('POST', '/business-calendars', { name: `Always ${tag}`, definition: ALWAYS_OPEN });
    const calendarId = (calendar.result as { id: string }).id;
    // Long targets: nothing warns or breaches while the test runs.
    const policy = await as('POST', '/sla-policies', {
      name: `P3 ${service}`,
      priority: 'P3',
      service,
      calendarId,
      responseTarget: 'PT2H',
      resolutionTarget: 'PT8H',
      warningPercent: 50,
    });
    expect(policy.statusCode).toBe(201);
    // This run's service goes to the Network queue (manual: nobody is picked), ahead of any other file's rules.
    const rule = await as('POST', '/routing-rules', { name: `UI ${tag}`, position: 1, service, assignmentGroup: 'network' });
    expect(rule.statusCode).toBe(201);
    ruleId = (rule.result as { id: string }).id;
    const xml = readFileSync(repoFile('workflows/processes/incident.bpmn'), 'utf8').replace(/"incident"/g, `"${processId}"`);
    expect((await as('POST', '/process-definitions', { xml })).statusCode).toBe(201);
    browser = await launchChromium();
  });
  afterAll(async () => {
    // Leave the pages first so their polling stops before the teardown.
    for (const page of pages) await page.goto('about:blank').catch(() => undefined);
    await browser?.close();
    if (ruleId) await system.injectAs('marta', { method: 'DELETE', url: `/routing-rules/${ruleId}` });
    await system?.close();
  });

  const signIn = async (username: string) => {
    const page = await signedInPage(browser, system.url, username);
    pages.push(page);
    return page;
  };
  const ticket = async (number: string) =>
    (await system.injectAs('marta', { method: 'GET', url: `/tickets/${number}` })).result as TicketView;
  /** The process waits at the event gateway `elementId`: a message sent now is heard (the state is written a few steps earlier). */
  const processWaitsAt = (instanceId: string, elementId: string) =>
    eventually(async () => {
      const instance = (await system.injectAs('marta', { method: 'GET', url: `/process-instances/${instanceId}` })).result as {
        activeElementIds?: string[];
      };
      if (!instance.activeElementIds?.includes(elementId))
        throw new Error(`instance ${instanceId} is not at ${elementId} yet: ${instance.activeElementIds?.join(', ')}`);
    }, 20_000);
  const detailIn = (page: Page, state: string) =>
    page.locator(`[data-testid="ticket-detail"][data-state="${state}"]`).waitFor(PROCESS_MOVES);

  it('runs an incident from the portal through the desk to closure', async () => {
    // Rita lands in the portal; the form refuses an empty ticket next to its fields.
    const rita = await signIn('rita');
    await rita.waitForURL('**/portal');
    await rita.getByTestId('raise-ticket-link').click();
    await rita.getByTestId('raise-submit').click();
    await rita.getByTestId('raise-title-error').filter({ hasText: 'at least 3 characters' }).waitFor();
    await expect(rita.getByTestId('raise-title').getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(rita.getByTestId('raise-impact-error').textContent()).resolves.toContain('Say who is affected');

    await rita.getByTestId('raise-title').fill(`VPN fails ${tag}`);
    await rita.getByTestId('raise-description').fill('The VPN client says "authentication failed" since this morning.');
    await rita.getByTestId('raise-category').selectOption('network');
    await rita.getByTestId('raise-service').selectOption({ label: service });
    await rita.getByTestId('raise-impact').selectOption('low');
    await rita.getByTestId('raise-urgency').selectOption('high');
    await rita.getByTestId('raise-submit').click();
    await rita.waitForURL(/\/portal\/tickets\/INC\d{7}$/);
    const number = (await rita.getByTestId('ticket-number').textContent())!.trim();

    // The process prioritises (low impact × high urgency = P3), starts the clock and routes it to the Network queue.
    const routed = await eventually(async () => {
      const t = await ticket(number);
      if (t.state !== 'in_progress' || !t.assignmentGroup) throw new Error(`${number} is ${t.state}, group ${t.assignmentGroup}`);
      return t;
    }, 30_000);
    expect(routed).toMatchObject({ priority: 'P3', assignmentGroup: 'network', assigneeId: null, sla: { policy: `P3 ${service}` } });

    // Agnė, the network agent, lands at the desk and finds it unassigned, with its SLA countdown running.
    const agent = await signIn('agne');
    await agent.waitForURL('**/desk**');
    await agent.locator('[data-testid="queue-tab"][data-queue="unassigned"]').click();
    const row = agent.locator(`[data-testid="ticket-row"][data-number="${number}"]`);
    await row.waitFor();
    await expect(row.getByTestId('sla-countdown').getAttribute('data-tone')).resolves.toBe('ok');
    await expect(row.getByTestId('sla-countdown').textContent()).resolves.toMatch(/\d+ h( \d+ min)? left/);
    await row.getByTestId('ticket-link').click();
    await agent.waitForURL(`**/desk/tickets/${number}`);

    // The agent takes it and asks Rita a question; an internal note stays with the desk.
    await agent.getByTestId('take-button').click();
    await agent.getByTestId('ticket-assignee').filter({ hasText: 'you' }).waitFor();
    await agent.getByTestId('ask-caller-button').click();
    await agent.getByTestId('ask-caller-question').fill('Which VPN client version do you use?');
    await agent.getByTestId('ask-caller-submit').click();
    await detailIn(agent, 'awaiting_caller');
    await agent.getByTestId('sla-countdown').filter({ hasText: 'paused' }).first().waitFor(PROCESS_MOVES);
    // The ticket's state and its process's waiting task arrive as two changes: wait for the second.
    await agent.locator('[data-testid="resolve-button"]:disabled').waitFor(PROCESS_MOVES);
    await agent.getByTestId('entry-kind-note').check();
    await agent.getByTestId('entry-body-input').fill('Probably the expired certificate again.');
    await agent.getByTestId('entry-send-button').click();
    await agent.locator('[data-testid="entry"][data-kind="note"]').waitFor();

    // Rita sees the question (not the note) and answers it in the portal: the work resumes.
    await rita.locator('[data-testid="entry"]', { hasText: 'Which VPN client version' }).waitFor(PROCESS_MOVES);
    await rita.getByTestId('awaiting-you').waitFor(PROCESS_MOVES);
    await expect(rita.locator('[data-testid="entry"][data-kind="note"]').count()).resolves.toBe(0);
    await processWaitsAt(routed.processInstanceId!, 'WaitForCaller');
    await rita.getByTestId('entry-body-input').fill('Version 5.2');
    await rita.getByTestId('entry-send-button').click();
    await detailIn(rita, 'in_progress');

    // The agent's page follows; resolving checks its fields first, then resolves.
    await detailIn(agent, 'in_progress');
    await agent.locator('[data-testid="entry"]', { hasText: 'Version 5.2' }).waitFor(PROCESS_MOVES);
    await agent.getByTestId('resolve-button').click();
    await agent.getByTestId('resolve-submit').click();
    await agent.locator('#resolution-code-error').filter({ hasText: 'Choose how the ticket was resolved' }).waitFor();
    await agent.getByTestId('resolution-code').selectOption('solved');
    await agent.getByTestId('resolution-notes').fill('Issued a new VPN certificate.');
    await agent.getByTestId('resolve-submit').click();
    await detailIn(agent, 'resolved');

    // Rita is asked to confirm; "It works" closes the ticket.
    await rita.getByTestId('confirm-works').waitFor(PROCESS_MOVES);
    await processWaitsAt(routed.processInstanceId!, 'WaitForConfirmation');
    await rita.getByTestId('confirm-works').click();
    await detailIn(rita, 'closed');
    await expect(rita.locator('header [data-testid="ticket-state"]').textContent()).resolves.toBe('Closed');
    expect(await ticket(number)).toMatchObject({ state: 'closed', resolutionCode: 'solved' });

    // Back in her list, the ticket reads closed too.
    await rita.getByTestId('back-to-portal').click();
    await rita.locator(`[data-testid="portal-ticket"][data-number="${number}"] [data-state="closed"]`).waitFor(PROCESS_MOVES);
  }, 300_000);
});
