import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { cspViolationsOf, launchChromium, signedInPage } from '../support/browser';
import { eventually } from '../support/eventually';
import { PHONE, elementsWiderThanScreen, screenshotForDocs } from '../support/page-checks';
import { TestSystem } from '../support/test-system';
import type { Body } from '../support/json-body';

/**
 * Issue 23 in the browser: a process owner keeps field service's settings on admin/field-service — adds a part to the
 * catalogue and changes it, adds a work type that dispatches itself and gives it a checklist, then turns
 * auto-dispatch off again, then gives it a usual duration and required skills; the same screen fits a phone.
 */
describe('browser: the parts catalogue, work types and checklists', () => {
  let system: TestSystem;
  let browser: Browser;
  let page: Page | undefined;
  const tag = `x${randomUUID().slice(0, 8)}`;
  const workType = `boiler-${tag}`;

  beforeAll(async () => {
    system = await TestSystem.start({ listen: true, ticketProcessIds: { incident: `none_${tag}` } });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await page?.goto('about:blank').catch(() => undefined);
    await browser?.close();
    await system?.close();
  });

  const get = async (url: string) => (await system.injectAs('marta', { method: 'GET', url })).result as Body;

  it('adds a part and changes it', async () => {
    page = await signedInPage(browser, system.url, 'marta');
    await page.goto(`${system.url}/admin/services`);
    await page.getByTestId('admin-field-service-link').click();
    await page.waitForURL('**/admin/field-service');
    await page.getByTestId('part-new').click();
    const form = page.getByTestId('part-form');
    await form.getByTestId('part-sku').fill(`FAN-${tag}`);
    await form.getByTestId('part-name').fill(`Case fan ${tag}`);
    await form.getByTestId('part-price').fill('12,5x');
    await form.getByTestId('part-save').click();
    // A price that is no number is caught before anything is sent.
    await eventually(async () => expect(await form.getByTestId('part-price-error').innerText()).not.toBe(''));
    await form.getByTestId('part-price').fill('12,5');
    await form.getByTestId('part-save').click();
    const row = page.locator(`[data-testid="part-row"][data-sku="FAN-${tag}"]`);
    await row.waitFor();
    const [created] = (await get(`/parts?q=FAN-${tag}`)).items;
    expect(created).toMatchObject({ sku: `FAN-${tag}`, name: `Case fan ${tag}`, unit: 'pcs', currency: 'EUR', active: true, version: 1 });
    expect(Number(created.unitPrice)).toBe(12.5);

    // The form now holds the saved part: a change is sent with its version.
    await form.getByTestId('part-name').fill(`Case fan 120 mm ${tag}`);
    await form.getByTestId('part-save').click();
    await row.filter({ hasText: `Case fan 120 mm ${tag}` }).waitFor();
    const [changed] = (await get(`/parts?q=FAN-${tag}`)).items;
    expect(changed).toMatchObject({ id: created.id, name: `Case fan 120 mm ${tag}`, version: 2 });
    expect(cspViolationsOf(page)).toEqual([]);
  });

  it('adds a work type that dispatches itself, gives it a checklist, and turns auto-dispatch off', async () => {
    page ??= await signedInPage(browser, system.url, 'marta');
    await page.goto(`${system.url}/admin/field-service`);
    await page.getByTestId('work-type-key').fill('Boiler service');
    await page.getByTestId('work-type-add').click();
    await eventually(async () => expect(await page!.getByTestId('work-type-key-error').innerText()).toContain('lowercase'));
    await page.getByTestId('work-type-key').fill(workType);
    await page.getByTestId('work-type-new-auto').check();
    await page.getByTestId('work-type-add').click();
    // The new type's checklist opens straight away.
    const checklist = page.getByTestId('checklist-form');
    await checklist.waitFor();
    await checklist.getByTestId('checklist-label').first().fill('Check the pressure');
    await checklist.getByTestId('checklist-add').click();
    await checklist.getByTestId('checklist-label').nth(1).fill('Clean the burner');
    await checklist.getByTestId('checklist-required').nth(1).uncheck();
    await checklist.getByTestId('checklist-save').click();
    await checklist.waitFor({ state: 'detached' });
    const row = page.locator(`[data-testid="work-type-row"][data-work-type="${workType}"]`);
    await row.getByTestId('work-type-checklist').filter({ hasText: '2 item(s)' }).waitFor();
    const template = (await get('/checklist-templates')).items.find((t: Body) => t.workType === workType);
    expect(template.items).toEqual([
      { key: 'check-the-pressure', label: 'Check the pressure', required: true },
      { key: 'clean-the-burner', label: 'Clean the burner', required: false },
    ]);
    const setting = async () => (await get('/work-types')).items.find((t: Body) => t.workType === workType);
    expect(await setting()).toMatchObject({ autoDispatch: true });
    expect(await row.getByTestId('work-type-auto').isChecked()).toBe(true);
    await row.getByTestId('work-type-auto').uncheck();
    await eventually(async () => expect(await setting()).toMatchObject({ autoDispatch: false }));
    expect(cspViolationsOf(page)).toEqual([]);
  });

  it('gives the work type a usual duration and required skills, refusing what does not read', async () => {
    page ??= await signedInPage(browser, system.url, 'marta');
    await page.goto(`${system.url}/admin/field-service`);
    const row = page.locator(`[data-testid="work-type-row"][data-work-type="${workType}"]`);
    await row.getByTestId('work-type-defaults').click();
    const form = page.getByTestId('work-type-defaults-form');
    await form.getByTestId('work-type-duration').fill('2');
    await form.getByTestId('work-type-skills').fill('gas-safety:3, Hvac');
    await form.getByTestId('work-type-defaults-save').click();
    // The skills are read here; the duration's range is the API's to refuse, under the same field.
    await eventually(async () => expect(await form.getByTestId('work-type-skills-error').innerText()).toContain('key:level'));
    await form.getByTestId('work-type-skills').fill('gas-safety:3, hvac');
    await form.getByTestId('work-type-defaults-save').click();
    await eventually(async () => expect(await form.getByTestId('work-type-duration-error').innerText()).not.toBe(''));
    await form.getByTestId('work-type-duration').fill('90');
    await form.getByTestId('work-type-defaults-save').click();
    await form.waitFor({ state: 'detached' });
    await row.getByTestId('work-type-duration-cell').filter({ hasText: '90 min' }).waitFor();
    expect(await row.getByTestId('work-type-skills-cell').innerText()).toBe('gas-safety:3, hvac:1');
    const setting = (await get('/work-types')).items.find((t: Body) => t.workType === workType);
    expect(setting).toMatchObject({
      autoDispatch: false,
      defaultDurationMinutes: 90,
      requiredSkills: [
        { skill: 'gas-safety', level: 3 },
        { skill: 'hvac', level: 1 },
      ],
    });
    await screenshotForDocs(page, 'admin-field-service.png');
    expect(cspViolationsOf(page)).toEqual([]);
  });

  it('fits a phone: the parts and work types as cards, nothing wider than the screen', async () => {
    page ??= await signedInPage(browser, system.url, 'marta');
    await page.setViewportSize(PHONE);
    await page.goto(`${system.url}/admin/field-service`);
    await page.locator(`[data-testid="part-row"][data-sku="FAN-${tag}"]`).waitFor();
    await page.locator(`[data-testid="work-type-row"][data-work-type="${workType}"]`).waitFor();
    expect(await elementsWiderThanScreen(page)).toEqual([]);
    await page.locator(`[data-testid="work-type-row"][data-work-type="${workType}"]`).getByTestId('work-type-checklist').click();
    await page.getByTestId('checklist-label').nth(1).waitFor();
    expect(await elementsWiderThanScreen(page)).toEqual([]);
  });
});
