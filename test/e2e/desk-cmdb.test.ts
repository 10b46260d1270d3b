import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { Organization } from '../../service-catalog/identity/domain/organization.entity';
import { cspViolationsOf, launchChromium, signedInPage } from '../support/browser';
import { screenshotForDocs } from '../support/page-checks';
import { TestSystem } from '../support/test-system';
import type { Body } from '../support/json-body';

/**
 * Issue 18 in the browser: an agent opens a server's CI page, sees its relations drawn (Cytoscape.js)
 * and its impact (the business service hit when it fails), then, on a ticket, finds the server with the
 * CI picker and links it.
 */
describe('browser: the desk’s CI page and the CI picker', () => {
  let system: TestSystem;
  let browser: Browser;
  let page: Page | undefined;
  // A word that starts with a letter, so the full-text parser keeps it one word whatever the digits.
  const tag = `x${randomUUID().slice(0, 8)}`;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    system = await TestSystem.start({ listen: true, ticketProcessIds: { incident: `none_${tag}`, change: `none_${tag}` } });
    const baltic = (await system.adminEm().findOneOrFail(Organization, { name: 'Baltic Retail UAB' })).id;
    const imported = await system.injectAs('tomas', {
      method: 'POST',
      url: '/cmdb/imports',
      payload: {
        format: 'json',
        dryRun: false,
        organizationId: baltic,
        cis: [
          { key: `shop-${tag}`, class: 'business_service', name: `Web shop ${tag}` },
          { key: `app-${tag}`, class: 'application', name: `Shop app ${tag}` },
          { key: `db-${tag}`, class: 'database', name: `Orders DB ${tag}`, attributes: { engine: 'postgresql' } },
          { key: `srv-${tag}`, class: 'server', name: `Vilnius host ${tag}`, attributes: { os: 'Debian 12', ramGb: 64 } },
          { key: `sw-${tag}`, class: 'network_device', name: `Core switch ${tag}`, attributes: { kind: 'switch' } },
        ],
        relations: [
          { source: `shop-${tag}`, type: 'depends_on', target: `app-${tag}` },
          { source: `app-${tag}`, type: 'runs_on', target: `srv-${tag}` },
          { source: `app-${tag}`, type: 'depends_on', target: `db-${tag}` },
          { source: `db-${tag}`, type: 'hosted_on', target: `srv-${tag}` },
          { source: `srv-${tag}`, type: 'connected_to', target: `sw-${tag}` },
        ],
      },
    });
    expect(imported.statusCode).toBe(200);
    for (const key of ['shop', 'app', 'db', 'srv', 'sw']) {
      const found = (await system.injectAs('tomas', { method: 'GET', url: `/cmdb/cis?key=${key}-${tag}` })).result as Body;
      ids[key] = found.items[0].id;
    }
    const ticket = await system.injectAs('tomas', {
      method: 'POST',
      url: '/tickets',
      payload: { title: `Shop slow ${tag}`, organizationId: baltic },
    });
    ids.ticket = (ticket.result as Body).number;
    const change = await system.injectAs('tomas', {
      method: 'POST',
      url: '/tickets',
      payload: { type: 'change', title: `Replace the switch ${tag}`, changeType: 'normal', organizationId: baltic },
    });
    expect(change.statusCode).toBe(201);
    ids.change = (change.result as Body).number;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await page?.goto('about:blank').catch(() => undefined);
    await browser?.close();
    await system?.close();
  });

  it('draws the server’s relations and names the service hit, then links the server to a ticket', async () => {
    page = await signedInPage(browser, system.url, 'tomas');
    await page.goto(`${system.url}/desk/cis/${ids.srv}`);
    await page
      .getByTestId('ci-name')
      .filter({ hasText: `Vilnius host ${tag}` })
      .waitFor();
    // Cytoscape draws onto canvases inside the graph's box.
    await page.locator('[data-testid="ci-graph"] canvas').first().waitFor();
    const label = await page.getByTestId('ci-graph').getAttribute('aria-label');
    expect(label).toBe('Relations of the configuration item: 5 items, 5 relations, 3 affected if it fails');
    expect(await page.getByTestId('impact-services').locator('li').allTextContents()).toEqual([`Web shop ${tag}`]);
    expect(await page.getByTestId('impact-upstream').locator('li a').allTextContents()).toEqual([
      `Orders DB ${tag}`,
      `Shop app ${tag}`,
      `Web shop ${tag}`,
    ]);
    expect(await page.getByTestId('impact-downstream').locator('li a').allTextContents()).toEqual([`Core switch ${tag}`]);
    // The depth picker shows the depth the impact was walked to.
    expect(await page.getByTestId('impact-depth').inputValue()).toBe('3');
    await screenshotForDocs(page, 'desk-ci-impact.png');

    await page.goto(`${system.url}/desk/tickets/${ids.ticket}`);
    await page.getByTestId('ci-search').fill(`vilnius ${tag}`);
    // Each word is a prefix: the picker finds the host from part of its name.
    await page
      .getByTestId('ci-search-result')
      .filter({ hasText: `Vilnius host ${tag}` })
      .click();
    await page.locator(`[data-testid="ticket-ci"][data-id="${ids.srv}"]`).waitFor();
    const linked = (await system.injectAs('tomas', { method: 'GET', url: `/tickets/${ids.ticket}/configuration-items` })).result as Body;
    expect(linked.items.map((c: Body) => c.id)).toEqual([ids.srv]);
    expect(cspViolationsOf(page)).toEqual([]);
  });

  it('links and unlinks CIs on a change as the agent types', async () => {
    page ??= await signedInPage(browser, system.url, 'tomas');
    await page.goto(`${system.url}/desk/tickets/${ids.change}`);
    const search = page.getByTestId('ci-search');
    // Search as you type: each keystroke asks /cmdb/cis?q= again, and only the latest answer shows.
    await search.pressSequentially(`core sw`, { delay: 30 });
    await page
      .getByTestId('ci-search-result')
      .filter({ hasText: `Core switch ${tag}` })
      .click();
    await page.locator(`[data-testid="ticket-ci"][data-id="${ids.sw}"]`).waitFor();
    // The picked search is cleared for the next one.
    expect(await search.inputValue()).toBe('');
    await search.fill(`orders ${tag}`);
    await page
      .getByTestId('ci-search-result')
      .filter({ hasText: `Orders DB ${tag}` })
      .click();
    await page.locator(`[data-testid="ticket-ci"][data-id="${ids.db}"]`).waitFor();
    const linkedIds = async () =>
      ((await system.injectAs('tomas', { method: 'GET', url: `/tickets/${ids.change}/configuration-items` })).result as Body).items
        .map((c: Body) => c.id)
        .sort();
    expect(await linkedIds()).toEqual([ids.db, ids.sw].sort());
    // A linked CI is not offered again.
    await search.fill(tag);
    await page
      .getByTestId('ci-search-result')
      .filter({ hasText: `Web shop ${tag}` })
      .waitFor();
    expect((await page.getByTestId('ci-search-result').allTextContents()).sort()).toEqual(
      [`Shop app ${tag}`, `Vilnius host ${tag}`, `Web shop ${tag}`].sort(),
    );
    await page.getByRole('button', { name: `Remove Core switch ${tag}` }).click();
    await page.locator(`[data-testid="ticket-ci"][data-id="${ids.sw}"]`).waitFor({ state: 'detached' });
    expect(await linkedIds()).toEqual([ids.db]);
    expect(cspViolationsOf(page)).toEqual([]);
  });
});
