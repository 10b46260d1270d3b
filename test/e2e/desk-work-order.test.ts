import { randomUUID } from 'node:crypto';
import type { Browser, Locator, Page } from 'playwright-core';
import { cspViolationsOf, launchChromium, signedInPage } from '../support/browser';
import { eventually } from '../support/eventually';
import type { Body } from '../support/json-body';
import { elementsWiderThanScreen, PHONE } from '../support/page-checks';
import { TestSystem } from '../support/test-system';

const textOf = (l: Locator) => l.innerText();

/**
 * Issue 23: a work order raised from the desk. Tomas opens Rita's incident at a 390 px phone, opens
 * the work-order form (title, priority and window filled in from the ticket), is told to choose a
 * site, picks the Kaunas branch of Rita's customer and raises it; the work order belongs to the
 * incident and its customer.
 */
describe('browser: raising a work order from an incident', () => {
  let system: TestSystem;
  let browser: Browser;
  let page: Page | undefined;
  const tag = randomUUID().slice(0, 8);
  let incident = '';

  beforeAll(async () => {
    system = await TestSystem.start({ listen: true });
    // The tickets run no process here (none is deployed under their id): only the work order's record matters.
    const res = await system.injectAs('rita', {
      method: 'POST',
      url: '/tickets',
      payload: { title: `Card reader broken at till 3 ${tag}`, description: 'It needs a new one.' },
    });
    expect(res.statusCode).toBe(201);
    incident = (res.result as { number: string }).number;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await page?.goto('about:blank').catch(() => undefined);
    await browser?.close();
    await system?.close();
  });

  it('prefills what the ticket knows, asks for the site, and opens the work order', async () => {
    page = await signedInPage(browser, system.url, 'tomas');
    await page.setViewportSize(PHONE);
    await page.goto(`${system.url}/desk/tickets/${incident}`);
    await page.getByTestId('work-order-open').click();
    await expect(page.getByTestId('work-order-title-input').inputValue()).resolves.toBe(`Card reader broken at till 3 ${tag}`);
    expect(await page.getByTestId('work-order-starts').inputValue()).toMatch(/^\d{4}-\d\d-\d\dT\d\d:00$/);
    await page.getByTestId('work-order-submit').click();
    await eventually(async () => expect(await textOf(page!.getByTestId('work-order-site-error'))).toMatch(/site/i));
    expect(await elementsWiderThanScreen(page)).toEqual([]);
    await page.getByTestId('work-order-site').selectOption({ label: 'Kaunas branch · Laisvės al. 60, Kaunas' });
    await page.getByTestId('work-order-work-type').fill('repair');
    await page.getByTestId('work-order-submit').click();
    const created = page.getByTestId('work-order-created');
    await created.waitFor();
    const number = /WO\d+/.exec(await textOf(created))![0];

    const wo = (await system.injectAs('tomas', { method: 'GET', url: `/work-orders/${number}` })).result as Body;
    expect(wo).toEqual(expect.objectContaining({ parentTicket: incident, workType: 'repair' }));
    const ticket = (await system.injectAs('tomas', { method: 'GET', url: `/tickets/${incident}` })).result as Body;
    expect(wo.organizationId).toBe(ticket.organizationId);
    expect(cspViolationsOf(page)).toEqual([]);
  });
});
