import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { Organization } from '../../service-catalog/identity/domain/organization.entity';
import { launchChromium, signedInPage } from '../support/browser';
import { eventually } from '../support/eventually';
import type { Body } from '../support/json-body';
import { screenshotForDocs } from '../support/page-checks';
import { TestSystem } from '../support/test-system';

/**
 * Issue 23: a CI's page names its customer and its site (never their ids). An agent moves the asset to
 * another site of the same customer on the edit form, where the customer is shown but fixed (the API keeps
 * a CI with its customer); an admin follows the customer's name to its sites on the customers' screen.
 */
describe('browser: a CI’s customer and site', () => {
  let system: TestSystem;
  let browser: Browser;
  let page: Page | undefined;
  const tag = `x${randomUUID().slice(0, 8)}`;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    system = await TestSystem.start({ listen: true, ticketProcessIds: { incident: `none_${tag}`, change: `none_${tag}` } });
    ids.baltic = (await system.adminEm().findOneOrFail(Organization, { name: 'Baltic Retail UAB' })).id;
    for (const name of ['depot', 'yard']) {
      const site = await system.injectAs('admin', {
        method: 'POST',
        url: '/sites',
        payload: { organizationId: ids.baltic, name: `Riga ${name} ${tag}` },
      });
      expect(site.statusCode).toBe(201);
      ids[name] = (site.result as Body).id;
    }
    const asset = await system.injectAs('tomas', {
      method: 'POST',
      url: '/cmdb/cis',
      payload: { classKey: 'network_device', name: `Riga router ${tag}`, organizationId: ids.baltic, siteId: ids.depot },
    });
    expect(asset.statusCode).toBe(201);
    ids.asset = (asset.result as Body).id;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await page?.goto('about:blank').catch(() => undefined);
    await browser?.close();
    await system?.close();
  });

  it('names the customer and the site, and moves the asset to another site of that customer', async () => {
    page = await signedInPage(browser, system.url, 'tomas');
    await page.goto(`${system.url}/desk/cis/${ids.asset}`);
    const detail = page.getByTestId('ci-detail');
    await detail.getByTestId('ci-name').waitFor();
    await eventually(async () => expect(await detail.getByTestId('ci-customer').innerText()).toBe('Baltic Retail UAB'));
    await eventually(async () => expect(await detail.getByTestId('ci-site').innerText()).toBe(`Riga depot ${tag}`));
    // An agent has no customers' screen: the names are text, not links.
    await expect(detail.getByTestId('ci-customer-link').count()).resolves.toBe(0);
    await screenshotForDocs(page, 'desk-ci-customer-site.png');

    await detail.getByTestId('ci-edit').click();
    const form = page.getByTestId('ci-form');
    await eventually(async () =>
      expect(await form.getByTestId('ci-form-customer-fixed').innerText()).toMatch(/Baltic Retail UAB\s+\(fixed once created\)/),
    );
    await expect(form.getByTestId('ci-form-customer').count()).resolves.toBe(0);
    await form
      .getByTestId('ci-form-site')
      .locator('option', { hasText: `Riga yard ${tag}` })
      .waitFor({ state: 'attached' });
    await form.getByTestId('ci-form-site').selectOption({ label: `Riga yard ${tag}` });
    await form.getByTestId('ci-save').click();
    await eventually(async () => expect(await detail.getByTestId('ci-site').innerText()).toBe(`Riga yard ${tag}`));
    const saved = (await system.injectAs('tomas', { method: 'GET', url: `/cmdb/cis/${ids.asset}` })).result as Body;
    expect(saved).toMatchObject({ organizationId: ids.baltic, siteId: ids.yard });
  });

  it('links the customer to its sites on the customers’ screen for an admin', async () => {
    await page?.close();
    page = await signedInPage(browser, system.url, 'admin');
    await page.goto(`${system.url}/desk/cis/${ids.asset}`);
    const link = page.getByTestId('ci-customer-link');
    await eventually(async () => expect(await link.innerText()).toBe('Baltic Retail UAB'));
    await eventually(async () => expect(await page!.getByTestId('ci-site-link').innerText()).toBe(`Riga yard ${tag}`));
    await link.click();
    await page.waitForURL((url) => url.pathname === '/admin/organizations' && url.searchParams.get('organization') === ids.baltic);
    const sites = page.getByTestId('organization-sites');
    await expect(sites.getAttribute('aria-label')).resolves.toBe('Sites of Baltic Retail UAB');
    await sites.getByTestId(`site-Riga yard ${tag}`).waitFor();
  });
});
