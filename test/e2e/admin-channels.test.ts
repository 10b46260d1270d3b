import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { phoneSignature } from '../../service-catalog/chat/domain/phone-calls';
import { Organization } from '../../service-catalog/identity/domain/organization.entity';
import { cspViolationsOf, launchChromium, signedInPage } from '../support/browser';
import { accessibleAndFitsPhone, screenshotForDocs } from '../support/page-checks';
import { TestSystem } from '../support/test-system';

/** axe-core's own bundle, injected through the DevTools protocol (the page's CSP does not apply). */

/**
 * Ada, the admin, sets up Baltic's channels (issue 25): a widget site key for its shop (a bad origin
 * named next to its field; the key works from the allowed origin only), a telephony line whose secret
 * is shown once and signs the PBX's events, and a group's chat wait time and hours on admin/groups. A spammed
 * site and a line that moved are renamed and switched off (after a confirmation) and back on: switched off,
 * the contact form and the PBX's signed events are refused, and the screen says since when, after a reload too.
 */
describe('browser: the admin sets up the chat widget, a phone line and a group’s chat queue', () => {
  let system: TestSystem;
  let browser: Browser;
  let page: Page | undefined;
  let baltic: string;
  const tag = randomUUID().slice(0, 8);

  beforeAll(async () => {
    system = await TestSystem.start({ listen: true });
    browser = await launchChromium();
    baltic = (await system.adminEm().findOneOrFail(Organization, { name: 'Baltic Retail UAB' })).id;
  }, 300_000);
  afterAll(async () => {
    await page?.goto('about:blank').catch(() => undefined);
    await browser?.close();
    await system?.close();
  });

  /** A PBX's call event on a line, signed with `key`. */
  const callEvent = (lineId: string, key: string, callId: string) => {
    const raw = JSON.stringify({ callId, event: 'started', callerNumber: '+370 600 00000' });
    const timestamp = String(Math.floor(Date.now() / 1000));
    return system.server.inject({
      method: 'POST',
      url: '/phone/events',
      headers: {
        'content-type': 'application/json',
        'x-flowdesk-line': lineId,
        'x-flowdesk-timestamp': timestamp,
        'x-flowdesk-signature': phoneSignature(key, timestamp, raw),
      },
      payload: raw,
    });
  };

  it('issues a site key allowed on the listed origin only', async () => {
    page = await signedInPage(browser, `${system.url}/admin/channels`, 'admin');
    await page.getByTestId('chat-sites-admin').waitFor();
    await page.getByTestId('site-organization').locator(`option[value="${baltic}"]`).waitFor({ state: 'attached' });
    await page.getByTestId('site-organization').selectOption(baltic);
    await page.getByTestId('site-name').fill(`Shop ${tag}`);
    await page.getByTestId('site-origins').fill('not-an-origin');
    await page.getByTestId('site-create').click();
    await page.getByTestId('site-origins-error').filter({ hasText: /\S/ }).waitFor();

    const origin = `https://shop-${tag}.example`;
    await page.getByTestId('site-origins').fill(`${origin}/any/path`);
    await page.getByTestId('site-create').click();
    const row = page.getByTestId(`site-Shop ${tag}`);
    await row.getByTestId('site-origins-list').filter({ hasText: origin }).waitFor();
    const snippet = (await row.getByTestId('site-snippet').textContent())!;
    const siteKey = /data-site-key="(fdk_[^"]+)"/.exec(snippet)![1]!;
    expect(snippet).toContain(`${system.url}/widget.js`);

    const availability = (from: string) =>
      system.server.inject({ method: 'GET', url: `/chat/availability?siteKey=${siteKey}`, headers: { origin: from } });
    expect((await availability(origin)).statusCode).toBe(200);
    expect((await availability('https://elsewhere.example')).statusCode).toBe(403);

    // The list is the API's: still there after a reload.
    await page.reload();
    await page.getByTestId(`site-Shop ${tag}`).getByTestId('site-snippet').filter({ hasText: siteKey }).waitFor();
    expect(cspViolationsOf(page)).toEqual([]);
  });

  it('adds a phone line whose secret, shown once, signs the PBX’s call events', async () => {
    page = await signedInPage(browser, `${system.url}/admin/channels`, 'admin');
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: system.url });
    await page.getByTestId('phone-lines-admin').waitFor();
    await page.getByTestId('line-name').fill(`PBX ${tag}`);
    await page.getByTestId('line-create').click();
    await page.getByTestId('line-organization-error').filter({ hasText: /\S/ }).waitFor();

    await page.getByTestId('line-organization').locator(`option[value="${baltic}"]`).waitFor({ state: 'attached' });
    await page.getByTestId('line-organization').selectOption(baltic);
    await page.getByTestId('line-create').click();
    const secret = (await page.getByTestId('line-secret-value').textContent())!.trim();
    await page.getByTestId('line-copy').click();
    await expect(page.evaluate('navigator.clipboard.readText()')).resolves.toBe(secret);
    const lineId = /X-Flowdesk-Line: (\S+)/.exec((await page.getByTestId(`line-PBX ${tag}`).getByTestId('line-id').textContent())!)![1]!;

    const post = (key: string) => callEvent(lineId, key, `call-${tag}`);
    expect((await post('a-wrong-secret')).statusCode).toBe(403);
    expect((await post(secret)).statusCode).toBe(200);

    // Gone once dismissed and after a reload; the list keeps the line id only.
    await page.getByTestId('line-secret-done').click();
    await page.reload();
    await page.getByTestId(`line-PBX ${tag}`).waitFor();
    await expect(page.getByTestId('line-secret').count()).resolves.toBe(0);
    await expect(page.locator('body').textContent()).resolves.not.toContain(secret);
    await screenshotForDocs(page, 'admin-channels.png');
    expect(cspViolationsOf(page)).toEqual([]);
  });

  it('sets a group’s chat wait time and hours on admin/groups', async () => {
    const key = `chat-${tag}`;
    expect((await system.injectAs('admin', { method: 'POST', url: '/groups', payload: { key, name: `Chat ${tag}` } })).statusCode).toBe(
      201,
    );
    const calendar = await system.injectAs('admin', {
      method: 'POST',
      url: '/business-calendars',
      payload: {
        name: `Chat hours ${tag}`,
        definition: { timeZone: 'Europe/Vilnius', weekly: { '1': [{ start: '09:00', end: '17:00' }] }, holidays: [] },
      },
    });
    expect(calendar.statusCode).toBe(201);
    const calendarId = (calendar.result as { id: string }).id;

    page = await signedInPage(browser, `${system.url}/admin/groups`, 'admin');
    await page.getByTestId(`group-${key}`).getByRole('button').click();
    const panel = page.getByTestId('group-chat-queue');
    await panel.and(page.locator(`[data-loaded="${key}"]`)).waitFor();
    await expect(panel.getByTestId('queue-offer').inputValue()).resolves.toBe('180');

    await panel.getByTestId('queue-offer').fill('5');
    await panel.getByTestId('queue-save').click();
    await panel.getByTestId('queue-offer-error').filter({ hasText: /\S/ }).waitFor();

    await panel.getByTestId('queue-offer').fill('240');
    await panel.getByTestId('queue-calendar').locator(`option[value="${calendarId}"]`).waitFor({ state: 'attached' });
    await panel.getByTestId('queue-calendar').selectOption(calendarId);
    await panel.getByTestId('queue-save').click();
    await panel.getByTestId('queue-saved').waitFor();
    const queues = (await system.injectAs('admin', { method: 'GET', url: '/chat-queues' })).result as Array<{ groupKey: string }>;
    expect(queues.find((q) => q.groupKey === key)).toEqual({ groupKey: key, offerSeconds: 240, calendarId });

    // Read back on a fresh page.
    await page.reload();
    await page.getByTestId(`group-${key}`).getByRole('button').click();
    await page
      .getByTestId('group-chat-queue')
      .and(page.locator(`[data-loaded="${key}"]`))
      .waitFor();
    await expect(page.getByTestId('queue-offer').inputValue()).resolves.toBe('240');
    await expect(page.getByTestId('queue-calendar').inputValue()).resolves.toBe(calendarId);

    // The group with its chat panel open (the accessibility e2e opens the page with none selected).
    // The members panel above it is wider than a phone on its own (issue 23's, not this one's): it is set
    // aside so this checks the chat panel.
    const shown = page;
    const hideMembers = () => shown.evaluate(`document.querySelector('app-group-members').style.display = 'none'`).then(() => undefined);
    expect(await accessibleAndFitsPhone(shown, hideMembers)).toEqual({ violations: [], tooWide: [] });
    expect(cspViolationsOf(page)).toEqual([]);
  });

  it('switches a site key and a phone line off, says so after a reload, and turns them back on', async () => {
    const origin = `https://switch-${tag}.example`;
    const siteName = `Spammed ${tag}`;
    const created = await system.injectAs('admin', {
      method: 'POST',
      url: '/chat-sites',
      payload: { organizationId: baltic, name: siteName, allowedOrigins: [origin], ticketType: 'incident' },
    });
    expect(created.statusCode).toBe(201);
    const siteKey = (created.result as { siteKey: string }).siteKey;
    const added = await system.injectAs('admin', {
      method: 'POST',
      url: '/phone-lines',
      payload: { organizationId: baltic, name: `Old ${tag}` },
    });
    expect(added.statusCode).toBe(201);
    const { id: lineId, secret } = added.result as { id: string; secret: string };
    let calls = 0;
    const call = () => callEvent(lineId, secret, `switch-${tag}-${++calls}`);
    const contact = () =>
      system.server.inject({
        method: 'POST',
        url: '/contact',
        headers: { origin },
        payload: { siteKey, name: 'Ona', email: 'ona@shop.example', subject: `Hello ${tag}`, message: 'Is the shop open on Sunday?' },
      });
    expect((await contact()).statusCode).toBe(202);

    page = await signedInPage(browser, `${system.url}/admin/channels`, 'admin');
    const site = page.getByTestId(`site-${siteName}`);
    const siteState = site.getByTestId('site-state');
    await siteState.and(page.locator('[data-active="true"]')).filter({ hasText: 'On' }).waitFor();

    // Given a site key: turning it off asks first; Cancel keeps it on
    await site.getByRole('button', { name: `Turn off ${siteName}` }).click();
    await page.getByRole('alertdialog', { name: `Turn off the site key “${siteName}”?` }).waitFor();
    await page.locator('[data-testid="confirm-cancel"]:focus').waitFor();
    await page.getByTestId('confirm-cancel').click();
    await page.getByRole('alertdialog').waitFor({ state: 'detached' });
    await expect(siteState.getAttribute('data-active')).resolves.toBe('true');
    // When the admin confirms, the row says since when it is off, and the contact form is refused
    await site.getByRole('button', { name: `Turn off ${siteName}` }).click();
    await page.getByTestId('confirm-ok').click();
    await siteState
      .and(page.locator('[data-active="false"]'))
      .filter({ hasText: /Off since \S/ })
      .waitFor();
    await page.getByRole('alertdialog').waitFor({ state: 'detached' });
    const refused = await contact();
    expect(refused.statusCode).toBe(403);
    expect(refused.result).toMatchObject({ code: 'CHAT_SITE_DISABLED' });
    const widget = await system.server.inject({ method: 'GET', url: `/chat/availability?siteKey=${siteKey}`, headers: { origin } });
    expect(widget.statusCode).toBe(403);

    // Given the line that moved: a blank name is named next to the field; it is renamed, then turned off
    const newName = `Moved ${tag}`;
    const oldLine = page.getByTestId(`line-Old ${tag}`);
    await oldLine.getByRole('button', { name: `Rename Old ${tag}` }).click();
    await oldLine.getByTestId('line-rename-name').fill(' ');
    await oldLine.getByTestId('line-rename-save').click();
    await oldLine.getByTestId('line-rename-error').filter({ hasText: /\S/ }).waitFor();
    await oldLine.getByTestId('line-rename-name').fill(newName);
    await oldLine.getByTestId('line-rename-save').click();
    const line = page.getByTestId(`line-${newName}`);
    await line.getByTestId('line-id').filter({ hasText: lineId }).waitFor();
    await expect(line.getByTestId('line-rename-name').count()).resolves.toBe(0);
    expect((await call()).statusCode).toBe(200);
    await line.getByRole('button', { name: `Turn off ${newName}` }).click();
    await page.getByRole('alertdialog', { name: `Turn off the line “${newName}”?` }).waitFor();
    await page.getByTestId('confirm-ok').click();
    await line.getByTestId('line-state').and(page.locator('[data-active="false"]')).waitFor();
    await page.getByRole('alertdialog').waitFor({ state: 'detached' });
    const refusedCall = await call();
    expect(refusedCall.statusCode).toBe(403);
    expect(refusedCall.result).toMatchObject({ code: 'PHONE_LINE_DISABLED' });

    // Then both are shown off after a reload: the list is the API's
    await page.reload();
    await siteState
      .and(page.locator('[data-active="false"]'))
      .filter({ hasText: /Off since \S/ })
      .waitFor();
    await line
      .getByTestId('line-state')
      .and(page.locator('[data-active="false"]'))
      .filter({ hasText: /Off since \S/ })
      .waitFor();
    await expect(line.getByRole('button', { name: `Turn back on ${newName}` }).count()).resolves.toBe(1);

    // The screen with a record switched off: no serious axe finding, nothing wider than a phone
    expect(await accessibleAndFitsPhone(page)).toEqual({ violations: [], tooWide: [] });

    // When they are turned back on (no question asked), the contact form and the PBX get through again
    await site.getByRole('button', { name: `Turn back on ${siteName}` }).click();
    await siteState.and(page.locator('[data-active="true"]')).filter({ hasText: 'On' }).waitFor();
    await line.getByRole('button', { name: `Turn back on ${newName}` }).click();
    await line.getByTestId('line-state').and(page.locator('[data-active="true"]')).waitFor();
    await expect(page.getByRole('alertdialog').count()).resolves.toBe(0);
    expect((await contact()).statusCode).toBe(202);
    expect((await call()).statusCode).toBe(200);
    await page.reload();
    await siteState.and(page.locator('[data-active="true"]')).waitFor();
    await line.getByTestId('line-state').and(page.locator('[data-active="true"]')).waitFor();
    expect(cspViolationsOf(page)).toEqual([]);
  });
});
