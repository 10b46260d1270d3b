import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { Organization } from '../../service-catalog/identity/domain/organization.entity';
import { cspViolationsOf, launchChromium, signedInPage } from '../support/browser';
import { screenshotForDocs } from '../support/page-checks';
import { TestSystem } from '../support/test-system';
import type { Body } from '../support/json-body';
import { deployIncidentDesk } from '../support/incident-desk';

/**
 * Issue 18 in the browser: an agent opens a server's CI page, sees its relations drawn (Cytoscape.js)
 * and its impact (the business service hit when it fails), then, on a ticket, finds the server with the
 * CI picker and links it; on an incident the process asks to categorise, the agent picks its service.
 */
describe('browser: the desk’s CI page and the CI picker', () => {
  let system: TestSystem;
  let browser: Browser;
  let page: Page | undefined;
  // A word that starts with a letter, so the full-text parser keeps it one word whatever the digits.
  const tag = `x${randomUUID().slice(0, 8)}`;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const incident = `incident_cmdb_${tag}`;
    system = await TestSystem.start({ listen: true, ticketProcessIds: { incident, change: `none_${tag}` } });
    const baltic = (await system.adminEm().findOneOrFail(Organization, { name: 'Baltic Retail UAB' })).id;
    const service = await system.injectAs('marta', {
      method: 'POST',
      url: '/services',
      payload: { name: `Web shop service ${tag}`, kind: 'business', status: 'live', customerOrganizationIds: [baltic] },
    });
    expect(service.statusCode).toBe(201);
    ids.service = (service.result as Body).id;
    // The shipped incident desk (matrix, a P3 policy for the service, incident.bpmn), so a ticket waits
    // for the desk to categorise it and pick its service.
    await deployIncidentDesk(system, { tag, processId: incident, service: `Web shop service ${tag}` });
    const checkout = await system.injectAs('tomas', {
      method: 'POST',
      url: '/tickets',
      payload: { title: `Checkout fails ${tag}`, description: 'Payments time out.', organizationId: baltic },
    });
    expect(checkout.statusCode).toBe(201);
    ids.checkout = (checkout.result as Body).number;
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
    // The server is an asset too: its model, serial number and warranty are one change in its history.
    const asset = await system.injectAs('tomas', {
      method: 'PATCH',
      url: `/cmdb/cis/${ids.srv}`,
      payload: { model: 'Dell R650', serialNumber: `SN-${tag}`, warrantyUntil: '2029-03-31' },
    });
    expect(asset.statusCode).toBe(200);
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
    await expect(page.getByTestId('ci-warranty').innerText()).resolves.toBe('2029-03-31');
    // Its history from the audit log, newest first: the asset change, then the relations and the import.
    const history = page.getByTestId('ci-history-entry');
    await history.nth(4).waitFor();
    expect(await history.evaluateAll((items) => items.map((i) => i.getAttribute('data-action')))).toEqual([
      'ci.updated',
      'ciRelation.created',
      'ciRelation.created',
      'ciRelation.created',
      'ci.imported',
    ]);
    const said = await history.locator('span:first-child').allTextContents();
    expect(said[0]).toBe('Changed: model, serialNumber, warrantyUntil');
    expect(said).toContain(`Relation added: this CI is connected to Core switch ${tag}`);
    expect(said).toContain(`Relation added: Shop app ${tag} runs on this CI`);
    await expect(history.first().innerText()).resolves.toMatch(/tomas/i);
    await page.getByTestId('ci-tickets').filter({ hasText: 'No ticket touches this CI.' }).waitFor();
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
    // Back on the CI page, the ticket that touches it is listed and opens the ticket.
    await page.goto(`${system.url}/desk/cis/${ids.srv}`);
    const touching = page.locator(`[data-testid="ci-ticket"][data-number="${ids.ticket}"]`);
    await touching.waitFor();
    await expect(touching.innerText()).resolves.toContain(`Shop slow ${tag}`);
    await touching.getByRole('link', { name: ids.ticket }).click();
    await page.waitForURL(`**/desk/tickets/${ids.ticket}`);
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
    await screenshotForDocs(page, 'desk-change-cis.png');
    await page.getByRole('button', { name: `Remove Core switch ${tag}` }).click();
    await page.locator(`[data-testid="ticket-ci"][data-id="${ids.sw}"]`).waitFor({ state: 'detached' });
    expect(await linkedIds()).toEqual([ids.db]);
    expect(cspViolationsOf(page)).toEqual([]);
  });
  it('picks the service of an incident the process asks to categorise, by id', async () => {
    page ??= await signedInPage(browser, system.url, 'tomas');
    await page.goto(`${system.url}/desk/tickets/${ids.checkout}`);
    const categorise = page.getByTestId('categorise-button');
    // The ticket page refreshes every few seconds: the button is enabled once the process waits at Categorise.
    await page.locator('[data-testid="categorise-button"]:not([disabled])').waitFor({ timeout: 60_000 });
    await categorise.click();
    const form = page.getByTestId('categorise-form');
    const service = form.getByTestId('categorise-service');
    // The services serving the ticket's customer are offered, the new one among them.
    await service.locator('option', { hasText: `Web shop service ${tag}` }).waitFor({ state: 'attached' });
    await form.getByTestId('categorise-category').selectOption('software');
    await service.selectOption({ label: `Web shop service ${tag}` });
    await form.getByTestId('categorise-impact').selectOption('medium');
    await form.getByTestId('categorise-urgency').selectOption('medium');
    await form.getByTestId('categorise-submit').click();
    await page
      .getByTestId('ticket-facts')
      .filter({ hasText: `Web shop service ${tag}` })
      .waitFor({ timeout: 60_000 });
    const ticket = (await system.injectAs('tomas', { method: 'GET', url: `/tickets/${ids.checkout}` })).result as Body;
    expect(ticket).toMatchObject({ serviceId: ids.service, service: `Web shop service ${tag}`, category: 'software' });
    expect(cspViolationsOf(page)).toEqual([]);
  }, 120_000);
});
