import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Browser, Locator, Page } from 'playwright-core';
import { cspViolationsOf, launchChromium, signedInPage } from '../support/browser';
import type { Body } from '../support/json-body';
import { dragFromPalette, openGroup, setCheckbox, setProperty } from '../support/form-editor';
import { screenshotForDocs } from '../support/page-checks';
import { repoFile } from '../support/repo-root';
import { TestSystem } from '../support/test-system';

const PROCESS_MOVES = { timeout: 30_000 };

/**
 * Issue 18, the curator's side: Marta (process owner) adds a service, then a catalog item whose
 * request form she designs in the form-js editor — a required text field and a number with a range —
 * watching the live preview; the API refuses what it cannot check and the page names it. She
 * publishes the item; Rita (requester) finds it in the portal, a bad answer is refused naming the
 * field, and a good one becomes a running request. All of it under the app's Content-Security-Policy.
 */
describe('browser: the catalog curator designs an item that a requester orders', () => {
  let system: TestSystem;
  let browser: Browser;
  const pages: Page[] = [];
  const tag = `c${randomUUID().slice(0, 8)}`;
  const processId = `service_request_cur_${tag}`;

  beforeAll(async () => {
    system = await TestSystem.start({ listen: true });
    const xml = readFileSync(repoFile('workflows/processes/service-request.bpmn'), 'utf8').replace(/"service-request"/g, `"${processId}"`);
    const deployed = await system.injectAs('marta', { method: 'POST', url: '/process-definitions', payload: { xml } });
    expect(deployed.statusCode).toBe(201);
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const page of pages) await page.goto('about:blank').catch(() => undefined);
    await browser?.close();
    await system?.close();
  });

  const open = async (username: string) => {
    const page = await signedInPage(browser, system.url, username);
    pages.push(page);
    return page;
  };

  it('lets a curator add a service, design and publish an item, and a requester order it', async () => {
    const marta = await open('marta');

    // Given the service portfolio: a save without a name is refused, next to the name.
    await marta.getByTestId('nav-curation').click();
    await marta.getByTestId('admin-services-link').click();
    await marta.waitForURL(/\/admin\/services$/);
    await marta.getByTestId('service-new').click();
    const serviceForm = marta.getByTestId('service-form');
    await serviceForm.getByLabel('Technical service').check();
    await marta.getByTestId('service-save').click();
    await expect(textOf(marta.getByTestId('service-name-error'))).resolves.toMatch(/empty|required/i);
    await marta.getByTestId('service-name').fill(`Laptops ${tag}`);
    await serviceForm.getByLabel('Business service').check();
    await marta.getByTestId('service-owner').selectOption({ label: 'Marta (incident process owner)' });
    await marta.getByTestId('service-support-group').selectOption('Service desk');
    await marta.getByTestId('service-status').selectOption('live');
    await marta.getByTestId('service-customers').getByLabel('Baltic Retail UAB').check();
    await marta.getByTestId('service-save').click();
    const serviceRow = marta.locator(`[data-testid="service-row"][data-name="Laptops ${tag}"]`);
    await serviceRow.waitFor();
    await expect(textOf(serviceRow)).resolves.toContain('Baltic Retail UAB');
    await screenshotForDocs(marta, 'service-admin.png');

    // When she adds a category and a new item to it.
    await marta.getByTestId('admin-catalog-link').click();
    await marta.getByTestId('category-new-name').fill(`Hardware ${tag}`);
    await marta.getByTestId('category-add').click();
    await marta.locator(`[data-testid="category-row"][data-name="Hardware ${tag}"]`).waitFor();
    await marta.getByTestId('item-new').click();
    await marta.waitForURL(/\/admin\/catalog\/items\/new$/);
    await marta.getByTestId('item-name').fill(`Starter laptop ${tag}`);
    await marta.getByTestId('item-category').selectOption({ label: `Hardware ${tag}` });
    await marta.getByTestId('item-description').fill('A laptop for a new colleague');
    await marta.getByTestId('item-service').selectOption({ label: `Laptops ${tag}` });
    await marta.getByTestId('item-price').fill('1299');
    await marta.getByTestId('item-currency').fill('euro');
    await marta.getByTestId('item-visibility-orgs').getByLabel('Baltic Retail UAB').check();
    await marta.getByTestId('item-process').selectOption(processId);
    await marta.getByTestId('item-fulfilment-group').selectOption({ label: 'Service desk' });

    // She designs the form in the editor: a required text field and a number from 1 to 5.
    const editor = marta.getByTestId('form-editor');
    await dragFromPalette(marta, editor, 'textfield');
    await setProperty(marta, 'label', 'Starter name', true);
    await setProperty(marta, 'key', 'starterName');
    await setCheckbox(marta, 'validation', 'required');
    await dragFromPalette(marta, editor, 'number');
    await setProperty(marta, 'label', 'Monitors', true);
    await setProperty(marta, 'key', 'monitors');
    await setProperty(marta, 'min', '1', false, 'validation');
    await setProperty(marta, 'max', '5', false, 'validation');
    // The preview shows what the requester will see, and checks answers as the portal would.
    // Leaving the last field commits it; then the preview catches up with the editor.
    await marta.keyboard.press('Tab');
    const preview = marta.locator('[data-testid="form-preview"]:not([data-pending])');
    await preview.getByLabel(/Starter name/).waitFor();
    await preview.getByLabel(/Monitors/).waitFor();

    // A currency that is no ISO code is refused by the API, next to the price.
    await marta.getByTestId('item-save').click();
    await expect(textOf(marta.getByTestId('item-price-error'))).resolves.toMatch(/valid|ISO/i);
    await marta.getByTestId('item-currency').fill('EUR');
    // A component the server cannot check answers of is refused, named and selected in the editor.
    await dragFromPalette(marta, editor, 'filepicker');
    await marta.getByTestId('item-save').click();
    const formError = marta.getByTestId('form-schema-error');
    await formError.waitFor();
    await expect(textOf(formError)).resolves.toContain('filepicker');
    await editor.locator('.fjs-editor-selected[data-field-type="filepicker"] .fjs-context-pad-item').click();
    await marta.getByTestId('item-save').click();
    await marta.waitForURL(/\/admin\/catalog\/items\/[0-9a-f-]{36}$/);
    await expect(textOf(marta.getByTestId('item-editor-state'))).resolves.toBe('Draft');
    // The docs show the designer with the number field's range open in the properties panel.
    await editor.locator('.fjs-editor-form-root [data-field-type="number"]').first().click();
    await openGroup(marta, 'validation');
    await marta.evaluate("document.getElementById('request-form-title').scrollIntoView()");
    await screenshotForDocs(marta, 'catalog-curator.png');
    await marta.getByTestId('item-publish').click();
    await marta.getByTestId('item-withdraw').waitFor();
    await expect(textOf(marta.getByTestId('item-editor-state'))).resolves.toBe('Published');
    expect(cspViolationsOf(marta)).toEqual([]);

    // Then Rita finds it in the portal; a bad answer is refused naming the field.
    const item = (
      (await system.injectAs('marta', { method: 'GET', url: `/catalog/items?q=${tag}` })).result as { items: Body[] }
    ).items.find((i) => i.name === `Starter laptop ${tag}`)!;
    expect(item.active).toBe(true);
    const refused = await system.injectAs('rita', {
      method: 'POST',
      url: `/catalog/items/${item.id as string}/requests`,
      payload: { answers: { starterName: 'Ona', monitors: 9 } },
    });
    expect(refused.statusCode).toBe(400);
    expect(JSON.stringify(refused.result)).toContain('monitors');
    const rita = await open('rita');
    await rita.getByTestId('catalog-link').click();
    await rita.getByTestId('catalog-search').fill(tag);
    await rita.getByRole('button', { name: 'Search' }).click();
    await rita.locator(`[data-testid="catalog-item"][data-name="Starter laptop ${tag}"]`).getByTestId('catalog-item-link').click();
    const form = rita.getByTestId('catalog-form');
    await form.getByLabel(/Monitors/).fill('9');
    await rita.getByTestId('catalog-order').click();
    const errors = form.locator('.fjs-form-field-error');
    await errors.first().waitFor();
    await expect(textOf(form)).resolves.toMatch(/Starter name[\s\S]*required/i);
    await form.getByLabel(/Starter name/).fill('Ona Onaitė');
    await form.getByLabel(/Monitors/).fill('2');
    await rita.getByTestId('catalog-order').click();
    await rita.waitForURL(/\/portal\/tickets\/REQ\d{7}$/, PROCESS_MOVES);
    await expect(textOf(rita.getByTestId('catalog-order-view'))).resolves.toContain('Ona Onaitė');
    expect(cspViolationsOf(rita)).toEqual([]);
  });
});

async function textOf(locator: Locator): Promise<string> {
  await locator.waitFor();
  for (let i = 0; i < 50; i++) {
    const text = (await locator.textContent())?.trim() ?? '';
    if (text) return text;
    await locator.page().waitForTimeout(100);
  }
  return '';
}
