import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { seriousAxeViolations, type AxeViolation } from './axe';
import { repoFile } from './repo-root';

/**
 * `FLOWDESK_SCREENSHOTS=1 npm test -- --testPathPatterns e2e` refreshes the screenshots the README
 * shows (docs/*.png) from the browser tests, at the size the test looks at the page. Palette PNGs
 * keep them small. Without the variable, nothing is written.
 */
export async function screenshotForDocs(page: Page, name: string): Promise<void> {
  if (!process.env.FLOWDESK_SCREENSHOTS) return;
  const shot = await page.screenshot({ fullPage: false });
  await sharp(shot).png({ palette: true, quality: 90, compressionLevel: 9 }).toFile(repoFile('docs', name));
}

/** Whether the page is wider than the window: a phone user would have to scroll sideways. */
export async function horizontalOverflow(page: Page): Promise<{ scrollWidth: number; innerWidth: number }> {
  // Evaluated in the page (the test code has no DOM types): document.scrollingElement.scrollWidth against innerWidth.
  return page.evaluate('({ scrollWidth: document.scrollingElement.scrollWidth, innerWidth: window.innerWidth })');
}

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1400, height: 1000 };

/**
 * When the page is wider than the window: the innermost elements that stick out on the right and are not
 * inside a frame that scrolls or clips them (those are what to fix). Empty when nothing sticks out.
 */
export async function elementsWiderThanScreen(page: Page): Promise<string[]> {
  // Evaluated in the page, as text (the test code has no DOM types).
  return page.evaluate(`(() => {
    const root = document.scrollingElement;
    if (root.scrollWidth <= window.innerWidth) return [];
    const clipped = (el) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        if (['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(p).overflowX)) return true;
      }
      return false;
    };
    const out = [...document.body.querySelectorAll('*')].filter(
      (el) => el.getBoundingClientRect().right > window.innerWidth + 1 && !clipped(el),
    );
    const innermost = out.filter((el) => !out.some((o) => o !== el && el.contains(o)));
    const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
      (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '') +
      (el.dataset.testid ? '[' + el.dataset.testid + ']' : '') + ' right=' + Math.round(el.getBoundingClientRect().right);
    return innermost.slice(0, 8).map(name);
  })()`);
}

/**
 * The page as it is now, the way issue 23 asks of every screen: its serious and critical axe findings,
 * then, at a phone's width, the elements wider than the screen (`atPhone` may first set aside what the
 * check is not about); the window is back at desktop size afterwards. Both lists are empty when it passes.
 */
export async function accessibleAndFitsPhone(
  page: Page,
  atPhone?: () => Promise<void>,
): Promise<{ violations: AxeViolation[]; tooWide: string[] }> {
  const violations = await seriousAxeViolations(page);
  await page.setViewportSize(PHONE);
  await page.waitForTimeout(300);
  await atPhone?.();
  const tooWide = await elementsWiderThanScreen(page);
  await page.setViewportSize(DESKTOP);
  return { violations, tooWide };
}
