import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, signedInPage } from '../support/browser';
import { DESKTOP, PHONE, horizontalOverflow, screenshotForDocs } from '../support/page-checks';
import { TestSystem } from '../support/test-system';

/** The header may take at most this share of a phone's height: the page below is what people came for. */
const HEADER_SHARE = 0.12;

/**
 * Issue 24, defect 10: on a 390 × 844 phone nothing is wider than the screen — the portal list with
 * its search, the new-ticket form, the desk's queue table (which scrolls sideways inside its frame,
 * header intact) — and the app header is one compact band with the product name and no developer
 * subtitle, for requesters and agents alike.
 */
describe('browser: phone layout (390 × 844)', () => {
  let system: TestSystem;
  let browser: Browser;
  const pages: Page[] = [];
  const tag = randomUUID().slice(0, 8);

  beforeAll(async () => {
    // Tickets of a process nobody deploys stay new: this file looks at pages, not at processes.
    system = await TestSystem.start({ listen: true, ticketProcessIds: { incident: `phone_${tag}` } });
    for (const title of [`Laptop docking station flickers on the second monitor ${tag}`, `VPN ${tag}`]) {
      const raised = await system.injectAs('rita', {
        method: 'POST',
        url: '/tickets',
        payload: { title, description: 'details', category: 'hardware', impact: 'low', urgency: 'medium' },
      });
      expect(raised.statusCode).toBe(201);
    }
    const routed = await system.injectAs('tomas', {
      method: 'POST',
      url: '/tickets',
      payload: {
        title: `Scanner in warehouse 3 reports a checksum error on every label ${tag}`,
        description: 'x',
        assignmentGroup: 'service-desk',
        priority: 'P2',
      },
    });
    expect(routed.statusCode).toBe(201);
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const page of pages) await page.goto('about:blank').catch(() => undefined);
    await browser?.close();
    await system?.close();
  });

  const onPhone = async (username: string) => {
    const page = await signedInPage(browser, system.url, username);
    pages.push(page);
    await page.setViewportSize(PHONE);
    return page;
  };
  const headerHeight = async (page: Page) => (await page.locator('header.app-header').boundingBox())!.height;
  const expectNoSidewaysScroll = async (page: Page) => {
    const { scrollWidth, innerWidth } = await horizontalOverflow(page);
    expect({ scrollWidth: Math.min(scrollWidth, innerWidth), innerWidth }).toEqual({ scrollWidth, innerWidth: PHONE.width });
  };

  it('fits the portal list, its search and the new-ticket form on a phone, under a compact header', async () => {
    const rita = await onPhone('rita');
    await rita.goto(`${system.url}/portal`);
    await rita.locator('[data-testid="portal-ticket"]').first().waitFor();
    await expectNoSidewaysScroll(rita);
    expect(await headerHeight(rita)).toBeLessThan(PHONE.height * HEADER_SHARE);
    // The product name stays; the developer subtitle is gone.
    await expect(rita.locator('header.app-header h1').textContent()).resolves.toBe('Flowdesk');
    await expect(rita.locator('header.app-header').textContent()).resolves.not.toMatch(/Temporal|BPMN/);
    // The search button is on the screen, and searching works.
    const search = (await rita.getByRole('button', { name: 'Search' }).boundingBox())!;
    expect(search.x + search.width).toBeLessThanOrEqual(PHONE.width);
    await rita.getByTestId('portal-search').fill('docking');
    await rita.getByRole('button', { name: 'Search' }).click();
    await rita.locator('[data-testid="portal-ticket"]', { hasText: 'docking station' }).waitFor();
    await screenshotForDocs(rita, 'portal-phone.png');

    await rita.getByTestId('raise-ticket-link').click();
    await rita.getByTestId('raise-form').waitFor();
    await expectNoSidewaysScroll(rita);
    for (const field of ['raise-title', 'raise-category', 'raise-impact', 'raise-urgency', 'raise-submit']) {
      const box = (await rita.getByTestId(field).boundingBox())!;
      expect({ field, right: Math.min(box.x + box.width, PHONE.width) }).toEqual({ field, right: box.x + box.width });
    }
    await rita.getByTestId('raise-urgency').selectOption('low');
    await expectNoSidewaysScroll(rita);
  });

  it('shows the desk queue as cards on a phone: every field labelled, nothing cut, the page never wider than the screen', async () => {
    const tomas = await onPhone('tomas');
    await tomas.goto(`${system.url}/desk?queue=my-groups`);
    await tomas.locator('[data-testid="ticket-row"]').first().waitFor();
    await expectNoSidewaysScroll(tomas);
    expect(await headerHeight(tomas)).toBeLessThan(PHONE.height * HEADER_SHARE);
    // A card labels each of its fields (the table's header is there for screen readers only) and stays on the screen.
    const cards = await tomas.locator('[data-testid="ticket-row"]').evaluateAll((rows) =>
      rows.slice(0, 5).map((row) => {
        const box = row.getBoundingClientRect();
        // The card's CSS shows each cell's data-label before its value.
        const labels = [...row.querySelectorAll('td')].map((td) => td.getAttribute('data-label') ?? '');
        return { right: Math.round(box.right), labelled: labels.filter(Boolean).length, cells: labels.length };
      }),
    );
    expect(cards.length).toBeGreaterThan(0);
    for (const card of cards) {
      expect(card.right).toBeLessThanOrEqual(PHONE.width);
      expect(card.labelled).toBe(card.cells);
    }
    await screenshotForDocs(tomas, 'desk-phone.png');
  });

  it('shows the product name without the developer subtitle on a desktop too', async () => {
    const marta = await signedInPage(browser, system.url, 'marta');
    pages.push(marta);
    await marta.setViewportSize(DESKTOP);
    await expect(marta.locator('header.app-header h1').textContent()).resolves.toBe('Flowdesk');
    await expect(marta.locator('header.app-header').textContent()).resolves.not.toMatch(/Temporal|BPMN/);
    // One line for the name (the subtitle was a second); the sections may wrap to a second row (app.css).
    expect((await marta.locator('header.app-header h1').boundingBox())!.height).toBeLessThan(48);
    expect(await headerHeight(marta)).toBeLessThan(110);
  });
});
