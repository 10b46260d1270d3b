import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { cspViolationsOf, launchChromium, signedInPage } from '../support/browser';
import { screenshotForDocs } from '../support/page-checks';
import { TestSystem } from '../support/test-system';

/**
 * Ada, the admin, makes an API token for the monitoring integration (its secret shown once, copied,
 * working, then revoked), and finds who changed a group in the audit log by actor, entity, action and
 * period, paging through the rest.
 */
describe('browser: the admin manages API tokens and reads the audit log', () => {
  let system: TestSystem;
  let browser: Browser;
  let page: Page | undefined;
  const tag = randomUUID().slice(0, 8);

  const idOf = async (username: string) => ((await system.injectAs(username, { method: 'GET', url: '/me' })).result as { id: string }).id;

  beforeAll(async () => {
    system = await TestSystem.start({ listen: true });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await page?.goto('about:blank').catch(() => undefined);
    await browser?.close();
    await system?.close();
  });

  it('creates a token whose secret is shown once, works, and stops working when revoked', async () => {
    page = await signedInPage(browser, `${system.url}/admin/api-tokens`, 'admin');
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: system.url });
    await page.getByTestId('api-tokens-admin').waitFor();

    await page.getByTestId('token-name').fill(`Monitoring ${tag}`);
    await page.getByTestId('token-expiry').fill('0');
    await page.getByTestId('token-create').click();
    await page.getByTestId('token-expiry-error').filter({ hasText: /\S/ }).waitFor();

    await page.getByTestId('token-expiry').fill('30');
    await page.getByTestId('token-create').click();
    const secret = (await page.getByTestId('token-secret-value').textContent())!.trim();
    await page.getByTestId('token-copy').click();
    await expect(page.evaluate('navigator.clipboard.readText()')).resolves.toBe(secret);
    await screenshotForDocs(page, 'admin-api-tokens.png');

    const asToken = () => system.server.inject({ method: 'GET', url: '/me', headers: { authorization: `Bearer ${secret}` } });
    expect((await asToken()).statusCode).toBe(200);

    // Gone once dismissed and after a reload; the list shows the prefix only.
    await page.getByTestId('token-secret-done').click();
    await page.reload();
    const row = page.getByTestId(`token-Monitoring ${tag}`);
    await row.waitFor();
    await expect(page.getByTestId('token-secret').count()).resolves.toBe(0);
    await expect(page.locator('body').textContent()).resolves.not.toContain(secret);

    await row.getByTestId('token-revoke').click();
    await row.getByTestId('token-revoked').waitFor();
    expect((await asToken()).statusCode).toBe(401);
    expect(cspViolationsOf(page)).toEqual([]);
  });

  it('filters the audit log by actor, entity, action and period, and pages', async () => {
    const key = `audited-${tag}`;
    const created = await system.injectAs('admin', { method: 'POST', url: '/groups', payload: { key, name: `Audited ${tag}` } });
    const groupId = (created.result as { id: string }).id;
    // 26 renames: with the creation, one more than a page of 25.
    for (let i = 0; i < 26; i++)
      await system.injectAs('admin', { method: 'PATCH', url: `/groups/${key}`, payload: { name: `Audited ${tag} v${i}` } });

    page = await signedInPage(browser, `${system.url}/admin/audit-log`, 'admin');
    await page.getByTestId('audit-log-admin').waitFor();
    await page.getByTestId('audit-entry').first().waitFor();

    await page.getByTestId('audit-entity').fill('Group');
    await page.getByTestId('audit-entity-id').fill(groupId);
    await page.getByTestId('audit-search').click();
    await page.getByTestId('audit-count').filter({ hasText: '1–25 of 27' }).waitFor();
    await page.getByTestId('audit-next').click();
    await page.getByTestId('audit-count').filter({ hasText: '26–27 of 27' }).waitFor();
    await page.getByTestId('audit-previous').click();
    await page.getByTestId('audit-count').filter({ hasText: '1–25 of 27' }).waitFor();

    await page.getByTestId('audit-action').fill('group.updated');
    await page.getByTestId('audit-search').click();
    await page.getByTestId('audit-count').filter({ hasText: 'of 26' }).waitFor();
    await page.getByTestId('audit-entry').first().locator('summary').filter({ hasText: 'name' }).waitFor();

    // A period that ends before it starts is refused next to "To"; one in the past finds nothing.
    await page.getByTestId('audit-from').fill('2027-01-02T00:00');
    await page.getByTestId('audit-to').fill('2027-01-01T00:00');
    await page.getByTestId('audit-search').click();
    await page
      .getByTestId('audit-to-error')
      .filter({ hasText: /before/ })
      .waitFor();
    await page.getByTestId('audit-from').fill('2020-01-01T00:00');
    await page.getByTestId('audit-to').fill('2020-01-02T00:00');
    await page.getByTestId('audit-search').click();
    await page.getByTestId('audit-count').filter({ hasText: 'No entry' }).waitFor();

    // By actor: Ada's own changes, this group's among them.
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByTestId('audit-actor').selectOption(await idOf('admin'));
    await page.getByTestId('audit-entity-id').fill(groupId);
    await page.getByTestId('audit-search').click();
    await page.getByTestId('audit-count').filter({ hasText: 'of 27' }).waitFor();
    await page.getByTestId('audit-actor').selectOption(await idOf('tomas'));
    await page.getByTestId('audit-search').click();
    await page.getByTestId('audit-count').filter({ hasText: 'No entry' }).waitFor();
    await screenshotForDocs(page, 'admin-audit-log.png');
    expect(cspViolationsOf(page)).toEqual([]);
  });
});
