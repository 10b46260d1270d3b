// Over 300 lines because the two journeys share one set-up: the technicians the board plans for are the ones who close the jobs.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ServerInjectResponse } from '@hapi/hapi';
import sharp from 'sharp';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Organization } from '../../service-catalog/identity/domain/organization.entity';
import { User } from '../../service-catalog/identity/domain/user.entity';
import { seriousAxeViolations } from '../support/axe';
import { launchChromium, signedInPage, watchCsp, cspViolationsOf } from '../support/browser';
import { eventually } from '../support/eventually';
import type { Body } from '../support/json-body';
import { DESKTOP, PHONE, elementsWiderThanScreen, screenshotForDocs } from '../support/page-checks';
import { repoFile } from '../support/repo-root';
import { TestSystem } from '../support/test-system';

const HOUR = 60 * 60_000;
/** The site in Kaunas, where the phone's GPS says the technician is when checking in. */
const SITE = { latitude: 54.8985, longitude: 23.9036 };

/**
 * Issue 19, the UI: a dispatcher plans the day on the board (drags one work order onto a technician,
 * assigns another from the suggestions), and a technician on a phone closes a job — checklist, parts,
 * a photo, the customer's signature, check-out — with the network cut; back online, the phone's
 * queue syncs and the server has applied every action once and kept the completion report.
 */
