import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { phoneSignature } from '../../service-catalog/chat/domain/phone-calls';
import { Organization } from '../../service-catalog/identity/domain/organization.entity';
import { cspViolationsOf, launchChromium, signedInPage } from '../support/browser';
import { DESKTOP, PHONE, elementsWiderThanScreen } from '../support/page-checks';
import { TestSystem } from '../support/test-system';

/** axe-core's own bundle, injected through the DevTools protocol (the page's CSP does not apply). */
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Ada, the admin, registers Baltic's Slack bridge on admin/messaging (issue 25): a bad reply URL is
 * named next to its field; the inbound secret, shown once, signs the bridge's messages; rotating it
 * with a grace shows the new one once and keeps the old one valid until the time shown; rotating
 * again with no grace refuses the old one at once. The screen passes axe and fits a 390 px phone. A bridge
 * is switched off after a confirmation (its signed messages are refused, the screen says since when, after
 * a reload too) and back on.
 */
describe('browser: the admin registers a messaging bridge and rotates its secret', () => {
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

  let n = 0;
  const post = (connectionId: string, secret: string) => {
    const raw = JSON.stringify({
      messageId: `m-${tag}-${++n}`,
      conversationId: `c-${tag}`,
      sender: { externalId: `U-${tag}`, name: 'Ieva' },
      text: `message ${n}`,
    });
    const timestamp = String(Math.floor(Date.now() / 1000));
    return system.server.inject({
      method: 'POST',
      url: `/messaging/${connectionId}/messages`,
      headers: {
        'content-type': 'application/json',
        'x-flowdesk-timestamp': timestamp,
        'x-flowdesk-signature': phoneSignature(secret, timestamp, raw),
      },
      payload: raw,
    });
  };

  it('shows the secret once, rotates it with a grace and then at once, on a desktop and a phone', async () => {
    page = await signedInPage(browser, `${system.url}/admin/messaging`, 'admin');
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: system.url });
    await page.getByTestId('messaging-admin').waitFor();
    // Given a bad reply URL: named next to its field
    await page.getByTestId('bridge-organization').locator(`option[value="${baltic}"]`).waitFor({ state: 'attached' });
    await page.getByTestId('bridge-organization').selectOption(baltic);
    await page.getByTestId('bridge-name').fill(`Slack ${tag}`);
    await page.getByTestId('bridge-url').fill('not a url');
    await page.getByTestId('bridge-create').click();
    await page.getByTestId('bridge-url-error').filter({ hasText: /\S/ }).waitFor();

    // When it is registered without one, its inbound secret is shown once and signs the bridge's messages
    await page.getByTestId('bridge-url').fill('');
    await page.getByTestId('bridge-create').click();
    const original = (await page.getByTestId('bridge-inbound-secret').textContent())!.trim();
    await page.getByTestId('bridge-copy').click();
    await expect(page.evaluate('navigator.clipboard.readText()')).resolves.toBe(original);
    const row = page.getByTestId(`bridge-Slack ${tag}`);
    const connectionId = /\/messaging\/(\S+)\/messages/.exec((await row.getByTestId('bridge-id').textContent())!)![1]!;
    expect((await post(connectionId, original)).statusCode).toBe(200);
    await page.getByTestId('bridge-secret-done').click();

    // When the admin rotates it keeping the old one for an hour
    await page.reload();
    await row.getByTestId('bridge-rotation').filter({ hasText: 'never rotated' }).waitFor();
    await expect(page.locator('body').textContent()).resolves.not.toContain(original);
    await row.getByTestId('bridge-grace').selectOption({ label: 'Accept the old secret for 1 hour' });
    await row.getByTestId('bridge-rotate').click();
    const shown = page.getByTestId('bridge-secret');
    await shown.filter({ hasText: 'The old secret is accepted until' }).waitFor();
    const second = (await page.getByTestId('bridge-inbound-secret').textContent())!.trim();
    expect(second).not.toBe(original);
    // Then both open the bridge, and the list says until when the old one does
    expect((await post(connectionId, second)).statusCode).toBe(200);
    expect((await post(connectionId, original)).statusCode).toBe(200);
    await row.getByTestId('bridge-rotation').filter({ hasText: 'old secret accepted until' }).waitFor();

    // The screen on a desktop and a phone, with a secret shown: no serious axe finding, nothing wider than the phone
    for (const viewport of [DESKTOP, PHONE]) {
      await page.setViewportSize(viewport);
      await page.waitForTimeout(300);
      await page.evaluate(AXE_SOURCE);
      const violations = await page.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id + ': ' + v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')))`);
      expect({ viewport, violations }).toEqual({ viewport, violations: [] });
      if (viewport === PHONE) expect(await elementsWiderThanScreen(page)).toEqual([]);
    }
    if (process.env.FLOWDESK_SCREENSHOTS) await page.screenshot({ path: 'docs/admin-messaging-phone.png', fullPage: true });
    await page.setViewportSize(DESKTOP);

    // When it is rotated again with no grace (a leaked secret), the old one is refused at once
    await page.getByTestId('bridge-secret-done').click();
    await row.getByTestId('bridge-grace').selectOption({ label: 'Refuse the old secret at once (it leaked)' });
    await row.getByTestId('bridge-rotate').click();
    await shown.filter({ hasText: 'The old secret is refused from now on' }).waitFor();
    const third = (await page.getByTestId('bridge-inbound-secret').textContent())!.trim();
    expect((await post(connectionId, second)).statusCode).toBe(401);
    expect((await post(connectionId, original)).statusCode).toBe(401);
    expect((await post(connectionId, third)).statusCode).toBe(200);
    if (process.env.FLOWDESK_SCREENSHOTS) await page.screenshot({ path: 'docs/admin-messaging.png' });
    expect(cspViolationsOf(page)).toEqual([]);
  }, 180_000);

  it('switches a bridge off, says so after a reload, and turns it back on', async () => {
    const name = `Teams ${tag}`;
    const created = await system.injectAs('admin', {
      method: 'POST',
      url: '/messaging-connections',
      payload: { organizationId: baltic, name, kind: 'teams', outboundUrl: null },
    });
    expect(created.statusCode).toBe(201);
    const { id, inboundSecret } = created.result as { id: string; inboundSecret: string };
    expect((await post(id, inboundSecret)).statusCode).toBe(200);

    page = await signedInPage(browser, `${system.url}/admin/messaging`, 'admin');
    const row = page.getByTestId(`bridge-${name}`);
    const state = row.getByTestId('bridge-state');
    await state.and(page.locator('[data-active="true"]')).filter({ hasText: 'On' }).waitFor();

    // When the admin turns it off and confirms, the row says since when, and its signed messages are refused
    await row.getByRole('button', { name: `Turn off ${name}` }).click();
    await page.getByRole('alertdialog', { name: `Turn off the bridge “${name}”?` }).waitFor();
    await page.getByTestId('confirm-ok').click();
    await state
      .and(page.locator('[data-active="false"]'))
      .filter({ hasText: /Off since \S/ })
      .waitFor();
    await page.getByRole('alertdialog').waitFor({ state: 'detached' });
    const refused = await post(id, inboundSecret);
    expect(refused.statusCode).toBe(403);
    expect(refused.result).toMatchObject({ code: 'MESSAGING_CONNECTION_DISABLED' });

    // Then it is still off after a reload; turned back on (no question asked), its messages get through again
    await page.reload();
    await state
      .and(page.locator('[data-active="false"]'))
      .filter({ hasText: /Off since \S/ })
      .waitFor();
    await row.getByRole('button', { name: `Turn back on ${name}` }).click();
    await state.and(page.locator('[data-active="true"]')).waitFor();
    await expect(page.getByRole('alertdialog').count()).resolves.toBe(0);
    expect((await post(id, inboundSecret)).statusCode).toBe(200);
    await page.reload();
    await state.and(page.locator('[data-active="true"]')).waitFor();
    const listed = (await system.injectAs('admin', { method: 'GET', url: '/messaging-connections' })).result as Array<{
      id: string;
      active: boolean;
      disabledAt: string | null;
    }>;
    expect(listed.find((c) => c.id === id)).toMatchObject({ active: true, disabledAt: null });
    expect(cspViolationsOf(page)).toEqual([]);
  });
});
