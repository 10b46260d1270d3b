import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { cspViolationsOf, launchChromium, signedInPage } from '../support/browser';
import { eventually } from '../support/eventually';
import { horizontalOverflow, PHONE, screenshotForDocs } from '../support/page-checks';
import { repoFile } from '../support/repo-root';
import { offerService } from '../support/services';
import { TestSystem } from '../support/test-system';

interface TicketView {
  number: string;
  priority: string | null;
  assignmentGroup: string | null;
  createdAt: string;
  sla: { policy: string | null; responseDueAt: string | null; resolutionDueAt: string | null };
}

/** The process moves asynchronously after each step. */
const PROCESS_MOVES = { timeout: 30_000 };

/**
 * Issue 23, desk configuration: the admin sets up a calendar, an SLA policy and a routing rule on their
 * screens (each form first refusing a mistake at the field), moves the rule to the top, and a new ticket
 * is then routed and timed by them; the routing test names the rule for that ticket. An agent answers
 * it with a canned response filled in from the ticket and edited before sending, at desktop and phone width.
 */
describe('browser: the admin configures calendars, SLAs, routing and canned responses; the desk uses them', () => {
  let system: TestSystem;
  let browser: Browser;
  const pages: Page[] = [];
  const tag = randomUUID().slice(0, 8);
  const processId = `incident_cfg_${tag}`;
  const service = `cfg-${tag}`;
  const calendar = `Round the clock ${tag}`;
  const policy = `P3 ${service}`;
  const rule = `Config ${tag} to network`;
  const canned = `Looking into it ${tag}`;
  let number = '';

  beforeAll(async () => {
    system = await TestSystem.start({ listen: true, ticketProcessIds: { incident: processId } });
    await offerService(system, service);
    const as = (method: string, url: string, payload: object) => system.injectAs('marta', { method, url, payload });
    const dmn = readFileSync(repoFile('workflows/decisions/priority-matrix.dmn'), 'utf8');
    expect((await as('POST', '/decision-definitions', { xml: dmn })).statusCode).toBeLessThan(300);
    const xml = readFileSync(repoFile('workflows/processes/incident.bpmn'), 'utf8').replace(/"incident"/g, `"${processId}"`);
    expect((await as('POST', '/process-definitions', { xml })).statusCode).toBe(201);
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const page of pages) await page.goto('about:blank').catch(() => undefined);
    await browser?.close();
    const rules = (await system?.injectAs('marta', { method: 'GET', url: '/routing-rules' }))?.result as {
      items: Array<{ id: string; name: string }>;
    };
    for (const r of rules?.items ?? [])
      if (r.name === rule) await system.injectAs('marta', { method: 'DELETE', url: `/routing-rules/${r.id}` });
    await system?.close();
  });

  const signIn = async (url: string, username: string) => {
    const page = await signedInPage(browser, `${system.url}${url}`, username);
    pages.push(page);
    return page;
  };
  const ticket = async (n: string) => (await system.injectAs('marta', { method: 'GET', url: `/tickets/${n}` })).result as TicketView;

  it('the admin sets up a calendar, a policy, a rule and a canned response; a new ticket is routed and timed by them', async () => {
    const admin = await signIn('/admin/sla', 'admin');

    // Calendar: an unknown time zone is named at the zone field; then every day 00:00–23:59 in UTC.
    await admin.getByTestId('calendar-name').fill(calendar);
    await admin.getByTestId('calendar-zone').fill('Mars/Olympus');
    await admin.getByTestId('calendar-create').click();
    await admin.getByTestId('calendar-zone-error').filter({ hasText: /\S/ }).waitFor();
    await admin.getByTestId('calendar-zone').fill('UTC');
    for (let day = 1; day <= 7; day++) {
      const row = admin.getByTestId(`calendar-day-${day}`);
      await row.getByRole('checkbox').check();
      await row.getByTestId('calendar-start').fill('00:00');
      await row.getByTestId('calendar-end').fill('23:59');
    }
    await admin.getByTestId('calendar-create').click();
    await admin.locator(`[data-testid="calendar-row"][data-name="${calendar}"]`).waitFor();

    // Policy: a target that is not a business duration is named at its field; then PT2H / PT8H for P3 on the service.
    await admin.getByTestId('policy-name').fill(policy);
    await admin.getByTestId('policy-priority').selectOption('P3');
    await admin.getByTestId('policy-service').fill(service);
    await admin.getByTestId('policy-calendar').selectOption({ label: calendar });
    await admin.getByTestId('policy-response').fill('2 hours');
    await admin.getByTestId('policy-resolution').fill('PT8H');
    await admin.getByTestId('policy-create').click();
    await admin.getByTestId('policy-response-error').filter({ hasText: /\S/ }).waitFor();
    await admin.getByTestId('policy-response').fill('PT2H');
    await admin.getByTestId('policy-create').click();
    await admin.locator(`[data-testid="policy-row"][data-name="${policy}"]`).waitFor();
    await screenshotForDocs(admin, 'admin-sla.png');

    // Routing: an unknown group is named at its field; the rule then joins the end and is dragged to the top.
    await admin.getByTestId('admin-routing-link').click();
    await admin.getByTestId('rule-name').fill(rule);
    await admin.getByTestId('rule-service').fill(service);
    await admin.getByTestId('rule-group').fill(`nope-${tag}`);
    await admin.getByTestId('rule-save').click();
    await admin.getByTestId('rule-group-error').filter({ hasText: /\S/ }).waitFor();
    await admin.getByTestId('rule-group').fill('network');
    await admin.getByTestId('rule-save').click();
    const ours = admin.locator(`[data-testid="routing-rule-row"][data-name="${rule}"]`);
    await ours.waitFor();
    const first = admin.getByTestId('routing-rule-row').first();
    // Other files' rules make the list long in a full run; a drag that must scroll on the way loses the
    // browser's drag-and-drop, so the whole list goes on screen first.
    const viewport = admin.viewportSize();
    await admin.setViewportSize({ width: viewport?.width ?? 1400, height: 6000 });
    if ((await first.getAttribute('data-name')) !== rule) await ours.dragTo(first);
    if (viewport) await admin.setViewportSize(viewport);
    await eventually(async () => {
      const top = (await system.injectAs('marta', { method: 'GET', url: '/routing-rules' })).result as { items: Array<{ name: string }> };
      if (top.items[0]?.name !== rule) throw new Error(`first rule is ${top.items[0]?.name}`);
    }, 10_000);
    // The keyboard way: down one, and back up.
    if ((await admin.getByTestId('routing-rule-row').count()) > 1) {
      await ours.getByTestId('rule-down').click();
      await admin.getByTestId('routing-rule-row').nth(1).and(ours).waitFor();
      await ours.getByTestId('rule-up').click();
      await admin.getByTestId('routing-rule-row').first().and(ours).waitFor();
    }

    // Canned response: an unknown placeholder is named at the text; then one filled from the ticket.
    await admin.getByTestId('admin-canned-link').click();
    await admin.getByTestId('canned-title').fill(canned);
    await admin.getByTestId('canned-body').fill('Hello {{caller.nmae}}');
    await admin.getByTestId('canned-save').click();
    await admin.locator('[data-testid="canned-body-error"], [data-testid="canned-problem"]').filter({ hasText: /nmae/ }).first().waitFor();
    await admin.getByTestId('canned-body').fill('Hello {{caller.firstName}}, we are working on {{ticket.number}}.');
    await admin.getByTestId('canned-save').click();
    await admin.locator(`[data-testid="canned-row"][data-title="${canned}"]`).waitFor();

    // A ticket on the service (low impact × high urgency = P3) is routed by the rule and timed by the policy.
    const raised = await system.injectAs('rita', {
      method: 'POST',
      url: '/tickets',
      payload: { type: 'incident', title: `Config ${tag}`, description: 'x', impact: 'low', urgency: 'high', category: 'network', service },
    });
    expect(raised.statusCode).toBe(201);
    number = (raised.result as { number: string }).number;
    const routed = await eventually(async () => {
      const t = await ticket(number);
      if (!t.assignmentGroup || !t.sla.responseDueAt) throw new Error(`${number}: group ${t.assignmentGroup}, due ${t.sla.responseDueAt}`);
      return t;
    }, 30_000);
    expect(routed).toMatchObject({ priority: 'P3', assignmentGroup: 'network', sla: { policy } });
    const deadlines = await system.injectAs('marta', {
      method: 'POST',
      url: '/sla/deadlines',
      payload: { priority: 'P3', service, openedAt: routed.createdAt },
    });
    expect(deadlines.result).toMatchObject({ policy: { name: policy }, calendar });
    const due = (deadlines.result as { responseDueAt: string; resolutionDueAt: string }).responseDueAt;
    // The clock starts when the process starts it, a moment after the ticket is created: at most a minute later here.
    const late = Date.parse(routed.sla.responseDueAt!) - Date.parse(due);
    expect(late).toBeGreaterThanOrEqual(0);
    expect(late).toBeLessThan(60_000);

    // The routing test names the rule for this ticket.
    await admin.getByTestId('admin-routing-link').click();
    await admin.getByTestId('routing-test-ticket').fill(number);
    await admin.getByTestId('routing-test-run').click();
    const result = admin.getByTestId('routing-test-result');
    await result.waitFor();
    await expect(result.getAttribute('data-rule')).resolves.toBe(rule);
    await expect(result.getAttribute('data-group')).resolves.toBe('network');
    await screenshotForDocs(admin, 'admin-routing.png');
    expect(cspViolationsOf(admin)).toEqual([]);
  });

  const answerWithCanned = async (page: Page, addition: string) => {
    await page.getByTestId('canned-picker-select').selectOption({ label: canned });
    await page.getByTestId('canned-picker-insert').click();
    const body = page.getByTestId('entry-body-input');
    await eventually(async () => {
      const text = await body.inputValue();
      if (!text.includes(number)) throw new Error(`composer holds "${text}"`);
    }, 10_000);
    const filled = await body.inputValue();
    expect(filled).toMatch(new RegExp(`^Hello \\S+, we are working on ${number}\\.$`));
    // Editable before sending: the agent adds a line, and that is what is sent.
    await body.fill(`${filled}\n${addition}`);
    await page.getByTestId('entry-kind-reply').check();
    await page.getByTestId('entry-send-button').click();
    await page.getByTestId('entry').filter({ hasText: addition }).waitFor(PROCESS_MOVES);
  };

  it('an agent answers with a canned response filled from the ticket and edited before sending', async () => {
    expect(number).not.toBe('');
    const agent = await signIn(`/desk/tickets/${number}`, 'agne');
    await agent.getByTestId('canned-picker').waitFor(PROCESS_MOVES);
    await answerWithCanned(agent, `Desk check ${tag}.`);
    expect(cspViolationsOf(agent)).toEqual([]);
  });

  it('does the same on a 390 px phone, with nothing wider than the screen', async () => {
    expect(number).not.toBe('');
    const phone = await signIn(`/desk/tickets/${number}`, 'agne');
    await phone.setViewportSize(PHONE);
    await phone.getByTestId('canned-picker').waitFor(PROCESS_MOVES);
    await answerWithCanned(phone, `Phone check ${tag}.`);
    const { scrollWidth, innerWidth } = await horizontalOverflow(phone);
    expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
    await screenshotForDocs(phone, 'desk-canned-response-phone.png');
  });
});
