import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { cspViolationsOf, launchChromium, signedInPage } from '../support/browser';
import { eventually } from '../support/eventually';
import { TestSystem } from '../support/test-system';
import type { Body } from '../support/json-body';

/**
 * Issue 23, the desk-configuration screens on the shared blocks: a mail template is refused at its subject
 * (no ticket number), then saved and previewed against a real ticket; a canned response is deleted only after
 * the confirm dialog (Cancel keeps it).
 */
describe('browser: mail templates and canned responses on the shared blocks', () => {
  let system: TestSystem;
  let browser: Browser;
  let page: Page | undefined;
  const tag = `x${randomUUID().slice(0, 8)}`;
  const key = `blocks.${tag}`;
  const canned = `Delete me ${tag}`;
  let number = '';

  beforeAll(async () => {
    system = await TestSystem.start({ listen: true, ticketProcessIds: { incident: `none_${tag}` } });
    const ticket = await system.injectAs('tomas', { method: 'POST', url: '/tickets', payload: { title: `Printer jam ${tag}` } });
    expect(ticket.statusCode).toBe(201);
    number = (ticket.result as Body).number;
    const made = await system.injectAs('marta', { method: 'POST', url: '/canned-responses', payload: { title: canned, body: 'Hello.' } });
    expect(made.statusCode).toBe(201);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await page?.goto('about:blank').catch(() => undefined);
    await browser?.close();
    await system?.close();
  });

  it('saves a mail template after a refusal at its subject, and previews it against a ticket', async () => {
    page = await signedInPage(browser, system.url, 'marta');
    await page.goto(`${system.url}/admin/mail-templates`);
    await page.getByTestId('template-key').fill(key);
    await page.getByTestId('template-subject').fill('Your ticket');
    await page.getByTestId('template-body').fill('Hello {{caller.firstName}}, {{ticket.title}} is on its way.');
    await page.getByTestId('template-save').click();
    await page
      .locator('[data-testid="template-subject-error"], [data-testid="template-problem"]')
      .filter({ hasText: /ticket\.number/ })
      .first()
      .waitFor();
    await page.getByTestId('template-subject').fill('[{{ticket.number}}] Your ticket');
    await page.getByTestId('template-save').click();
    await page.getByTestId('template-saved').waitFor();
    await page.locator(`[data-testid="template-open"][data-key="${key}"]`).waitFor();
    const stored = (await system.injectAs('marta', { method: 'GET', url: `/mail-templates/${key}` })).result as Body;
    expect(stored).toMatchObject({ subject: '[{{ticket.number}}] Your ticket' });
    await page.getByTestId('template-ticket').fill(number);
    await page.getByTestId('template-preview').click();
    await eventually(async () => expect(await page!.getByTestId('template-preview-subject').innerText()).toBe(`[${number}] Your ticket`));
    await expect(page.getByTestId('template-preview-text').innerText()).resolves.toContain(`Printer jam ${tag} is on its way.`);
    expect(cspViolationsOf(page)).toEqual([]);
  });

  it('deletes a canned response only after the confirmation', async () => {
    page ??= await signedInPage(browser, system.url, 'marta');
    await page.goto(`${system.url}/admin/canned-responses`);
    const row = page.locator(`[data-testid="canned-row"][data-title="${canned}"]`);
    await row.waitFor();
    await row.getByTestId('canned-delete').click();
    await page.getByTestId('confirm-cancel').click();
    await page.getByTestId('confirm-cancel').waitFor({ state: 'detached' });
    const titles = async () =>
      ((await system.injectAs('marta', { method: 'GET', url: '/canned-responses' })).result as Body).items.map((r: Body) => r.title);
    expect(await titles()).toContain(canned);
    await row.getByTestId('canned-delete').click();
    await page.getByTestId('confirm-ok').click();
    await row.waitFor({ state: 'detached' });
    expect(await titles()).not.toContain(canned);
    expect(cspViolationsOf(page)).toEqual([]);
  });
});
