import { chromium, type Browser, type Page } from 'playwright-core';
import { DEMO_USERS } from '../../scripts/lib/demo-identities';

/** Debian's chromium, headless; never a downloaded browser. scripts/install.sh --browser installs it. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}

/** Opens the app in a new page and signs in as a demo user, waiting until the app says who is signed in. */
export async function signedInPage(browser: Browser, url: string, username: string): Promise<Page> {
  const user = DEMO_USERS.find((u) => u.username === username);
  if (!user) throw new Error(`${username} is not a demo user`);
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.goto(url);
  await page.getByTestId('login-username').fill(user.username);
  await page.getByTestId('login-password').fill(user.password);
  await page.getByTestId('login-button').click();
  await page.getByTestId('signed-in-user').waitFor();
  return page;
}
