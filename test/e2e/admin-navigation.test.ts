import type { Browser, Page } from 'playwright-core';
import { launchChromium, signedInPage } from '../support/browser';
import { TestSystem } from '../support/test-system';

const WIDE = { width: 1400, height: 900 };

/**
 * Issue 23: at 1,400 px an admin's top navigation scrolled sideways with its scrollbar hidden, so
 * "Webhooks" was cut and "Portal" out of sight with nothing to say so. Every section is now in the
 * window, whole, and takes a click.
 */
describe('browser: the admin’s top navigation at 1,400 px', () => {
  let system: TestSystem;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    system = await TestSystem.start({ listen: true });
    browser = await launchChromium();
    page = await signedInPage(browser, system.url, 'admin');
    await page.setViewportSize(WIDE);
  });
  afterAll(async () => {
    await page?.goto('about:blank').catch(() => undefined);
    await browser?.close();
    await system?.close();
  });

  it('shows every section whole inside the window, and each one opens its page', async () => {
    await page.goto(`${system.url}/admin/messaging`);
    const nav = page.locator('nav.app-nav');
    const links = nav.locator('a');
    await nav.getByTestId('nav-webhooks').waitFor();
    const ids = await links.evaluateAll((as) => as.map((a) => a.getAttribute('data-testid')));
    // Among an admin's sections: the two that were cut or out of sight at this width, Webhooks and Portal.
    expect(ids).toEqual(expect.arrayContaining(['nav-desk', 'nav-processes', 'nav-users', 'nav-curation', 'nav-webhooks', 'nav-portal']));
    // Nothing hidden inside the bar either: it no longer scrolls.
    const { scrollWidth, clientWidth } = await nav.evaluate((n) => ({ scrollWidth: n.scrollWidth, clientWidth: n.clientWidth }));
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);

    for (const id of ids) {
      const link = nav.getByTestId(id!);
      const box = (await link.boundingBox())!;
      const inside = box.x >= 0 && box.y >= 0 && box.x + box.width <= WIDE.width && box.y + box.height <= WIDE.height;
      expect({ id, box, inside }).toEqual({ id, box, inside: true });
      // Visible, enabled and the element a click at its middle reaches (not covered by the name or sign-out).
      await link.click({ trial: true, timeout: 5_000 });
    }

    for (const id of ids) {
      const href = (await nav.getByTestId(id!).getAttribute('href'))!;
      await nav.getByTestId(id!).click();
      await page.waitForURL((url) => url.pathname === href);
      await expect(nav.getByTestId(id!).getAttribute('aria-current')).resolves.toBe('page');
    }
  });
});