describe('browser: dispatch board and the offline technician app', () => {
  let system: TestSystem;
  let browser: Browser;
  let phone: BrowserContext | null = null;
  const pages: Page[] = [];
  const tag = randomUUID().slice(0, 8);
  const territory = `kaunas-${tag}`;
  const workType = `meter-${tag}`;
  const password = 'field-ui-pass-1';
  const techs = { ona: { id: '', user: `ona-${tag}` }, jonas: { id: '', user: `jonas-${tag}` } };
  const jobs = { dragged: '', suggested: '' };
  const windowStart = new Date(Date.now() - HOUR);
  const day = windowStart.toISOString().slice(0, 10);

  const as = (user: string, method: string, url: string, payload?: object) =>
    system.injectAs(user, { method, url, ...(payload ? { payload } : {}) });
  const ok = (res: ServerInjectResponse, status = 201): Body => {
    if (res.statusCode !== status) throw new Error(`${res.statusCode} ${res.payload}`);
    return res.result as Body;
  };
  const workOrder = async (number: string) => ok(await as('tomas', 'GET', `/work-orders/${number}`), 200);
  const reaches = (number: string, status: string) =>
    eventually(async () => {
      const w = await workOrder(number);
      if (w.status !== status) throw new Error(`${number} is ${w.status}, not ${status}`);
      return w;
    }, 90_000);

  beforeAll(async () => {
    const workOrderProcess = `work_order_ui_${tag}`;
    system = await TestSystem.start({ listen: true, ticketProcessIds: { incident: `none_${tag}`, work_order: workOrderProcess } });
    const xml = readFileSync(repoFile('workflows/processes/work-order.bpmn'), 'utf8').replace(/"work-order"/g, `"${workOrderProcess}"`);
    ok(await as('marta', 'POST', '/process-definitions', { xml }));
    ok(
      await as('marta', 'PUT', `/checklist-templates/${workType}`, {
        items: [
          { key: 'seal-checked', label: 'Meter seal intact', required: true },
          { key: 'reading-taken', label: 'Final reading taken', required: true },
        ],
      }),
      200,
    );
    // Parts come from the catalogue, which the phone keeps with its jobs: the technician picks them there.
    ok(await as('marta', 'POST', '/parts', { sku: `GM-G4-${tag}`, name: 'Gas meter G4', unit: 'pcs', unitPrice: 80, currency: 'EUR' }));
    ok(await as('marta', 'POST', '/parts', { sku: `CABLE-${tag}`, name: 'Meter cable', unit: 'm', unitPrice: 2.5, currency: 'EUR' }));
    const baltic = (await system.adminEm().findOneOrFail(Organization, { name: 'Baltic Retail UAB' })).id;
    // No incident behind these visits: the customer's contact named here gets the completion report.
    const rita = (await system.adminEm().findOneOrFail(User, { username: 'rita' })).id;
    const siteId = ok(await as('admin', 'POST', '/sites', { organizationId: baltic, name: `Kaunas depot ${tag}` })).id as string;
    ok(await as('tomas', 'PUT', `/sites/${siteId}/location`, { ...SITE, territory }), 200);
    const everyDay = Object.fromEntries(['1', '2', '3', '4', '5', '6', '7'].map((d) => [d, [{ start: '00:00', end: '23:59' }]]));
    for (const [name, tech] of Object.entries(techs)) {
      const user = ok(
        await as('admin', 'POST', '/users', {
          username: tech.user,
          displayName: `${name[0]!.toUpperCase()}${name.slice(1)} ${tag}`,
          roles: ['technician'],
          password,
          servedOrganizationIds: [baltic],
        }),
      );
      await system.tokenFor(tech.user, password);
      tech.id = ok(
        await as('admin', 'POST', '/technicians', {
          userId: user.id,
          skills: { meters: 3 },
          territories: [territory],
          workingHours: everyDay,
          homeBase: { latitude: 54.9 + (name === 'ona' ? 0.01 : 0.2), longitude: 23.9 },
        }),
      ).id as string;
    }
    for (const which of ['dragged', 'suggested'] as const)
      jobs[which] = ok(
        await as('tomas', 'POST', '/work-orders', {
          title: `Replace the gas meter (${which}) ${tag}`,
          organizationId: baltic,
          contactId: rita,
          siteId,
          workType,
          requiredSkills: [{ skill: 'meters', level: 2 }],
          priority: 'P3',
          window: { startsAt: windowStart.toISOString(), endsAt: new Date(windowStart.getTime() + 5 * HOUR).toISOString() },
        }),
      ).number as string;
    browser = await launchChromium();
  }, 300_000);
  afterAll(async () => {
    for (const page of pages) await page.goto('about:blank').catch(() => undefined);
    await phone?.close();
    await browser?.close();
    await system?.close();
  });

  // Each board step waits for the process to move; slow on a busy machine.
  it('plans the day on the board: a work order dragged onto a technician, another assigned from the suggestions', async () => {
    const page = await signedInPage(browser, system.url, 'tomas');
    pages.push(page);
    await page.setViewportSize(DESKTOP);
    await page.getByTestId('nav-dispatch').click();
    await page.getByTestId('board-from').fill(day);
    await page.getByTestId('board-days').selectOption('3');
    await page.getByTestId('board-territory').fill(territory);
    await page.getByTestId('board-load').click();
    await page.getByTestId(`board-row-${techs.ona.id}`).waitFor();
    const dragged = page.getByTestId(`board-job-${jobs.dragged}`);
    await dragged.waitFor();

    // Dragging onto Ona's row on the job's day assigns it through the process.
    await dragged.dragTo(page.getByTestId(`board-cell-${techs.ona.id}-${day}`));
    await page.getByTestId(`board-cell-${techs.ona.id}-${day}`).getByTestId(`board-assigned-${jobs.dragged}`).waitFor();
    await page.getByTestId('board-notice').filter({ hasText: jobs.dragged }).waitFor();
    expect((await reaches(jobs.dragged, 'dispatched')).technicianId).toBe(techs.ona.id);

    // The other job: its suggestions rank both technicians with reasons; one click assigns Jonas.
    await page.getByTestId(`board-job-${jobs.suggested}`).click();
    const jonas = page.getByTestId(`suggestion-${techs.jonas.id}`);
    await jonas.waitFor();
    await expect(jonas.textContent()).resolves.toMatch(/skills 1\/1 · free in the window · in territory · [\d.]+ km away · \d+ open jobs?/);
    await page.getByTestId(`suggestion-${techs.ona.id}`).waitFor();
    await screenshotForDocs(page, 'dispatch-board.png');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await jonas.getByRole('button', { name: 'Assign' }).click();
    await page.getByTestId(`board-cell-${techs.jonas.id}-${day}`).getByTestId(`board-assigned-${jobs.suggested}`).waitFor();
    expect((await reaches(jobs.suggested, 'dispatched')).technicianId).toBe(techs.jonas.id);

    // Reloaded from the server, the board shows both where they were put.
    await page.getByTestId('board-load').click();
    await page.getByTestId(`board-cell-${techs.ona.id}-${day}`).getByTestId(`board-assigned-${jobs.dragged}`).waitFor();
    await expect(page.getByTestId(`board-job-${jobs.dragged}`).count()).resolves.toBe(0);
    expect(cspViolationsOf(page)).toEqual([]);
  }, 300_000);

  it('moves a job nobody has started to another technician: dragged across, and back from its suggestions', async () => {
    const page = await signedInPage(browser, system.url, 'tomas');
    pages.push(page);
    await page.goto(`${system.url}/desk/dispatch`);
    await page.getByTestId('board-from').fill(day);
    await page.getByTestId('board-days').selectOption('1');
    await page.getByTestId('board-territory').fill(territory);
    await page.getByTestId('board-load').click();
    const cell = (tech: { id: string }) => page.getByTestId(`board-cell-${tech.id}-${day}`);
    const chip = (tech: { id: string }) => cell(tech).getByTestId(`board-assigned-${jobs.suggested}`);
    expect((await reaches(jobs.suggested, 'dispatched')).technicianId).toBe(techs.jonas.id);
    await chip(techs.jonas).waitFor();

    // Dragged from Jonas's day to Ona's: the process withdraws it from Jonas and dispatches it to Ona.
    await chip(techs.jonas).dragTo(cell(techs.ona));
    await page
      .getByTestId('board-notice')
      .filter({ hasText: `${jobs.suggested} moved to Ona` })
      .waitFor();
    await chip(techs.ona).waitFor();
    await expect(chip(techs.jonas).count()).resolves.toBe(0);
    expect((await workOrder(jobs.suggested)).technicianId).toBe(techs.ona.id);
    expect((await as(techs.jonas.user, 'GET', `/work-orders/${jobs.suggested}`)).statusCode).toBe(404);
    // Ona can take it: the process waits for her now (a 409 is the process one step short of it).
    await eventually(async () => {
      const res = await as(techs.ona.user, 'POST', `/work-orders/${jobs.suggested}/actions`, { action: 'accept' });
      if (res.statusCode === 409) throw new Error(res.payload);
      expect(res.statusCode).toBe(200);
    }, 60_000);
    await reaches(jobs.suggested, 'accepted');

    // Back to Jonas without dragging (a keyboard can do this): selected, its suggestions say who has it.
    await chip(techs.ona).click();
    await page.getByTestId(`suggestion-${techs.ona.id}`).filter({ hasText: 'has it now' }).waitFor();
    await page.getByTestId(`suggestion-${techs.jonas.id}`).getByRole('button', { name: 'Move here' }).click();
    await page
      .getByTestId('board-notice')
      .filter({ hasText: `${jobs.suggested} moved to Jonas` })
      .waitFor();
    await chip(techs.jonas).waitFor();
    await eventually(async () => {
      const w = await workOrder(jobs.suggested);
      if (w.status !== 'dispatched' || w.technicianId !== techs.jonas.id) throw new Error(`${w.status} ${w.technicianId}`);
    }, 90_000);

    // On a phone the board with its jobs still reads: no serious axe finding, nothing wider than the screen.
    await page.setViewportSize(PHONE);
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(await elementsWiderThanScreen(page)).toEqual([]);
    expect(cspViolationsOf(page)).toEqual([]);
  }, 300_000);

  // A whole day on a phone: offline steps, then a sync that uploads the photo and waits for the report; slow on a busy machine.
  it('closes a job on a phone with the network cut, and syncs every action once when it is back', async () => {
    const number = jobs.dragged;
    await reaches(number, 'dispatched');
    phone = await browser.newContext({
      viewport: PHONE,
      hasTouch: true,
      deviceScaleFactor: 2,
      timezoneId: 'UTC',
      geolocation: SITE,
      permissions: ['geolocation'],
    });
    const page = await phone.newPage();
    // The phone's first load builds the worker's cache beside the app: on a busy machine 30 s is short.
    page.setDefaultTimeout(90_000);
    pages.push(page);
    await watchCsp(page);
    await page.goto(`${system.url}/login?next=/tech/jobs`);
    await page.getByTestId('login-username').fill(techs.ona.user);
    await page.getByTestId('login-password').fill(password);
    await page.getByTestId('login-button').click();
    await page.getByTestId('signed-in-user').waitFor();
    await page.goto(`${system.url}/tech/jobs`);
    await page.getByTestId(`tech-job-${number}`).waitFor();
    page.on('console', (m) => {
      if (m.type() === 'error') console.log('CONSOLE', m.type(), m.text());
    });
    await page.locator(`[data-testid="jobs-map"] .pin-${number}`).waitFor();
    // Installable: the service worker (scope /tech/) registers under the app's CSP and the manifest is served.
    await expect(page.evaluate('navigator.serviceWorker.ready.then((r) => new URL(r.scope).pathname)')).resolves.toBe('/tech/');
    const manifest = await page.request.get(`${system.url}/manifest.webmanifest`);
    expect(((await manifest.json()) as Body).start_url).toBe('/tech/jobs');
    // The worker has cached the whole app (its prefetch group) before the network goes.
    const ngsw = (await (await page.request.get(`${system.url}/ngsw.json`)).json()) as Body;
    const appFiles = (ngsw.assetGroups as Body[]).find((g) => g.name === 'app')!.urls.length as number;
    await page.waitForFunction(
      `(async () => { for (const k of await caches.keys()) if (k.endsWith(':assets:app:cache'))
        return (await (await caches.open(k)).keys()).length >= ${appFiles}; return false; })()`,
      undefined,
      { timeout: 60_000, polling: 500 },
    );
    await screenshotForDocs(page, 'technician-jobs.png');
    expect(await seriousAxeViolations(page)).toEqual([]);

    // Opened again with no network at all: the worker serves the app, the jobs come from the phone's copy.
    await phone.setOffline(true);
    await page.goto(`${system.url}/tech/jobs`);
    await page.getByTestId('outbox-network').filter({ hasText: 'Offline' }).waitFor();
    await page.getByTestId(`tech-job-${number}`).click();
    await page.getByTestId('job-accept').waitFor();

    await page.getByTestId('job-accept').click();
    await page.getByTestId('job-travel').click();
    await page.getByTestId('job-check-in').click();
    await page.getByTestId('check-seal-checked').check();
    await page.getByTestId('check-reading-taken').check();
    // Parts are picked from the catalogue the phone fetched with its jobs (offline now): searched by name, in their units.
    await page.getByTestId('part-search').fill('gas meter');
    const pick = page.getByTestId('part-pick');
    // The list follows the search on the app's next render, not within the keystroke: wait for the cable to go.
    await pick.locator('option', { hasText: `CABLE-${tag}` }).waitFor({ state: 'detached' });
    await expect(pick.locator('option', { hasText: `GM-G4-${tag} — Gas meter G4 (pcs)` }).count()).resolves.toBe(1);
    await pick.selectOption(`GM-G4-${tag}`);
    // A fraction of a piece is refused on the phone, as the server would.
    await page.getByTestId('part-quantity').fill('1.5');
    await page.getByTestId('part-add').click();
    await page
      .getByTestId('job-error')
      .filter({ hasText: `GM-G4-${tag} is counted in whole pcs` })
      .waitFor();
    await page.getByTestId('part-quantity').fill('1');
    await page.getByTestId('part-description').fill('Gas meter G4');
    await page.getByTestId('part-add').click();
    await page.getByTestId('job-parts').getByText(`GM-G4-${tag}`).waitFor();
    // A search that leaves one part picks it; metres may be a fraction.
    await page.getByTestId('part-search').fill('meter cable');
    await expect(pick.inputValue()).resolves.toBe(`CABLE-${tag}`);
    await page.getByTestId('part-quantity').fill('2.5');
    await page.getByTestId('part-add').click();
    await page
      .getByTestId('job-parts')
      .filter({ hasText: `2.5 m CABLE-${tag} Meter cable` })
      .waitFor();
    const photo = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#7a8c99' } })
      .jpeg()
      .toBuffer();
    await page.getByTestId('job-photo').setInputFiles({ name: 'meter.jpg', mimeType: 'image/jpeg', buffer: photo });
    await page.getByTestId('job-photos').filter({ hasText: '1 photo taken' }).waitFor();
    await page.getByTestId('signer-name').fill('Rūta Petraitienė');
    await page.getByTestId('signature-pad').scrollIntoViewIfNeeded();
    const pad = (await page.getByTestId('signature-pad').boundingBox())!;
    await page.mouse.move(pad.x + 20, pad.y + 80);
    await page.mouse.down();
    for (const [dx, dy] of [
      [60, -50],
      [110, 20],
      [170, -40],
      [240, 30],
      [300, -20],
    ] as const)
      await page.mouse.move(pad.x + dx, pad.y + 80 + dy, { steps: 5 });
    await page.mouse.up();
    await page.getByTestId('job-sign-off').click();
    await page.getByTestId('job-check-out').waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page
      .getByTestId('outbox-queued')
      .filter({ hasText: /^9 queued$/ })
      .waitFor();
    await screenshotForDocs(page, 'technician-app.png');
    await page.getByTestId('job-check-out').click();
    await page.getByTestId('job-done').waitFor();
    await page
      .getByTestId('outbox-queued')
      .filter({ hasText: /^10 queued$/ })
      .waitFor();
    // Nothing reached the server while the phone was offline.
    expect((await workOrder(number)).status).toBe('dispatched');

    await phone.setOffline(false);
    await page.getByTestId('outbox-synced').waitFor({ timeout: 180_000 });
    await expect(page.getByTestId('outbox-conflicts').count()).resolves.toBe(0);
    const done = await eventually(async () => {
      const w = await workOrder(number);
      if (!['report_sent', 'closed'].includes(w.status)) throw new Error(`${number} is ${w.status}`);
      return w;
    }, 120_000);
    expect(done.checkIn).toMatchObject(SITE);
    expect(done.signerName).toBe('Rūta Petraitienė');
    expect(done.reportSentTo).toBe('rita@baltic-retail.example');
    expect(done.parts).toMatchObject([
      { partNumber: `GM-G4-${tag}`, name: 'Gas meter G4', description: 'Gas meter G4', quantity: 1, unit: 'pcs', unitPrice: '80.00' },
      { partNumber: `CABLE-${tag}`, name: 'Meter cable', description: '', quantity: 2.5, unit: 'm', unitPrice: '2.50' },
    ]);
    expect(done.checklist.map((c: Body) => [c.key, c.done])).toEqual([
      ['seal-checked', true],
      ['reading-taken', true],
    ]);
    // Every action applied once (the phone's, and the dispatcher's schedule before it), one photo, the report kept.
    const em = system.adminEm();
    const applied = (await em.execute(
      `select action, count(*)::int as n from audit_log where entity = 'WorkOrder' and entity_id = (select id::text from work_order where ticket_number = ?) and action like 'work-order.%' and actor_id is not null group by action order by action`,
      [number],
    )) as Body[];
    expect(Object.fromEntries(applied.map((r) => [r.action, r.n]))).toMatchObject({
      'work-order.accept': 1,
      'work-order.start-travel': 1,
      'work-order.check-in': 1,
      'work-order.sign-off': 1,
      'work-order.check-out': 1,
      'work-order.parts': 2,
      'work-order.schedule': 1,
    });
    const outcomes = (await em.execute(`select outcome, count(*)::int as n from sync_action where work_order_number = ? group by outcome`, [
      number,
    ])) as Body[];
    expect(outcomes).toEqual([{ outcome: 'applied', n: 9 }]);
    const photos = ok(await as(techs.ona.user, 'GET', `/work-orders/${number}/photos`), 200).items as Body[];
    expect(photos).toHaveLength(1);
    // Named by the phone's client id: a retry after a lost answer finds it and uploads nothing twice.
    expect(photos[0]!.filename).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}\.jpg$/);
    const report = await as('tomas', 'GET', `/work-orders/${number}/report.pdf`);
    expect(report.statusCode).toBe(200);
    expect(report.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    await page.getByTestId('job-done').waitFor();
    expect(cspViolationsOf(page)).toEqual([]);
  }, 420_000);
});
