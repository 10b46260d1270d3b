import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { cspViolationsOf, launchChromium, signedInPage } from '../support/browser';
import { screenshotForDocs } from '../support/page-checks';
import { TestSystem } from '../support/test-system';

interface Listed {
  id: string;
  username: string;
  groupIds: string[];
}

/**
 * Ada, the admin, sets up the directory: a new assignment group with two members and a lead, after a
 * refused key named next to its field.
 */
describe('browser: the admin manages groups and memberships', () => {
  let system: TestSystem;
  let browser: Browser;
  const pages: Page[] = [];
  const tag = randomUUID().slice(0, 8);
  const user = async (username: string): Promise<Listed> => {
    for (let offset = 0; ; offset += 100) {
      const res = await system.injectAs('admin', { method: 'GET', url: `/users?role=agent&limit=100&offset=${offset}` });
      const { items } = res.result as { items: Listed[] };
      const found = items.find((u) => u.username === username);
      if (found || !items.length) return found!;
    }
  };

  beforeAll(async () => {
    system = await TestSystem.start({ listen: true });
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const page of pages) await page.goto('about:blank').catch(() => undefined);
    await browser?.close();
    await system?.close();
  });

  const open = async (path: string) => {
    const page = await signedInPage(browser, `${system.url}${path}`, 'admin');
    pages.push(page);
    return page;
  };

  it('creates a group, adds and removes members and names its lead', async () => {
    const page = await open('/admin/groups');
    await page.getByTestId('groups-admin').waitFor();

    // A key with capitals is refused next to the key field.
    await page.getByTestId('group-key').fill(`Desk ${tag}`);
    await page.getByTestId('group-name').fill(`Second line ${tag}`);
    await page.getByTestId('group-create').click();
    await page.getByTestId('group-key-error').filter({ hasText: /\S/ }).waitFor();

    await page.getByTestId('group-key').fill(`second-${tag}`);
    await page.getByTestId('group-strategy').selectOption('least-loaded');
    await page.getByTestId('group-create').click();
    await page.getByTestId('group-detail').waitFor();

    const agne = await user('agne');
    const nils = await user('nils');
    await page.getByTestId('member-add').selectOption(agne.id);
    await page.getByTestId('member-agne').waitFor();
    await page.getByTestId('member-add').selectOption(nils.id);
    await page.getByTestId('member-nils').waitFor();
    await page.getByTestId('group-lead').selectOption(agne.id);
    await page.getByTestId('member-agne').locator('.badge').waitFor();
    await page.getByTestId('member-nils').getByTestId('member-remove').click();
    await page.getByTestId('member-nils').waitFor({ state: 'detached' });
    await screenshotForDocs(page, 'admin-groups.png');

    // What the screen shows is what the API holds.
    const groups = await system.injectAs('admin', { method: 'GET', url: '/groups?limit=100' });
    const group = (groups.result as { items: Array<{ id: string; key: string; leadId: string; routingStrategy: string }> }).items.find(
      (g) => g.key === `second-${tag}`,
    )!;
    expect({ leadId: group.leadId, routingStrategy: group.routingStrategy }).toEqual({ leadId: agne.id, routingStrategy: 'least-loaded' });
    expect((await user('agne')).groupIds).toContain(group.id);
    expect((await user('nils')).groupIds).not.toContain(group.id);
    expect(cspViolationsOf(page)).toEqual([]);
  });
});
