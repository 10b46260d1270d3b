import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { Organization } from '../../service-catalog/identity/domain/organization.entity';
import { seriousAxeViolations } from '../support/axe';
import { launchChromium, signedInPage, watchCsp } from '../support/browser';
import type { Body } from '../support/json-body';
import { DESKTOP, PHONE, elementsWiderThanScreen, horizontalOverflow, screenshotForDocs } from '../support/page-checks';
import { repoFile } from '../support/repo-root';
import { TestSystem } from '../support/test-system';
import type { UiFixtures, UiRoute } from '../support/ui-routes';
import { UI_ROUTES } from '../support/ui-routes';

/**
 * Issue 23: every page of the app (test/support/ui-routes.ts, kept complete by test/lint/ui-routes.spec.ts),
 * opened as the persona who uses it, has no serious or critical axe-core violation at a desktop size and at a
 * 390 px phone, and on the phone is never wider than the screen.
 */
describe('browser: accessibility and phone width of every page', () => {
  let system: TestSystem;
  let browser: Browser;
  const fixtures = {} as UiFixtures;
  const pages = new Map<string, Page>();
  const tag = randomUUID().slice(0, 8);

  beforeAll(async () => {
    // Tickets of a process nobody deploys stay new: this file looks at pages, not at processes.
    system = await TestSystem.start({ listen: true, ticketProcessIds: { incident: `a11y_${tag}`, change: `a11y_${tag}` } });
    const as = async (user: string, method: string, url: string, payload?: object) => {
      const res = await system.injectAs(user, { method, url, ...(payload ? { payload } : {}) });
      expect({ url, status: res.statusCode < 300 }).toEqual({ url, status: true });
      return res.result as Body;
    };
    const raised = await as('rita', 'POST', '/tickets', {
      title: `Docking station flickers ${tag}`,
      description: 'The second monitor goes dark every few minutes.',
      category: 'hardware',
      impact: 'low',
      urgency: 'medium',
    });
    fixtures.ticketNumber = raised.number as string;

    const baltic = (await system.adminEm().findOneOrFail(Organization, { name: 'Baltic Retail UAB' })).id;
    await as('tomas', 'POST', '/cmdb/imports', {
      format: 'json',
      dryRun: false,
      organizationId: baltic,
      cis: [{ key: `srv-${tag}`, class: 'server', name: `Vilnius host ${tag}`, attributes: { os: 'Debian 12' } }],
      relations: [],
    });
    fixtures.ciId = (await as('tomas', 'GET', `/cmdb/cis?key=srv-${tag}`)).items[0].id as string;

    const article = await as('tomas', 'POST', '/kb/articles', {
      title: `Reset a docking station ${tag}`,
      body: 'Unplug it for ten seconds, then plug the monitor in first.',
      language: 'en',
      audience: 'public',
    });
    fixtures.articleId = article.id as string;
    await as('tomas', 'POST', `/kb/articles/${fixtures.articleId}/versions/1/submit`);
    await as('marta', 'POST', `/kb/articles/${fixtures.articleId}/versions/1/review`, { approve: true });

    // Longer than a phone is wide in a select's option: the process filters must shrink to the screen.
    const processId = `service_request_a11y_with_a_process_id_longer_than_a_phone_screen_${tag}`;
    const xml = readFileSync(repoFile('workflows/processes/service-request.bpmn'), 'utf8').replace(/"service-request"/g, `"${processId}"`);
    await as('marta', 'POST', '/process-definitions', { xml });
    // The DMN editor opens the priority matrix: its decision table must fit a phone too (scrolling inside).
    await as('marta', 'POST', '/decision-definitions', { xml: readFileSync(repoFile('workflows/decisions/priority-matrix.dmn'), 'utf8') });
    const category = await as('marta', 'POST', '/catalog/categories', { name: `Hardware ${tag}`, description: 'Devices' });
    const item = await as('marta', 'POST', '/catalog/items', {
      categoryId: category.id,
      name: `Headset ${tag}`,
      description: 'A wired headset for calls',
      processId,
      fulfilmentGroup: 'service-desk',
      formSchema: {
        type: 'default',
        components: [{ type: 'textfield', key: 'costCentre', label: 'Cost centre', validate: { required: true } }],
      },
    });
    fixtures.catalogItemId = item.id as string;
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const page of pages.values()) await page.goto('about:blank').catch(() => undefined);
    await browser?.close();
    await system?.close();
  });

  /** One signed-in page per persona (signing in for each route would dominate the run); signed out, a fresh one. */
  const pageFor = async (persona: string | null): Promise<Page> => {
    const key = persona ?? '(signed out)';
    let page = pages.get(key);
    if (!page) {
      if (persona) page = await signedInPage(browser, system.url, persona);
      else {
        page = await browser.newPage({ viewport: DESKTOP });
        await watchCsp(page);
      }
      pages.set(key, page);
    }
    return page;
  };

  /** Opens the route and waits until its requests have settled and it shows a heading. */
  const open = async (route: UiRoute, viewport: { width: number; height: number }): Promise<Page> => {
    const page = await pageFor(route.persona);
    await page.setViewportSize(viewport);
    await page.goto(`${system.url}${route.url(fixtures)}`);
    // Not 'networkidle': desk and portal pages keep their live-update stream open, so the network never is.
    await page.waitForLoadState('load');
    await page.locator('main h1, main h2, main [role="heading"]').first().waitFor();
    // What the page reads on arrival (lists, the ticket) has drawn once its loading states are gone.
    await page.waitForFunction(`!document.querySelector('[aria-busy="true"]')`, undefined, { timeout: 10_000 }).catch(() => undefined);
    await page.waitForTimeout(500);
    return page;
  };

  const seriousViolations = seriousAxeViolations;

  it.each(UI_ROUTES.map((r) => [r.path, r] as const))('/%s: no serious accessibility violation at desktop size', async (_path, route) => {
    const page = await open(route, DESKTOP);
    expect(await seriousViolations(page)).toEqual([]);
    if (route.screenshot) await screenshotForDocs(page, `${route.screenshot}-desktop.png`);
  });

  it.each(UI_ROUTES.map((r) => [r.path, r] as const))(
    '/%s: on a 390 px phone, no serious accessibility violation and nothing wider than the screen',
    async (_path, route) => {
      const page = await open(route, PHONE);
      expect(await seriousViolations(page)).toEqual([]);
      if (route.phoneWidthExempt) return;
      const { scrollWidth, innerWidth } = await horizontalOverflow(page);
      // On failure, the elements that stick out say what to fix.
      const tooWide = await elementsWiderThanScreen(page);
      expect({ path: route.path, scrollWidth, tooWide }).toEqual({ path: route.path, scrollWidth: innerWidth, tooWide: [] });
      if (route.screenshot) await screenshotForDocs(page, `${route.screenshot}-phone.png`);
    },
  );
});
