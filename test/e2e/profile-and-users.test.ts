import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, signedInPage, watchCsp } from '../support/browser';
import { eventually } from '../support/eventually';
import { PHONE, horizontalOverflow, screenshotForDocs } from '../support/page-checks';
import { TestSystem } from '../support/test-system';

interface Listed {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  roles: string[];
  available: boolean;
  timeZone: string | null;
}

/**
 * Ada, the admin, creates an agent on admin/users (after a refused username named at its field); the new
 * agent, on a phone, fills in their profile, goes away for new tickets and changes their password; then
 * Ada signs them out everywhere and their open browser is back at the sign-in page.
 */
describe('browser: the admin creates a user, who keeps their own profile', () => {
  let system: TestSystem;
  let browser: Browser;
  const pages: Page[] = [];
  const tag = randomUUID().slice(0, 8);
  const username = `pat-${tag}`;
  const firstPassword = `first-pass-${tag}`;
  const newPassword = `second-pass-${tag}`;
  let agentPage: Page;

  const listed = async (): Promise<Listed> => {
    for (let offset = 0; ; offset += 100) {
      const res = await system.injectAs('admin', { method: 'GET', url: `/users?limit=100&offset=${offset}` });
      const { items } = res.result as { items: Listed[] };
      const found = items.find((u) => u.username === username);
      if (found || !items.length) return found!;
    }
  };
  const signIn = async (name: string, password: string, viewport = PHONE): Promise<Page> => {
    const page = await browser.newPage({ viewport });
    pages.push(page);
    await watchCsp(page);
    await page.goto(`${system.url}/profile`);
    await page.getByTestId('login-username').fill(name);
    await page.getByTestId('login-password').fill(password);
    await page.getByTestId('login-button').click();
    return page;
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

  it('creates an agent on admin/users, a bad username named at its field', async () => {
    const page = await signedInPage(browser, `${system.url}/admin/users`, 'admin');
    pages.push(page);
    await page.getByTestId('user-row').first().waitFor();
    await page.getByTestId('user-new').click();

    await page.getByTestId('user-create-username').fill(`Pat ${tag}`);
    await page.getByTestId('user-create-name').fill(`Pat Quinn ${tag}`);
    await page.getByTestId('user-create-email').fill(`pat-${tag}@flowdesk.example`);
    await page.getByTestId('user-create-password').fill(firstPassword);
    await page.getByTestId('user-create-save').click();
    await eventually(async () => expect(await page.getByTestId('user-create-username-error').textContent()).toMatch(/\S/));

    await page.getByTestId('user-create-username').fill(username);
    await page.getByTestId('user-create-save').click();
    await eventually(async () => expect(await page.getByTestId('users-notice').textContent()).toContain(`Pat Quinn ${tag}`));
    await eventually(async () => expect(await page.locator(`[data-testid="user-row"][data-username="${username}"]`).count()).toBe(1));
    await page.getByTestId('user-create-form').waitFor({ state: 'detached' });

    const user = await listed();
    expect({ roles: user.roles, email: user.email, available: user.available }).toEqual({
      roles: ['agent'],
      email: `pat-${tag}@flowdesk.example`,
      available: true,
    });
  });

  it('lets the new agent edit their profile, go away and change their password on a phone', async () => {
    agentPage = await signIn(username, firstPassword);
    const page = agentPage;
    await eventually(async () => expect(await page.getByTestId('profile-username').textContent()).toBe(username));
    await eventually(async () => expect(await page.getByTestId('profile-name').inputValue()).toBe(`Pat Quinn ${tag}`));

    // A phone number with letters is refused at its field; the rest is saved once it is fixed.
    await page.getByTestId('profile-name').fill(`Pat Q. ${tag}`);
    await page.getByTestId('profile-phone').fill('call me');
    await page.getByTestId('profile-time-zone').selectOption('Europe/Vilnius');
    await page.getByTestId('profile-save').click();
    await eventually(async () => expect(await page.getByTestId('profile-phone-error').textContent()).toMatch(/\S/));
    await page.getByTestId('profile-phone').fill('+370 600 12345');
    await page.getByTestId('profile-save').click();
    await eventually(async () => expect(await page.getByTestId('profile-saved').textContent()).toContain('Saved'));
    await eventually(async () => expect(await page.getByTestId('signed-in-user').textContent()).toBe(`Pat Q. ${tag}`));
    await screenshotForDocs(page, 'profile-phone.png');

    // Away: routing skips them from now on.
    await page.getByTestId('availability-switch').click();
    await eventually(async () => expect(await page.getByTestId('availability-state').textContent()).toContain('Away'));
    await eventually(async () => expect((await listed()).available).toBe(false));
    const user = await listed();
    expect({ displayName: user.displayName, timeZone: user.timeZone }).toEqual({
      displayName: `Pat Q. ${tag}`,
      timeZone: 'Europe/Vilnius',
    });

    // A repetition that differs is caught before sending; a wrong current password is named by the API.
    await page.getByTestId('password-current').fill('not-my-password');
    await page.getByTestId('password-new').fill(newPassword);
    await page.getByTestId('password-repeat').fill(`${newPassword}x`);
    await page.getByTestId('password-save').click();
    await eventually(async () => expect(await page.getByTestId('password-repeat-error').textContent()).toMatch(/does not match/));
    await page.getByTestId('password-repeat').fill(newPassword);
    await page.getByTestId('password-save').click();
    await eventually(async () => expect(await page.getByTestId('password-current-error').textContent()).toMatch(/\S/));
    await page.getByTestId('password-current').fill(firstPassword);
    await page.getByTestId('password-save').click();
    await eventually(async () => expect(await page.getByTestId('password-saved').textContent()).toContain('Password changed'));

    const { scrollWidth, innerWidth } = await horizontalOverflow(page);
    expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
    const old = await system.server.inject({ method: 'POST', url: '/auth/login', payload: { username, password: firstPassword } });
    expect(old.statusCode).toBe(401);
  });

  it('signs the agent out everywhere from admin/users', async () => {
    // Signed in again with the new password (a password change may end the older sessions).
    agentPage = await signIn(username, newPassword);
    await eventually(async () => expect(await agentPage.getByTestId('profile-username').textContent()).toBe(username));

    const page = await signedInPage(browser, `${system.url}/admin/users`, 'admin');
    pages.push(page);
    await page.getByTestId('users-filter').fill(username);
    const row = page.locator(`[data-testid="user-row"][data-username="${username}"]`);
    await row.getByTestId('user-sign-out').click();
    await page.getByTestId('confirm-ok').click();
    await eventually(async () => expect(await page.getByTestId('users-notice').textContent()).toContain('signed out everywhere'));

    // Their open browser cannot refresh its session any more: the next page load lands on the sign-in page.
    await agentPage.reload();
    await agentPage.getByTestId('login-username').waitFor();
  });
});
