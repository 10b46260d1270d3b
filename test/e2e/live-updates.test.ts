import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, signedInPage } from '../support/browser';
import { TestSystem } from '../support/test-system';

/** Well inside the pages' safety-net refresh (60 s for lists, 30 s for a ticket): only a push is this fast. */
const PUSHED = { timeout: 10_000 };

/**
 * Live updates in the browser (issue 23): Tomas has the desk queue and a ticket open; Rita raises a ticket
 * and replies through the API; both pages show it within seconds, pushed over the live stream, and
 * the queue does not re-read its list while nothing changes.
 */
describe('browser: live updates instead of polling', () => {
  let system: TestSystem;
  let browser: Browser;
  const pages: Page[] = [];
  const tag = randomUUID().slice(0, 8);

  beforeAll(async () => {
    system = await TestSystem.start({ listen: true, ticketProcessIds: { incident: `none_${tag}` } });
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const page of pages) await page.goto('about:blank').catch(() => undefined);
    await browser?.close();
    await system?.close();
  });

  const raise = async (title: string) => {
    const res = await system.injectAs('rita', { method: 'POST', url: '/tickets', payload: { title } });
    expect(res.statusCode).toBe(201);
    return (res.result as { number: string }).number;
  };

  it('shows a new ticket in the open queue and a new reply on the open ticket, pushed', async () => {
    const desk = await signedInPage(browser, `${system.url}/desk?queue=all&q=${tag}`, 'tomas');
    pages.push(desk);
    await desk.getByTestId('tickets-table').waitFor();
    const listReads: string[] = [];
    desk.on('request', (r) => {
      if (/\/tickets\?/.test(r.url())) listReads.push(r.url());
    });

    // Nothing changes for a while: the queue reads nothing (it used to poll every 5 s).
    await desk.waitForTimeout(7_000);
    expect(listReads).toEqual([]);

    const number = await raise(`Scanner offline ${tag}`);
    await desk.locator(`[data-testid="ticket-row"][data-number="${number}"]`).waitFor(PUSHED);

    const ticket = await signedInPage(browser, `${system.url}/desk/tickets/${number}`, 'tomas');
    pages.push(ticket);
    await ticket.getByTestId('conversation').waitFor();
    expect(
      (await system.injectAs('rita', { method: 'POST', url: `/tickets/${number}/entries`, payload: { body: `Still offline ${tag}` } }))
        .statusCode,
    ).toBe(201);
    await ticket
      .getByTestId('entry-body')
      .filter({ hasText: `Still offline ${tag}` })
      .waitFor(PUSHED);
  });
});
