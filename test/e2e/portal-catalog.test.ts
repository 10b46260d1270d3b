import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { Organization } from '../../service-catalog/identity/domain/organization.entity';
import { cspViolationsOf, launchChromium, signedInPage } from '../support/browser';
import type { Body } from '../support/json-body';
import { screenshotForDocs } from '../support/page-checks';
import { repoFile } from '../support/repo-root';
import { TestSystem } from '../support/test-system';

const PROCESS_MOVES = { timeout: 30_000 };

/**
 * Issue 18, the browser journey: a requester browses the catalog, finds an item meant for her
 * organisation, fills its form (rendered by form-js from the item's schema), orders it, and follows
 * the request while its two fulfilment tasks run.
 */
describe('browser: ordering from the service catalog', () => {
  let system: TestSystem;
  let browser: Browser;
  const pages: Page[] = [];
  const tag = randomUUID().slice(0, 8);
  const processId = `service_request_ui_${tag}`;

  beforeAll(async () => {
    system = await TestSystem.start({ listen: true });
    const as = (method: string, url: string, payload: object) => system.injectAs('marta', { method, url, payload });
    const xml = readFileSync(repoFile('workflows/processes/service-request.bpmn'), 'utf8').replace(/"service-request"/g, `"${processId}"`);
    expect((await as('POST', '/process-definitions', { xml })).statusCode).toBe(201);
    const baltic = await system.adminEm().findOneOrFail(Organization, { name: 'Baltic Retail UAB' });
    const nordic = await system.adminEm().findOneOrFail(Organization, { name: 'Nordic Logistics AS' });
    const category = (await as('POST', '/catalog/categories', { name: `Hardware ${tag}`, description: 'Devices for your work' }))
      .result as Body;
    const item = (categoryId: string, name: string, extra: object) =>
      as('POST', '/catalog/items', { categoryId, name, processId, fulfilmentGroup: 'service-desk', ...extra });
    expect(
      (
        await item(category.id as string, `Laptop ${tag}`, {
          description: 'A 14" laptop with a docking station on request',
          price: { amount: 1299, currency: 'EUR' },
          visibility: { organizationIds: [baltic.id] },
          formSchema: {
            type: 'default',
            components: [
              {
                type: 'radio',
                key: 'model',
                label: 'Model',
                values: [
                  { label: 'Standard 14"', value: 'x14' },
                  { label: 'Performance 16"', value: 'x16' },
                ],
                validate: { required: true },
              },
              {
                type: 'textfield',
                key: 'costCentre',
                label: 'Cost centre (CC-1234)',
                validate: { required: true, pattern: 'CC-[0-9]{4}' },
              },
              { type: 'checkbox', key: 'docking', label: 'With a docking station' },
            ],
          },
        })
      ).statusCode,
    ).toBe(201);
    expect(
      (
        await item(category.id as string, `Forklift scanner ${tag}`, {
          visibility: { organizationIds: [nordic.id] },
          formSchema: { components: [] },
        })
      ).statusCode,
    ).toBe(201);
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const page of pages) await page.goto('about:blank').catch(() => undefined);
    await browser?.close();
    await system?.close();
  });

  it('lets a requester order an item meant for her and see her request running', async () => {
    const rita = await signedInPage(browser, system.url, 'rita');
    pages.push(rita);
    await rita.getByTestId('catalog-link').click();
    await rita.waitForURL(/\/portal\/catalog$/);
    await rita.getByTestId('catalog-search').fill(tag);
    await rita.getByRole('button', { name: 'Search' }).click();
    const laptop = rita.locator(`[data-testid="catalog-item"][data-name="Laptop ${tag}"]`);
    await laptop.waitFor();
    // Nordic's item is not offered to Baltic Retail.
    await expect(rita.locator(`[data-testid="catalog-item"][data-name="Forklift scanner ${tag}"]`).count()).resolves.toBe(0);
    await screenshotForDocs(rita, 'portal-catalog.png');

    await laptop.getByTestId('catalog-item-link').click();
    await rita.getByTestId('catalog-item-title').waitFor();
    const form = rita.getByTestId('catalog-form');
    await form.getByLabel('Performance 16"').check();
    // form-js says what is wrong before anything is sent.
    await form.getByLabel('Cost centre (CC-1234)').fill('twelve');
    await rita.getByTestId('catalog-order').click();
    await form.locator('.fjs-form-field-error').first().waitFor();
    await expect(rita.url()).toMatch(/\/portal\/catalog\//);
    await form.getByLabel('Cost centre (CC-1234)').fill('CC-4711');
    // form-js re-renders the checkbox itself, so a click (not Playwright's check) is what a person does.
    await form.getByLabel('With a docking station').click();
    await screenshotForDocs(rita, 'portal-catalog-order.png');
    await rita.getByTestId('catalog-order').click();

    await rita.waitForURL(/\/portal\/tickets\/REQ\d{7}$/, PROCESS_MOVES);
    const order = rita.getByTestId('catalog-order-view');
    await order.waitFor();
    await expect(order.textContent()).resolves.toContain('CC-4711');
    // Her request is running: both fulfilment tasks are under way at once.
    await rita.locator('[data-testid="catalog-order-task"]').nth(1).waitFor(PROCESS_MOVES);
    await expect(rita.getByTestId('catalog-order-task').allTextContents()).resolves.toEqual(['Provide the item', 'Set up access']);
    await screenshotForDocs(rita, 'portal-catalog-request.png');
    expect(cspViolationsOf(rita)).toEqual([]);
  });
});
