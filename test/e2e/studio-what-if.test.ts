import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { cspViolationsOf, launchChromium, signedInPage } from '../support/browser';
import { eventually } from '../support/eventually';
import { routedTicketProcess } from '../support/fixtures';
import type { Body } from '../support/json-body';
import { DESKTOP, PHONE, screenshotForDocs } from '../support/page-checks';
import { TestSystem } from '../support/test-system';

/** axe-core's own bundle, injected through the DevTools protocol (the page's CSP does not apply). */
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Issue 22 in the studio: Marta opens a changed diagram (P2 tickets now go to Fix too) and asks what it
 * would have done to the period's four tickets (P1 fixed, P2 done at Standard, P3 done at Standard, P2
 * still open at Standard). The panel shows the run's progress, today's diagram and the candidate side
 * by side with the counts known by construction, and lists the two P2 tickets as diverging, each
 * linking to its ticket. A candidate that does not compile is refused naming the element.
 */
describe('browser: what-if replay in the studio', () => {
  let system: TestSystem;
  let browser: Browser;
  let page: Page | undefined;
  const processId = `whatif_ui_${randomUUID().slice(0, 8)}`;
  const numbers: Record<string, string> = {};

  const as = (user: string) => (method: string, url: string, payload?: object) =>
    system.injectAs(user, { method, url, ...(payload ? { payload } : {}) });
  const complete = async (instanceId: string, elementId: string) => {
    const task = await eventually(async () => {
      const d = (await as('marta')('GET', `/process-instances/${instanceId}`)).result as Body;
      const t = (d.openTasks as Array<{ id: string; elementId: string }> | undefined)?.find((x) => x.elementId === elementId);
      if (!t) throw new Error(`${instanceId} is not waiting at ${elementId}`);
      return t;
    }, 90_000);
    expect((await as('marta')('POST', `/tasks/${task.id}/complete`, { variables: {} })).statusCode).toBe(200);
  };

  beforeAll(async () => {
    system = await TestSystem.start({ listen: true, ticketProcessIds: { incident: processId } });
    expect(
      (await as('marta')('POST', '/process-definitions', { xml: routedTicketProcess(processId, { fixFor: ['P1'] }) })).statusCode,
    ).toBe(201);
    for (const [key, priority, finish] of [
      ['p1', 'P1', 'Fix'],
      ['p2', 'P2', 'Standard'],
      ['p3', 'P3', 'Standard'],
      ['open', 'P2', null],
    ] as const) {
      const raised = await as('tomas')('POST', '/tickets', {
        type: 'incident',
        title: `What-if ${key} ${processId}`,
        description: 'a ticket of the fixture period',
        priority,
      });
      expect(raised.statusCode).toBe(201);
      const { number, processInstanceId } = raised.result as { number: string; processInstanceId: string };
      numbers[key] = number;
      await complete(processInstanceId, 'Triage');
      if (finish) await complete(processInstanceId, finish);
    }
    browser = await launchChromium();
  }, 300_000);
  afterAll(async () => {
    await page?.goto('about:blank').catch(() => undefined);
    await browser?.close();
    await system?.close();
  });

  const openCandidate = async (xml: string) => {
    await page!
      .getByTestId('open-bpmn-input')
      .setInputFiles({ name: `${processId}.bpmn`, mimeType: 'application/xml', buffer: Buffer.from(xml) });
    await page!.locator('.modeler:not(.busy)').waitFor();
  };
  const badge = (side: 'recorded' | 'candidate', elementId: string) =>
    page!.locator(`[data-heat-side="${side}"][data-element-id="${elementId}"]`).textContent();

  it('refuses a candidate that does not compile, naming the element', async () => {
    page = await signedInPage(browser, `${system.url}/processes`, 'marta');
    await page.locator('.modeler:not(.busy)').waitFor();
    await openCandidate(routedTicketProcess(processId, { fixFor: ['P1', 'P2'], broken: true }));
    await page.getByTestId('what-if-button').click();
    await page.getByTestId('what-if-run').click();
    const problem = page.getByTestId('what-if-problem');
    await problem.waitFor();
    await expect(problem.locator('[data-element-id="Route"]').count()).resolves.toBeGreaterThan(0);
    await expect(problem.textContent()).resolves.toContain('Route');
    await expect(problem.textContent()).resolves.toContain('not supported');
  }, 120_000);

  it('replays the period on the changed diagram: side-by-side heatmap, outcomes and the diverging tickets', async () => {
    await openCandidate(routedTicketProcess(processId, { fixFor: ['P1', 'P2'] }));
    const panel = page!.getByTestId('what-if');
    await panel.getByTestId('what-if-run').click();
    await panel.getByTestId('what-if-progress').waitFor();
    await expect(panel.getByTestId('what-if-problem').count()).resolves.toBe(0);
    await panel.locator('[data-testid="what-if-progress"][data-state="finished"]').waitFor({ timeout: 180_000 });
    await expect(panel.getByTestId('what-if-progress').textContent()).resolves.toMatch(/4 of 4 instance\(s\)/);
    await page!.locator('[data-heat-side="candidate"][data-element-id="Fix"]').waitFor();

    // Today: P1 at Fix; three at Standard. The candidate: P1 and both P2 at Fix, only P3 at Standard.
    await expect(badge('recorded', 'Fix')).resolves.toBe('1');
    await expect(badge('recorded', 'Standard')).resolves.toBe('3');
    await expect(badge('candidate', 'Fix')).resolves.toBe('3');
    await expect(badge('candidate', 'Standard')).resolves.toBe('1');
    await expect(badge('candidate', 'Triage')).resolves.toBe('4');
    // Both P2 tickets would wait at Fix (the closed one's Standard completion no longer fits).
    const elements = panel.getByTestId('what-if-elements');
    await expect(elements.locator('tr[data-element-id="Fix"] td').allTextContents()).resolves.toEqual(['1', '3', '2', '0', '0']);
    await expect(page!.locator('.djs-element.heat-4[data-element-id="Triage"]').count()).resolves.toBe(2);

    await expect(panel.getByTestId('what-if-diverging-count').textContent()).resolves.toBe('2');
    const diverging = panel.getByTestId('what-if-diverging');
    const linked = (await diverging.getByTestId('what-if-ticket').allTextContents()).map((t) => t.trim());
    expect(linked.sort()).toEqual([numbers.p2, numbers.open].sort());
    await expect(diverging.getByTestId('what-if-ticket').count()).resolves.toBe(2);
    for (const link of await diverging.getByTestId('what-if-ticket').all())
      await expect(link.getAttribute('href')).resolves.toBe(`/desk/tickets/${(await link.textContent())!.trim()}`);
    const closedP2 = diverging.locator('li', { has: page!.getByText(numbers.p2!, { exact: true }) });
    await expect(closedP2.locator('[data-changed]').allTextContents()).resolves.toEqual(['path', 'wait', 'failure']);
    await expect(closedP2.textContent()).resolves.toContain('no longer fits');
    await expect(panel.locator('[data-testid="what-if-outcomes"] tr[data-status="completed"] td').allTextContents()).resolves.toEqual([
      '3',
      '2',
    ]);

    // Axe over the studio with the panel open, at 1,400 px, then nothing wider than a phone's screen.
    await page!.setViewportSize(DESKTOP);
    await screenshotForDocs(page!, 'studio-what-if.png');
    await page!.evaluate(AXE_SOURCE);
    const violations = await page!.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id + ': ' + v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')))`);
    expect(violations).toEqual([]);
    // On a phone (the studio's toolbar is exempt, test/support/ui-routes.ts): the panel stacks its two diagrams and
    // nothing in it reaches past the screen's edge.
    await page!.setViewportSize(PHONE);
    await page!.waitForTimeout(300);
    const phone = (await page!.evaluate(`(() => {
      const panel = document.querySelector('[data-testid="what-if"]');
      const edge = window.innerWidth + 1;
      const out = [...panel.querySelectorAll('*')].filter((el) => !el.closest('.viewer') && el.getBoundingClientRect().right > edge);
      return { right: Math.round(panel.getBoundingClientRect().right), width: window.innerWidth, out: out.slice(0, 5).map((el) => el.tagName + '.' + el.className) };
    })()`)) as { right: number; width: number; out: string[] };
    expect(phone.out).toEqual([]);
    expect(phone.right).toBeLessThanOrEqual(phone.width);
    expect(cspViolationsOf(page!)).toEqual([]);
  }, 300_000);

  it('shows an agent the desk in the time zone they choose in the header, kept on their profile', async () => {
    const agent = await signedInPage(browser, `${system.url}/desk/tickets/${numbers.open}`, 'tomas');
    try {
      const raised = agent.getByTestId('ticket-raised');
      await raised.waitFor();
      const { createdAt } = (await as('tomas')('GET', `/tickets/${numbers.open}`)).result as { createdAt: string };
      const clock = (zone: string) =>
        new Intl.DateTimeFormat('en-US', { timeZone: zone, hour: 'numeric', minute: '2-digit', hour12: true })
          .format(new Date(createdAt))
          .replace(/\s?[AP]M$/, '');
      const menu = agent.getByTestId('time-zone-menu');
      await menu.locator('summary').click();
      await menu.getByTestId('time-zone-select').selectOption('Asia/Tokyo');
      await menu.getByTestId('time-zone-save').click();
      await agent.getByTestId('time-zone').filter({ hasText: 'Asia/Tokyo' }).waitFor();
      // Tokyo is 9 hours from UTC all year: the same instant reads another hour.
      await expect(raised.textContent()).resolves.toContain(clock('Asia/Tokyo'));
      expect(((await as('tomas')('GET', '/me')).result as { timeZone: string | null }).timeZone).toBe('Asia/Tokyo');
      // Another sign-in (a new page) finds the choice on the profile.
      await agent.reload();
      await agent.getByTestId('time-zone').filter({ hasText: 'Asia/Tokyo' }).waitFor();
      await expect(agent.getByTestId('ticket-raised').textContent()).resolves.toContain(clock('Asia/Tokyo'));
      expect(cspViolationsOf(agent)).toEqual([]);
    } finally {
      await as('tomas')('PATCH', '/me', { timeZone: null });
      await agent.close();
    }
  }, 180_000);
});
