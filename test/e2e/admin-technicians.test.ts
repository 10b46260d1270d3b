import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { cspViolationsOf, launchChromium, signedInPage } from '../support/browser';
import { eventually } from '../support/eventually';
import { PHONE, elementsWiderThanScreen, screenshotForDocs } from '../support/page-checks';
import { TestSystem } from '../support/test-system';
import type { Body } from '../support/json-body';

/**
 * Issue 23 in the browser: Ada, the admin, gives a new technician a field profile on admin/technicians (skills with
 * levels, territory, weekly hours, home base), changes it, records an absence and takes it back; the same screen
 * fits a phone.
 */
describe('browser: technicians’ profiles and absences', () => {
  let system: TestSystem;
  let browser: Browser;
  let page: Page | undefined;
  const tag = `t${randomUUID().slice(0, 8)}`;
  const username = `tech-${tag}`;
  const displayName = `Tadas Technician ${tag}`;
  let userId = '';

  beforeAll(async () => {
    system = await TestSystem.start({ listen: true });
    const res = await system.injectAs('admin', {
      method: 'POST',
      url: '/users',
      payload: { username, displayName, roles: ['technician'] },
    });
    expect(res.statusCode).toBe(201);
    userId = (res.result as Body).id;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await page?.goto('about:blank').catch(() => undefined);
    await browser?.close();
    await system?.close();
  });

  const profile = async () =>
    ((await system.injectAs('admin', { method: 'GET', url: '/technicians?limit=500' })).result as Body).items.find(
      (t: Body) => t.userId === userId,
    );
  const row = () => page!.locator(`[data-testid="technician-row"][data-user="${username}"]`);

  it('creates a profile, refusing a skill without a level, then changes it', async () => {
    page = await signedInPage(browser, `${system.url}/admin/users`, 'admin');
    await page.getByTestId('admin-technicians-link').click();
    await page.waitForURL('**/admin/technicians');
    await page.getByTestId('technician-new').click();
    const form = page.getByTestId('technician-form');
    await form.getByTestId('technician-user').selectOption(userId);
    await form.getByTestId('technician-skills').fill('hvac');
    await form.getByTestId('technician-latitude').fill('54.69');
    await form.getByTestId('technician-longitude').fill('25.28');
    await form.getByTestId('technician-save').click();
    // A skill without a level is caught beside the field before anything is sent.
    await eventually(async () => expect(await form.getByTestId('technician-skills-error').innerText()).toContain('key:level'));
    expect(await profile()).toBeUndefined();
    await form.getByTestId('technician-skills').fill('hvac:3, gas-safety:2');
    await form.getByTestId('technician-territories').fill('vilnius');
    await form.getByTestId('technician-hours-6').fill('09:00-13:00');
    await form.getByTestId('technician-save').click();
    await row().waitFor();
    expect(await row().getByTestId('technician-skills-cell').innerText()).toBe('hvac 3 · gas-safety 2');
    const created = await profile();
    expect(created).toMatchObject({
      skills: { hvac: 3, 'gas-safety': 2 },
      territories: ['vilnius'],
      homeBase: { latitude: 54.69, longitude: 25.28 },
      version: 1,
    });
    expect(created.workingHours['1']).toEqual([{ start: '08:00', end: '17:00' }]);
    expect(created.workingHours['6']).toEqual([{ start: '09:00', end: '13:00' }]);
    expect(created.workingHours['7']).toBeUndefined();

    // The form now holds the saved profile: a change is sent with its version.
    await form.getByRole('heading', { name: `Profile of ${displayName}` }).waitFor();
    await form.getByTestId('technician-skills').fill('hvac:4, gas-safety:2');
    await form.getByTestId('technician-save').click();
    await row().getByTestId('technician-skills-cell').filter({ hasText: 'hvac 4' }).waitFor();
    expect(await profile()).toMatchObject({ skills: { hvac: 4, 'gas-safety': 2 }, version: 2 });
    expect(cspViolationsOf(page)).toEqual([]);
  });

  it('records an absence and takes it back', async () => {
    page ??= await signedInPage(browser, `${system.url}/admin/technicians`, 'admin');
    await page.goto(`${system.url}/admin/technicians`);
    await row().getByTestId('technician-open').click();
    const absences = page.getByTestId('technician-absences');
    await absences.getByTestId('absences-empty').waitFor();
    await absences.getByTestId('absence-add').click();
    await eventually(async () => expect(await absences.getByTestId('absence-start-error').innerText()).not.toBe(''));
    await absences.getByTestId('absence-start').fill('2030-05-06T08:00');
    await absences.getByTestId('absence-end').fill('2030-05-04T08:00');
    await absences.getByTestId('absence-reason').fill('Training');
    await absences.getByTestId('absence-add').click();
    // The API refuses an end before the start and names the field.
    await eventually(async () => expect(await absences.getByTestId('absence-end-error').innerText()).not.toBe(''));
    await absences.getByTestId('absence-end').fill('2030-05-08T17:00');
    await absences.getByTestId('absence-add').click();
    await absences.getByTestId('absence-row').filter({ hasText: 'Training' }).waitFor();
    const read = async () =>
      ((await system.injectAs('tomas', { method: 'GET', url: `/technicians/${(await profile()).id}` })).result as Body).absences;
    expect(await read()).toEqual([expect.objectContaining({ reason: 'Training' })]);
    await screenshotForDocs(page, 'admin-technicians.png');

    await absences.getByTestId('absence-remove').click();
    await absences.getByTestId('absences-empty').waitFor();
    expect(await read()).toEqual([]);
    expect(cspViolationsOf(page)).toEqual([]);
  });

  it('fits a phone: the list as cards and the open profile, nothing wider than the screen', async () => {
    page ??= await signedInPage(browser, `${system.url}/admin/technicians`, 'admin');
    await page.setViewportSize(PHONE);
    await page.goto(`${system.url}/admin/technicians`);
    await row().waitFor();
    expect(await elementsWiderThanScreen(page)).toEqual([]);
    await row().getByTestId('technician-open').click();
    await page.getByTestId('technician-absences').waitFor();
    expect(await elementsWiderThanScreen(page)).toEqual([]);
    await screenshotForDocs(page, 'admin-technicians-phone.png');
  });
});
