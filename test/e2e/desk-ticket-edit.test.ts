import { randomUUID } from 'node:crypto';
import type { Browser, Locator, Page } from 'playwright-core';
import { cspViolationsOf, launchChromium, signedInPage } from '../support/browser';
import { eventually } from '../support/eventually';
import type { Body } from '../support/json-body';
import { elementsWiderThanScreen, PHONE } from '../support/page-checks';
import { TestSystem } from '../support/test-system';

const textOf = (l: Locator) => l.innerText();

/**
 * Issue 23: the desk corrects a ticket and links it to another. Tomas opens Rita's incident, fixes its
 * title, description, impact and urgency (an empty title is refused at the title), and links it as a
 * duplicate of her earlier one (a number that does not exist is refused at the number). At 390 px the
 * open edit form and the link form stay within the screen.
 */
describe('browser: editing and linking a ticket at the desk', () => {
  let system: TestSystem;
  let browser: Browser;
  const pages: Page[] = [];
  const tag = randomUUID().slice(0, 8);
  const numbers: string[] = [];

  beforeAll(async () => {
    system = await TestSystem.start({ listen: true });
    // The incidents run no process here (none is deployed under their id): only their fields and links matter.
    for (const n of [1, 2]) {
      const res = await system.injectAs('rita', {
        method: 'POST',
        url: '/tickets',
        payload: { title: `Scanner ${n} offline ${tag}`, description: 'Since this morning.' },
      });
      expect(res.statusCode).toBe(201);
      numbers.push((res.result as { number: string }).number);
    }
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const page of pages) await page.goto('about:blank').catch(() => undefined);
    await browser?.close();
    await system?.close();
  });

  const open = async (path: string, username: string) => {
    const page = await signedInPage(browser, system.url, username);
    pages.push(page);
    await page.goto(`${system.url}${path}`);
    return page;
  };

  it('corrects the title, description, impact and urgency, and links a duplicate', async () => {
    const [first, second] = numbers as [string, string];
    const page = await open(`/desk/tickets/${second}`, 'tomas');
    await eventually(async () => expect(await textOf(page.getByTestId('ticket-title'))).toContain(`Scanner 2 offline ${tag}`));

    await page.getByTestId('ticket-edit').click();
    // ngModel writes the ticket into the form a tick later: typing before that is overwritten
    await eventually(async () => expect(await page.getByTestId('ticket-edit-title').inputValue()).toContain(`Scanner 2 offline ${tag}`));
    await page.getByTestId('ticket-edit-title').fill('');
    await page.getByTestId('ticket-edit-save').click();
    await eventually(async () => expect(await textOf(page.getByTestId('ticket-edit-title-error'))).toMatch(/\S/));
    await page.getByTestId('ticket-edit-title').fill(`Front desk scanner offline ${tag}`);
    await page.getByTestId('ticket-edit-description').fill('Offline since 08:00; the store cannot check in parcels.');
    await page.getByTestId('ticket-edit-impact').selectOption('high');
    await page.getByTestId('ticket-edit-urgency').selectOption('high');
    await page.getByTestId('ticket-edit-save').click();
    await page.getByTestId('ticket-edit-form').waitFor({ state: 'detached' });
    await eventually(async () => expect(await textOf(page.getByTestId('ticket-title'))).toBe(`Front desk scanner offline ${tag}`));
    await eventually(async () => expect(await textOf(page.getByTestId('ticket-description'))).toContain('cannot check in parcels'));
    const saved = (await system.injectAs('tomas', { method: 'GET', url: `/tickets/${second}` })).result as Body;
    expect([saved.impact, saved.urgency]).toEqual(['high', 'high']);

    // A number that is no ticket is refused at the number; the earlier incident links.
    await page.getByTestId('link-kind').selectOption('duplicate_of');
    await page.getByTestId('link-number').fill('INC9999999');
    await page.getByTestId('link-submit').click();
    await eventually(async () => {
      const general = page.getByTestId('link-error');
      const said = `${await textOf(page.getByTestId('link-number-error'))} ${(await general.count()) ? await textOf(general) : ''}`;
      expect(said.trim()).toMatch(/\S/);
    });
    await page.getByTestId('link-number').fill(first.toLowerCase());
    await page.getByTestId('link-submit').click();
    const linked = page.locator(`[data-testid="linked-ticket"][data-number="${first}"]`);
    await linked.waitFor();
    await expect(textOf(linked)).resolves.toContain('duplicate of');
    const links = (await system.injectAs('tomas', { method: 'GET', url: `/tickets/${first}/links` })).result as { items: Body[] };
    expect(links.items).toEqual([expect.objectContaining({ number: second, kind: 'duplicate_of', direction: 'incoming' })]);
    expect(cspViolationsOf(page)).toEqual([]);
  });

  it('keeps the edit and link forms within a 390 px phone', async () => {
    const page = await open(`/desk/tickets/${numbers[0]}`, 'tomas');
    await page.setViewportSize(PHONE);
    await page.getByTestId('ticket-edit').click();
    await page.getByTestId('ticket-edit-form').waitFor();
    await page.getByTestId('link-form').waitFor();
    expect(await elementsWiderThanScreen(page)).toEqual([]);
    await page.getByTestId('ticket-edit-cancel').click();
    await page.getByTestId('ticket-edit').waitFor();
  });
});
