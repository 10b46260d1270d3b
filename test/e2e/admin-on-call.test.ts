import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, signedInPage } from '../support/browser';
import { PHONE, elementsWiderThanScreen, horizontalOverflow, screenshotForDocs } from '../support/page-checks';
import { TestSystem } from '../support/test-system';

/**
 * Ada, the admin, gives a group of this run a weekly on-call rota and then an override for the next hours:
 * the panel says who is on call now, and by which.
 */
describe('browser: the admin sets a group’s on-call rota and an override', () => {
  let system: TestSystem;
  let browser: Browser;
  const pages: Page[] = [];
  const tag = randomUUID().slice(0, 8);
  const key = `oncall-${tag}`;
  const people = [`Olga On-call ${tag}`, `Oskar Cover ${tag}`];
  const ids: string[] = [];

  beforeAll(async () => {
    system = await TestSystem.start({ listen: true });
    const group = await system.injectAs('admin', { method: 'POST', url: '/groups', payload: { key, name: `On call ${tag}` } });
    expect(group.statusCode).toBe(201);
    for (const [i, displayName] of people.entries()) {
      const res = await system.injectAs('admin', {
        method: 'POST',
        url: '/users',
        payload: { username: `oc${i}-${tag}`, displayName, roles: ['agent'], groupIds: [(group.result as { id: string }).id] },
      });
      expect(res.statusCode).toBe(201);
      ids.push((res.result as { id: string }).id);
    }
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const page of pages) await page.goto('about:blank').catch(() => undefined);
    await browser?.close();
    await system?.close();
  });

  it('saves a rota that puts Olga on call today, then an override that puts Oskar on call now', async () => {
    const page = await signedInPage(browser, `${system.url}/admin/groups`, 'admin');
    pages.push(page);
    await page.getByTestId(`group-${key}`).getByRole('button').click();
    const panel = page.getByTestId('group-on-call');
    await panel.getByTestId('on-call-now').filter({ hasText: 'Nobody is on call now.' }).waitFor();

    // All of today (UTC), midnight to midnight.
    const weekday = ((new Date().getUTCDay() + 6) % 7) + 1;
    await panel.getByTestId('rota-time-zone').selectOption('UTC');
    await panel.getByTestId('shift-add').click();
    const shift = panel.getByTestId('rota-shift').first();
    await shift.getByTestId('shift-user').selectOption(ids[0]!);
    await shift.getByTestId('shift-weekday').selectOption({ index: weekday - 1 });
    await shift.getByTestId('shift-start').fill('00:00');
    await shift.getByTestId('shift-end').fill('00:00');
    await panel.getByTestId('rota-save').click();
    await panel
      .getByTestId('on-call-now')
      .filter({ hasText: `On call now: ${people[0]} (rota)` })
      .waitFor();

    // An override from an hour ago to two hours from now, in the browser's own time.
    const [from, until] = await page.evaluate(() => {
      const local = (d: Date) => new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
      return [local(new Date(Date.now() - 3_600_000)), local(new Date(Date.now() + 7_200_000))];
    });
    await panel.getByTestId('override-user').selectOption(ids[1]!);
    await panel.getByTestId('override-start').fill(from!);
    await panel.getByTestId('override-end').fill(until!);
    await panel.getByTestId('override-reason').fill('Swap with Olga');
    await panel.getByTestId('override-save').click();
    await panel
      .getByTestId('on-call-now')
      .filter({ hasText: `On call now: ${people[1]} (override)` })
      .waitFor();
    await panel.getByTestId('on-call-override').filter({ hasText: 'Swap with Olga' }).waitFor();

    const view = (await system.injectAs('admin', { method: 'GET', url: `/groups/${key}/on-call` })).result as {
      onCall: { id: string };
      rota: { timeZone: string; shifts: Array<{ userId: string; weekday: number }> };
    };
    expect({ onCall: view.onCall.id, timeZone: view.rota.timeZone, shifts: view.rota.shifts.map((s) => [s.userId, s.weekday]) }).toEqual({
      onCall: ids[1],
      timeZone: 'UTC',
      shifts: [[ids[0], weekday]],
    });

    await panel.scrollIntoViewIfNeeded();
    await screenshotForDocs(page, 'admin-on-call.png');

    // The same panel on a phone: nothing wider than the screen.
    await page.setViewportSize(PHONE);
    const { scrollWidth, innerWidth } = await horizontalOverflow(page);
    expect({ scrollWidth, tooWide: await elementsWiderThanScreen(page) }).toEqual({ scrollWidth: innerWidth, tooWide: [] });
  });
});
