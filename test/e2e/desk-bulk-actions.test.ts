import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, signedInPage } from '../support/browser';
import { eventually } from '../support/eventually';
import { PHONE, horizontalOverflow, screenshotForDocs } from '../support/page-checks';
import { deployIncidentDesk } from '../support/incident-desk';
import { offerService } from '../support/services';
import { TestSystem } from '../support/test-system';

interface TicketView {
  number: string;
  state: string;
  assignmentGroup: string | null;
  assigneeId: string | null;
}

/**
 * Tomas ticks two tickets of the queue and takes both into the service desk at once; then, on his phone,
 * resolves both: the one whose process waits for a resolution is resolved, the one still waiting to be
 * categorised is reported with the reason and left as it was.
 */
describe('browser: bulk actions on the desk queue', () => {
  let system: TestSystem;
  let browser: Browser;
  const pages: Page[] = [];
  const tag = randomUUID().slice(0, 8);
  const processId = `incident_bulk_${tag}`;
  const service = `bulk-${tag}`;
  let working = '';
  let uncategorised = '';

  const ticket = async (number: string) =>
    (await system.injectAs('marta', { method: 'GET', url: `/tickets/${number}` })).result as TicketView;
  const raise = async (payload: object) => {
    const res = await system.injectAs('rita', { method: 'POST', url: '/tickets', payload: { description: 'details', ...payload } });
    expect(res.statusCode).toBe(201);
    return (res.result as TicketView).number;
  };
  const waitsAt = (number: string, elementId: string) =>
    eventually(async () => {
      const [instance] = (
        (await system.injectAs('marta', { method: 'GET', url: `/process-instances?businessKey=${number}` })).result as {
          items: Array<{ activeElementIds: string[] }>;
        }
      ).items;
      if (!instance?.activeElementIds.includes(elementId)) throw new Error(`${number} does not wait at ${elementId} yet`);
    }, 60_000);
  const rowOf = (page: Page, number: string) => page.locator(`[data-testid="ticket-row"][data-number="${number}"]`);
  const resultOf = (page: Page, number: string) => page.locator(`[data-testid="bulk-result"][data-number="${number}"]`);

  beforeAll(async () => {
    system = await TestSystem.start({ listen: true, ticketProcessIds: { incident: processId } });
    await offerService(system, service);
    await deployIncidentDesk(system, { tag, processId, service });

    // One categorised by its caller (the process goes on to "Investigate and resolve"), one not (it waits at Categorise).
    working = await raise({ title: `Bulk printer jams ${tag}`, category: 'hardware', service, impact: 'low', urgency: 'high' });
    uncategorised = await raise({ title: `Bulk something odd ${tag}` });
    await waitsAt(working, 'Investigate');
    await waitsAt(uncategorised, 'Categorise');
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const page of pages) await page.goto('about:blank').catch(() => undefined);
    await browser?.close();
    await system?.close();
  });

  it('assigns two ticked tickets to the service desk and to Tomas at once', async () => {
    const page = await signedInPage(browser, `${system.url}/desk?queue=all&q=${tag}`, 'tomas');
    pages.push(page);
    await rowOf(page, working).waitFor();
    await rowOf(page, uncategorised).waitFor();

    await rowOf(page, working).getByTestId('ticket-select').check();
    await rowOf(page, uncategorised).getByTestId('ticket-select').check();
    await page.getByTestId('bulk-actions').filter({ hasText: '2 selected' }).waitFor();
    await page.getByTestId('bulk-group').locator('option[value="service-desk"]').waitFor({ state: 'attached' });
    await page.getByTestId('bulk-group').selectOption('service-desk');
    await page.getByTestId('bulk-assignee').selectOption('me');
    await screenshotForDocs(page, 'desk-bulk-actions.png');
    await page.getByTestId('bulk-apply').click();

    await resultOf(page, working).filter({ hasText: 'assigned to Tomas' }).waitFor();
    await resultOf(page, uncategorised).filter({ hasText: 'assigned to Tomas' }).waitFor();
    await page.getByTestId('bulk-actions').waitFor({ state: 'detached' });
    const tomas = (await system.injectAs('tomas', { method: 'GET', url: '/me' })).result as { id: string };
    for (const number of [working, uncategorised]) {
      const t = await ticket(number);
      expect({ number, group: t.assignmentGroup, assignee: t.assigneeId }).toEqual({
        number,
        group: 'service-desk',
        assignee: tomas.id,
      });
    }
  });

  it('on a phone, resolves the ticket whose process allows it and reports the one whose process refuses', async () => {
    const page = await signedInPage(browser, `${system.url}/desk?queue=all&q=${tag}`, 'tomas');
    pages.push(page);
    await page.setViewportSize(PHONE);
    await rowOf(page, working).waitFor();
    await rowOf(page, uncategorised).waitFor();

    await page.getByTestId('select-page').check();
    await page.getByTestId('bulk-actions').filter({ hasText: '2 selected' }).waitFor();
    await page.getByTestId('bulk-action').selectOption('resolve');
    await expect(page.getByTestId('bulk-apply').isDisabled()).resolves.toBe(true);
    await page.getByTestId('bulk-resolution-code').selectOption('solved');
    await page.getByTestId('bulk-resolution-notes').fill('Cleared the queue and restarted the spooler.');
    const { scrollWidth, innerWidth } = await horizontalOverflow(page);
    expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
    await page.getByTestId('bulk-apply').click();

    await resultOf(page, working).and(page.locator('[data-outcome="done"]')).waitFor();
    const refused = resultOf(page, uncategorised).and(page.locator('[data-outcome="refused"]'));
    await refused.waitFor();
    await expect(refused.innerText()).resolves.toMatch(/not changed: .*\S/);
    await expect(page.getByTestId('bulk-results').locator('h3').innerText()).resolves.toContain('1 done, 1 left as they were');
    await screenshotForDocs(page, 'desk-bulk-actions-phone.png');

    await eventually(async () => expect((await ticket(working)).state).toBe('resolved'), 30_000);
    expect((await ticket(uncategorised)).state).toBe('new');
  });
});
