import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { cspViolationsOf, launchChromium, signedInPage } from '../support/browser';
import { screenshotForDocs } from '../support/page-checks';
import { repoFile } from '../support/repo-root';
import { TestSystem } from '../support/test-system';

const LOADS = { timeout: 30_000 };

/**
 * Issue 23, keyboard shortcuts: an agent opens the help with `?` (focus stays inside, Escape closes it),
 * moves through the queue with j/k and opens a ticket with Enter, replies with r and goes back with g d.
 * Keys typed into a field stay text.
 */
describe('browser: an agent works the desk from the keyboard', () => {
  let system: TestSystem;
  let browser: Browser;
  const pages: Page[] = [];
  const processId = `incident_keys_${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    system = await TestSystem.start({ listen: true, ticketProcessIds: { incident: processId } });
    const xml = readFileSync(repoFile('test/fixtures/triage-incident.bpmn'), 'utf8').replace(/"incident"/g, `"${processId}"`);
    expect((await system.injectAs('marta', { method: 'POST', url: '/process-definitions', payload: { xml } })).statusCode).toBe(201);
    for (const n of [1, 2]) {
      const ticket = await system.injectAs('rita', {
        method: 'POST',
        url: '/tickets',
        payload: { title: `Keyboard ${processId} ${n}`, description: 'Raised for the shortcut journey.' },
      });
      expect(ticket.statusCode).toBe(201);
    }
    browser = await launchChromium();
  }, 300_000);
  afterAll(async () => {
    for (const page of pages) await page.goto('about:blank').catch(() => undefined);
    await browser?.close();
    await system?.close();
  });

  it('opens the help, moves through the queue, opens a ticket, replies and goes back', async () => {
    const page = await signedInPage(browser, `${system.url}/desk?queue=all&q=${processId}`, 'tomas');
    pages.push(page);
    const links = page.getByTestId('ticket-link');
    await links.nth(1).waitFor(LOADS);

    // Typing into the search box is text, not a command.
    await page.getByTestId('ticket-search').focus();
    await page.keyboard.type('j?');
    await expect(page.getByTestId('ticket-search').inputValue()).resolves.toContain('j?');
    await expect(page.getByTestId('shortcut-help').isVisible()).resolves.toBe(false);
    await page.getByTestId('ticket-search').fill(processId);
    await page.getByTestId('ticket-search').blur();

    // ? opens the help as a modal: Tab never reaches the page behind (it is inert), Escape closes it.
    await page.keyboard.press('?');
    const help = page.getByTestId('shortcut-help');
    await help.waitFor();
    await screenshotForDocs(page, 'desk-shortcuts-help.png');
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('Tab');
      const behind = await page.evaluate(
        `(() => { const el = document.activeElement; return !!el && el !== document.body && !el.closest('[data-testid="shortcut-help"]'); })()`,
      );
      expect(behind).toBe(false);
    }
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'hidden' });

    // j focuses the first ticket, j the second, k the first again; Enter opens it.
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    const first = await links.first().textContent();
    await expect(page.evaluate('document.activeElement?.textContent?.trim()')).resolves.toBe(first?.trim());
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/desk/tickets/${first?.trim()}`);

    // r puts the cursor in the reply box; what is typed then is the reply.
    await page.getByTestId('entry-body-input').waitFor(LOADS);
    await page.keyboard.press('r');
    await expect(page.evaluate("document.activeElement?.getAttribute('data-testid')")).resolves.toBe('entry-body-input');
    await page.keyboard.type('gd stays text here');
    await expect(page.getByTestId('entry-body-input').inputValue()).resolves.toBe('gd stays text here');

    // g then d goes back to the desk, once focus has left the field.
    await page.getByTestId('entry-body-input').blur();
    await page.keyboard.press('g');
    await page.keyboard.press('d');
    await page.waitForURL(/\/desk(\?|$)/);
    await page.getByTestId('tickets-table').waitFor();
    expect(cspViolationsOf(page)).toEqual([]);
  });
});
