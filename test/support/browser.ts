import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { DEMO_USERS } from '../../scripts/lib/demo-identities';

/** Debian's chromium, headless; never a downloaded browser. scripts/install.sh --browser installs it. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
}

const violations = new WeakMap<Page, string[]>();

/**
 * Content-Security-Policy violations the page has reported since it opened, across navigations:
 * `securitypolicyviolation` events and the console errors chromium logs for them.
 */
export function cspViolationsOf(page: Page): string[] {
  const found = violations.get(page);
  if (!found) throw new Error('nobody watched this page: open it with signedInPage, or call watchCsp before its first goto');
  return found;
}

/** Starts recording CSP violations of a page opened without signedInPage; call before its first goto. */
export async function watchCsp(page: Page): Promise<void> {
  const found: string[] = [];
  violations.set(page, found);
  await page.exposeFunction('__flowdeskCspViolation', (text: string) => found.push(text));
  // Runs in the page (as text: the DOM types are not in this project's lib).
  await page.addInitScript({
    content: `document.addEventListener('securitypolicyviolation', (e) => {
      window.__flowdeskCspViolation(e.effectiveDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber + ' ' + e.sample);
    });`,
  });
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) found.push(`console: ${message.text()}`);
  });
}

/** Opens the app in a new page and signs in as a demo user, waiting until the app says who is signed in. */
export async function signedInPage(browser: Browser, url: string, username: string): Promise<Page> {
  const user = DEMO_USERS.find((u) => u.username === username);
  if (!user) throw new Error(`${username} is not a demo user`);
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await watchCsp(page);
  await page.goto(url);
  await page.getByTestId('login-username').fill(user.username);
  await page.getByTestId('login-password').fill(user.password);
  await page.getByTestId('login-button').click();
  await page.getByTestId('signed-in-user').waitFor();
  return page;
}

/**
 * Waits until a Material dialog has moved focus to its initial field (`cdkFocusInitial`). The dialog
 * does that when its open animation ends, which on a loaded machine can come after a test started
 * filling other fields: the rest of what it typed then lands in the focused field instead.
 */
export async function dialogSettled(initialField: Locator): Promise<void> {
  await initialField.waitFor();
  // The project's types have no DOM: the page's document is reached through globalThis.
  await initialField
    .page()
    .waitForFunction(
      (el: unknown) => el === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement,
      await initialField.elementHandle(),
    );
}
