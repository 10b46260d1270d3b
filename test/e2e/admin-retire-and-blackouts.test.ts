import { randomUUID } from 'node:crypto';
import type { Browser, Locator, Page } from 'playwright-core';
import { cspViolationsOf, launchChromium, signedInPage } from '../support/browser';
import { eventually } from '../support/eventually';
import type { Body } from '../support/json-body';
import { elementsWiderThanScreen, PHONE } from '../support/page-checks';
import { TestSystem } from '../support/test-system';

const textOf = (l: Locator) => l.innerText();

/** A datetime-local value in the browser's (and this process's) own time zone. */
const local = (d: Date) => {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
};

/**
 * Issue 23: what the curators and the change manager could only create, they now remove from their
 * screens, each behind a confirm dialog. Marta deletes a catalog item, its then empty category and the
 * service behind it on admin/services and admin/catalog — the API refuses a category that still holds
 * an item and a service an item refers to, and the page says why. On desk/changes/calendar she adds a
 * blackout window (a missing end is named at the field), sees it on the calendar, and removes it; at
 * 390 px the form stays within the screen. An agent sees the windows but no form.
 */
describe('browser: retiring services and catalog entries, managing blackout windows', () => {
  let system: TestSystem;
  let browser: Browser;
  const pages: Page[] = [];
  const tag = randomUUID().slice(0, 8);
  const serviceName = `Retire svc ${tag}`;
  const categoryName = `Retire cat ${tag}`;
  const itemName = `Retire item ${tag}`;

  beforeAll(async () => {
    system = await TestSystem.start({ listen: true });
    const service = await system.injectAs('marta', { method: 'POST', url: '/services', payload: { name: serviceName, kind: 'business' } });
    expect(service.statusCode).toBe(201);
    const category = await system.injectAs('marta', { method: 'POST', url: '/catalog/categories', payload: { name: categoryName } });
    expect(category.statusCode).toBe(201);
    const item = await system.injectAs('marta', {
      method: 'POST',
      url: '/catalog/items',
      payload: {
        name: itemName,
        categoryId: (category.result as Body).id,
        serviceId: (service.result as Body).id,
        formSchema: { components: [] },
      },
    });
    expect(item.statusCode).toBe(201);
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
  const confirm = async (page: Page) => {
    await page.getByTestId('confirm-ok').click();
    await page.getByTestId('confirm-ok').waitFor({ state: 'detached' });
  };

  it('deletes a catalog item, its category and its service, refusing what is still in use', async () => {
    const page = await open('/admin/services', 'marta');
    const serviceRow = page.locator(`[data-testid="service-row"][data-name="${serviceName}"]`);
    await serviceRow.getByRole('button', { name: serviceName }).click();
    // The service is behind an item: the API refuses, and the form says to retire it instead.
    await page.getByTestId('service-delete').click();
    await page.getByTestId('confirm-cancel').click();
    // The cancelled dialog leaves the page before the next one opens, or two "OK" buttons stand there.
    await page.getByTestId('confirm-cancel').waitFor({ state: 'detached' });
    await page.getByTestId('service-delete').click();
    await confirm(page);
    await eventually(async () => expect(await textOf(page.getByTestId('service-form-error'))).toMatch(/retire/i));

    await page.goto(`${system.url}/admin/catalog`);
    const categoryRow = page.locator(`[data-testid="category-row"][data-name="${categoryName}"]`);
    await categoryRow.getByTestId('category-delete').click();
    await confirm(page);
    await eventually(async () => expect(await textOf(page.getByTestId('category-shelf'))).toMatch(/still holds items/i));
    await categoryRow.waitFor();

    const itemRow = page.locator(`[data-testid="item-row"][data-name="${itemName}"]`);
    await itemRow.getByTestId('item-delete').click();
    await confirm(page);
    await itemRow.waitFor({ state: 'detached' });
    await categoryRow.getByTestId('category-delete').click();
    await confirm(page);
    await categoryRow.waitFor({ state: 'detached' });

    await page.goto(`${system.url}/admin/services`);
    await serviceRow.getByRole('button', { name: serviceName }).click();
    await page.getByTestId('service-delete').click();
    await confirm(page);
    await serviceRow.waitFor({ state: 'detached' });
    await page.getByTestId('service-form').waitFor({ state: 'detached' });

    const services = (await system.injectAs('marta', { method: 'GET', url: `/services?q=${tag}` })).result as { items: Body[] };
    expect(services.items).toEqual([]);
    expect(cspViolationsOf(page)).toEqual([]);
  });

  it('adds a blackout window on the change calendar and removes it again, within a phone’s width', async () => {
    const name = `Freeze ${tag}`;
    const page = await open('/desk/changes/calendar', 'marta');
    await page.setViewportSize(PHONE);
    const form = page.getByTestId('blackout-form');
    await form.waitFor();
    const start = new Date(Date.now() + 60 * 60_000);
    await page.getByTestId('blackout-name').fill(name);
    await page.getByTestId('blackout-starts').fill(local(start));
    await page.getByTestId('blackout-add').click();
    await eventually(async () => expect(await textOf(page.getByTestId('blackout-ends-error'))).toMatch(/end/i));
    await page.getByTestId('blackout-ends').fill(local(new Date(start.getTime() + 2 * 60 * 60_000)));
    await page.getByTestId('blackout-add').click();
    const row = page.locator(`[data-testid="blackout-row"][data-name="${name}"]`);
    await row.waitFor();
    await eventually(async () => expect(await page.getByTestId('calendar-blackout').filter({ hasText: name }).count()).toBeGreaterThan(0));
    expect(await elementsWiderThanScreen(page)).toEqual([]);

    // An agent sees the window, but the API would not let them change it, so there is no form.
    const agent = await open('/desk/changes/calendar', 'tomas');
    await agent.locator(`[data-testid="blackout-row"][data-name="${name}"]`).waitFor();
    expect(await agent.getByTestId('blackout-form').count()).toBe(0);
    expect(await agent.getByTestId('blackout-delete').count()).toBe(0);

    await row.getByTestId('blackout-delete').click();
    await confirm(page);
    await row.waitFor({ state: 'detached' });
    const left = (await system.injectAs('marta', { method: 'GET', url: '/change-blackouts' })).result as { items: Body[] };
    expect(left.items.map((b) => b.name)).not.toContain(name);
    expect(cspViolationsOf(page)).toEqual([]);
  });
});
