import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { dialogSettled, launchChromium, signedInPage } from '../support/browser';
import { eventually } from '../support/eventually';
import { AuditLog } from '../../service-catalog/audit/audit-log.entity';
import { PHONE, elementsWiderThanScreen, screenshotForDocs } from '../support/page-checks';
import { repoFile } from '../support/repo-root';
import { TestSystem } from '../support/test-system';

const HOUR = 3_600_000;
const PROCESS_MOVES = { timeout: 60_000 };

/**
 * Marta sits on the CAB: her inbox shows a change with its risk, window, the blackout it falls into
 * and another change on a CI its own CI depends on (in the CMDB); she approves it, then records its
 * implementation on the change's page, and it closes. Another, raised from the calendar's dialog with
 * its window and plans, she hands on to Tomas from her inbox (a
 * name that is nobody is refused beside the field); he finds it in his inbox, says who handed it on, and
 * rejects it with a reason: the change ends rejected, and the hand-over and the decision are audited.
 */
describe('browser: the approver’s inbox and the change page', () => {
  let system: TestSystem;
  let browser: Browser;
  let page: Page | undefined;
  const pages: Page[] = [];
  const tag = randomUUID().slice(0, 8);
  const processId = `change_ui_${tag}`;
  const service = `erp-${tag}`;
  const start = Date.parse('2032-05-04T20:00:00Z') + Math.floor(Math.random() * 500) * 24 * HOUR;

  beforeAll(async () => {
    system = await TestSystem.start({ listen: true, ticketProcessIds: { change: processId } });
    const as = (method: string, url: string, payload: object) => system.injectAs('marta', { method, url, payload });
    const dmn = readFileSync(repoFile('workflows/decisions/change-risk.dmn'), 'utf8');
    expect((await as('POST', '/decision-definitions', { xml: dmn })).statusCode).toBeLessThan(300);
    const xml = readFileSync(repoFile('workflows/processes/change.bpmn'), 'utf8').replace(/"change"/g, `"${processId}"`);
    expect((await as('POST', '/process-definitions', { xml })).statusCode).toBe(201);
    // A ticket names a service of the catalog (issue 18); this one is the provider's own.
    expect((await as('POST', '/services', { name: service, kind: 'technical' })).statusCode).toBe(201);
    const blackout = await as('POST', '/change-blackouts', {
      name: 'Month-end close',
      startsAt: new Date(start - HOUR).toISOString(),
      endsAt: new Date(start + 6 * HOUR).toISOString(),
      services: [service],
    });
    expect(blackout.statusCode).toBe(201);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await page?.goto('about:blank').catch(() => undefined);
    for (const p of pages) await p.close().catch(() => undefined);
    await browser?.close();
    await system?.close();
  });

  /** Two CIs, the app depending on its database, and a change on another service touching the database in the same hours. */
  const onDatabase = async () => {
    const ci = async (key: string, classKey: string) => {
      const res = await system.injectAs('admin', {
        method: 'POST',
        url: '/cmdb/cis',
        payload: { classKey, name: `${key} ${tag}`, key: `${key}-${tag}` },
      });
      expect(res.statusCode).toBe(201);
      return (res.result as { id: string }).id;
    };
    const [app, db] = [await ci('erp-app', 'application'), await ci('erp-db', 'server')];
    const related = await system.injectAs('admin', {
      method: 'POST',
      url: '/cmdb/relations',
      payload: { sourceId: app, type: 'depends_on', targetId: db },
    });
    expect(related.statusCode).toBe(201);
    const storage = `storage-${tag}`;
    expect(
      (await system.injectAs('marta', { method: 'POST', url: '/services', payload: { name: storage, kind: 'technical' } })).statusCode,
    ).toBe(201);
    const other = await system.injectAs('marta', {
      method: 'POST',
      url: '/tickets',
      payload: {
        type: 'change',
        title: 'Move the database volume',
        changeType: 'normal',
        impact: 'low',
        likelihood: 'low',
        service: storage,
        plannedStartAt: new Date(start + HOUR).toISOString(),
        plannedEndAt: new Date(start + 3 * HOUR).toISOString(),
      },
    });
    expect(other.statusCode).toBe(201);
    const otherNumber = (other.result as { number: string }).number;
    const link = async (number: string, ciId: string) =>
      expect(
        (await system.injectAs('marta', { method: 'POST', url: `/tickets/${number}/configuration-items`, payload: { ciId } })).statusCode,
      ).toBe(201);
    await link(otherNumber, db);
    return { otherNumber, linkApp: (number: string) => link(number, app) };
  };

  it('approves a change from the inbox, seeing its conflicts, and records its implementation on its page', async () => {
    const { otherNumber, linkApp } = await onDatabase();
    const raised = await system.injectAs('marta', {
      method: 'POST',
      url: '/tickets',
      payload: {
        type: 'change',
        title: 'Upgrade the ERP database',
        description: 'Minor version upgrade',
        changeType: 'normal',
        impact: 'low',
        likelihood: 'low',
        service,
        plannedStartAt: new Date(start).toISOString(),
        plannedEndAt: new Date(start + 2 * HOUR).toISOString(),
        implementationPlan: 'Stop the app, upgrade, start',
        backoutPlan: 'Restore the snapshot',
        testPlan: 'Post a test invoice',
      },
    });
    expect(raised.statusCode).toBe(201);
    const number = (raised.result as { number: string }).number;
    await linkApp(number);
    // The app depends on the database the other change moves: the conflict is by CI, not by service.
    const ciConflict = `Conflicts with ${otherNumber} “Move the database volume” on CI erp-db ${tag} (erp-db-${tag}) (erp-app ${tag} depends on it, depth 1)`;
    await eventually(async () => {
      const res = await system.injectAs('marta', { method: 'GET', url: '/approvals?mine=true&state=pending' });
      const mine = (res.result as { items: Array<{ ticket: { number: string } | null }> }).items;
      expect(mine.map((a) => a.ticket?.number)).toContain(number);
    }, 90_000);

    page = await signedInPage(browser, `${system.url}/desk`, 'marta');
    // The calendar marks it, naming the other change and the CI (the week view lists the reasons).
    await page.getByTestId('change-calendar-link').click();
    await page.waitForURL(/\/desk\/changes\/calendar$/);
    await page.getByTestId('calendar-date').fill(new Date(start).toISOString().slice(0, 10));
    await page.getByTestId('calendar-week').click();
    const chip = page.locator(`[data-testid="calendar-change"][data-number="${number}"][data-conflicting="true"]`);
    await chip.getByTestId('calendar-conflict').getByText(`${otherNumber} on CI erp-db ${tag}`).waitFor(PROCESS_MOVES);
    await expect(chip.getByTestId('calendar-conflict').allTextContents()).resolves.toContain(
      `${otherNumber} on CI erp-db ${tag} (downstream, depth 1)`,
    );
    await page.goto(`${system.url}/desk`);
    await page.getByTestId('approvals-link').click();
    const card = page.getByTestId(`approval-${number}`);
    await card.waitFor(PROCESS_MOVES);
    await expect(card.getByTestId('conflicts').textContent()).resolves.toContain('Month-end close');
    await expect(card.getByTestId('ci-conflict').textContent()).resolves.toBe(ciConflict);
    await screenshotForDocs(page, 'approvals-inbox.png');
    await card.getByTestId('approval-comment').fill('Fine once the close is done');
    await card.getByTestId('approve-button').click();
    await card.waitFor({ state: 'detached', ...PROCESS_MOVES });

    await page.goto(`${system.url}/desk/tickets/${number}`);
    const panel = page.getByTestId('change-panel');
    await panel.waitFor(PROCESS_MOVES);
    await page.getByTestId('implement-button').waitFor(PROCESS_MOVES);
    await expect(panel.getByTestId('change-risk').textContent()).resolves.toContain('low');
    await expect(panel.getByTestId('change-conflicts').textContent()).resolves.toContain('Month-end close');
    await expect(panel.getByTestId('ci-conflict').textContent()).resolves.toBe(ciConflict);
    await expect(panel.getByTestId('change-approvals').textContent()).resolves.toContain('approved');
    await screenshotForDocs(page, 'change-page.png');
    await page.getByTestId('closing-code').selectOption('successful');
    await page.getByTestId('implementation-notes').fill('Upgraded in 40 minutes');
    await page.getByTestId('implement-button').click();
    await page.locator('[data-testid="ticket-detail"][data-state="closed"]').waitFor(PROCESS_MOVES);
  });

  it('raises a change from the calendar, hands its approval on; the delegate rejects it from his inbox; audited', async () => {
    // Raised at the desk: the calendar's dialog asks what the process judges it by.
    // Her own page: the first case's page may still be in use if that case ran out of time.
    const marta = await signedInPage(browser, `${system.url}/desk/changes/calendar`, 'marta');
    pages.push(marta);
    await marta.getByTestId('raise-change').click();
    const dialog = marta.getByTestId('raise-change-form');
    await dialogSettled(dialog.getByTestId('change-title-input'));
    await dialog.getByTestId('change-type-input').selectOption('standard');
    await dialog.getByTestId('change-title-input').fill('Rotate the ERP certificates');
    await dialog.getByTestId('raise-change-save').click();
    // A standard change is one of the pre-approved templates: without one, refused beside the field.
    await dialog.getByTestId('change-template-error').filter({ hasText: /\S/ }).waitFor();
    await dialog.getByTestId('change-type-input').selectOption('normal');
    await dialog.getByTestId('change-service-input').selectOption(service);
    await dialog.getByTestId('change-impact-input').selectOption('low');
    await dialog.getByTestId('change-likelihood-input').selectOption('low');
    const day = new Date(start + 30 * 24 * HOUR).toISOString().slice(0, 10);
    await dialog.getByTestId('change-start-input').fill(`${day}T09:00`);
    await dialog.getByTestId('change-end-input').fill(`${day}T10:00`);
    await dialog.getByTestId('change-implementation-input').fill('Install the new certificates, restart');
    await dialog.getByTestId('change-backout-input').fill('Put the old ones back');
    await dialog.getByTestId('change-test-input').fill('Open the ERP login page');
    // The dialog fits a phone.
    await marta.setViewportSize(PHONE);
    await expect(elementsWiderThanScreen(marta)).resolves.toEqual([]);
    await marta.setViewportSize({ width: 1400, height: 1000 });
    await dialog.getByTestId('raise-change-save').click();
    await marta.waitForURL(/\/desk\/tickets\/CHG\d+$/);
    const number = /CHG\d+$/.exec(marta.url())![0];
    const change = (await system.injectAs('marta', { method: 'GET', url: `/tickets/${number}` })).result as Record<string, unknown>;
    expect(change).toMatchObject({
      changeType: 'normal',
      service,
      impact: 'low',
      likelihood: 'low',
      implementationPlan: 'Install the new certificates, restart',
      backoutPlan: 'Put the old ones back',
      testPlan: 'Open the ERP login page',
    });
    const approvalId = await eventually(async () => {
      const res = await system.injectAs('marta', { method: 'GET', url: '/approvals?mine=true&state=pending' });
      const mine = (res.result as { items: Array<{ id: string; ticket: { number: string } | null }> }).items;
      const found = mine.find((a) => a.ticket?.number === number);
      if (!found) throw new Error(`no approval of ${number} in marta's inbox yet`);
      return found.id;
    }, 90_000);

    await marta.goto(`${system.url}/desk/approvals`);
    const card = marta.getByTestId(`approval-${number}`);
    await card.waitFor(PROCESS_MOVES);
    await card.getByTestId('delegate-button').click();
    // Nobody of that name: refused beside the field, and the approval stays hers.
    await card.getByTestId('delegate-to').fill(`nobody-${tag}`);
    await card.getByTestId('delegate-submit').click();
    await card
      .getByTestId('delegate-to-error')
      .filter({ hasText: /no such user/i })
      .waitFor();
    await expect(card.getByTestId('delegate-to').getAttribute('aria-invalid')).resolves.toBe('true');
    // The open form fits a phone.
    await marta.setViewportSize(PHONE);
    await expect(elementsWiderThanScreen(marta)).resolves.toEqual([]);
    await marta.setViewportSize({ width: 1400, height: 1000 });
    await card.getByTestId('delegate-to').fill('tomas');
    await card.getByTestId('delegate-reason').fill('At the supplier all week');
    await card.getByTestId('delegate-submit').click();
    await card.waitFor({ state: 'detached', ...PROCESS_MOVES });
    await expect(marta.getByTestId('delegated-note').textContent()).resolves.toContain(`${number} is now tomas's to decide`);

    const tomas = await signedInPage(browser, `${system.url}/desk/approvals`, 'tomas');
    try {
      const his = tomas.getByTestId(`approval-${number}`);
      await his.waitFor(PROCESS_MOVES);
      await expect(his.textContent()).resolves.toContain('Delegated by marta');
      // Reject needs a reason.
      await expect(his.getByTestId('reject-button').isDisabled()).resolves.toBe(true);
      await his.getByTestId('approval-comment').fill('Not while the supplier migrates');
      await his.getByTestId('reject-button').click();
      await his.waitFor({ state: 'detached', ...PROCESS_MOVES });
    } finally {
      await tomas.close();
    }

    await eventually(async () => {
      const res = await system.injectAs('marta', { method: 'GET', url: `/tickets/${number}` });
      expect((res.result as { state: string }).state).toBe('rejected');
    }, 90_000);
    const approval = await system.injectAs('marta', { method: 'GET', url: `/approvals/${approvalId}` });
    expect(approval.result).toMatchObject({
      state: 'rejected',
      approver: 'tomas',
      delegatedFrom: 'marta',
      decidedBy: 'tomas',
      comment: 'Not while the supplier migrates',
    });
    const trail = await system.adminEm().find(AuditLog, { entity: 'Approval', entityId: approvalId }, { orderBy: { id: 'asc' } });
    expect(trail.map((a) => [a.action, a.actorName])).toEqual([
      ['approval.requested', expect.any(String)],
      ['approval.delegated', 'marta'],
      ['approval.rejected', 'tomas'],
    ]);
    expect(trail[1]!.after).toMatchObject({ approver: 'tomas', comment: 'At the supplier all week' });
  }, 300_000);
});
