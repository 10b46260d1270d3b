import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { Ticket } from '../../service-catalog/tickets/domain/ticket.entity';
import { launchChromium, signedInPage } from '../support/browser';
import { eventually } from '../support/eventually';
import { DESKTOP, PHONE, horizontalOverflow, screenshotForDocs } from '../support/page-checks';
import { repoFile } from '../support/repo-root';
import { Organization } from '../../service-catalog/identity/domain/organization.entity';
import { TestSystem } from '../support/test-system';

const ALWAYS_OPEN = {
  timeZone: 'UTC',
  weekly: Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((d) => [d, [{ start: '00:00', end: '24:00' }]])),
};
const PROCESS_MOVES = { timeout: 60_000 };

/**
 * Issue 24, defect 7, as Rita lives it: she raises a ticket in the portal and is mailed "we have
 * received your request" as if she had mailed it; her ticket page says what she chose in her words,
 * on a desktop and on her phone; when it comes back after closing she reopens it, and once the
 * reopen window has passed she raises a follow-up ticket linked to it.
 */
describe('browser: the requester’s ticket, in her words, and when it comes back', () => {
  let system: TestSystem;
  let browser: Browser;
  const pages: Page[] = [];
  const tag = randomUUID().slice(0, 8);
  const processId = `incident_portal_${tag}`;
  const service = `vpn-${tag}`;

  beforeAll(async () => {
    system = await TestSystem.start({ listen: true, ticketProcessIds: { incident: processId } });
    const as = (method: string, url: string, payload: object) => system.injectAs('marta', { method, url, payload });
    expect(
      (await as('POST', '/decision-definitions', { xml: readFileSync(repoFile('workflows/decisions/priority-matrix.dmn'), 'utf8') }))
        .statusCode,
    ).toBeLessThan(300);
    // Tickets name a service by id or by the name of one that exists: this run's own, for Baltic Retail.
    const baltic = await system.adminEm().findOneOrFail(Organization, { name: 'Baltic Retail UAB' });
    expect((await as('POST', '/services', { name: service, kind: 'business', customerOrganizationIds: [baltic.id] })).statusCode).toBe(201);
    const calendar = await as('POST', '/business-calendars', { name: `Always ${tag}`, definition: ALWAYS_OPEN });
    expect(
      (
        await as('POST', '/sla-policies', {
          name: `P3 ${service}`,
          priority: 'P3',
          service,
          calendarId: (calendar.result as { id: string }).id,
          responseTarget: 'PT2H',
          resolutionTarget: 'PT8H',
        })
      ).statusCode,
    ).toBe(201);
    // Silence closes a resolved ticket after two seconds instead of three business days.
    const xml = readFileSync(repoFile('workflows/processes/incident.bpmn'), 'utf8')
      .replace(/"incident"/g, `"${processId}"`)
      .replace(
        '<bpmn:timeDate xsi:type="bpmn:tFormalExpression">=date and time(autoCloseAt)</bpmn:timeDate>',
        '<bpmn:timeDuration xsi:type="bpmn:tFormalExpression">PT2S</bpmn:timeDuration>',
      );
    expect((await as('POST', '/process-definitions', { xml })).statusCode).toBe(201);
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const page of pages) await page.goto('about:blank').catch(() => undefined);
    await browser?.close();
    await system?.close();
  });

  const ticket = async (number: string) =>
    (await system.injectAs('tomas', { method: 'GET', url: `/tickets/${number}` })).result as {
      state: string;
      assignmentGroup: string | null;
    };
  /** The desk resolves it (as the desk does, with the ticket action); silence then closes it. */
  const resolve = async (number: string) => {
    await eventually(async () => {
      const t = await ticket(number);
      const res = await system.injectAs(t.assignmentGroup === 'network' ? 'agne' : 'tomas', {
        method: 'POST',
        url: `/tickets/${number}/actions/resolve`,
        payload: { resolutionCode: 'solved', resolutionNotes: 'New VPN profile' },
      });
      if (res.statusCode !== 200) throw new Error(`cannot resolve ${number} yet: ${res.statusCode}`);
    }, 60_000);
  };
  const detailIn = (page: Page, state: string) =>
    page.locator(`[data-testid="ticket-detail"][data-state="${state}"]`).waitFor(PROCESS_MOVES);

  it('acknowledges her portal ticket by mail and shows her own words on a desktop and on a phone', async () => {
    const rita = await signedInPage(browser, system.url, 'rita');
    pages.push(rita);
    await rita.getByTestId('raise-ticket-link').click();
    await rita.getByTestId('raise-title').fill(`VPN keeps dropping ${tag}`);
    await rita.getByTestId('raise-category').selectOption('network');
    await rita.getByTestId('raise-service').selectOption({ label: service });
    await rita.getByTestId('raise-impact').selectOption({ label: 'Just me' });
    await rita.getByTestId('raise-urgency').selectOption({ label: 'I cannot work' });
    await rita.getByTestId('raise-submit').click();
    await rita.waitForURL(/\/portal\/tickets\/INC\d{7}$/);
    const number = (await rita.getByTestId('ticket-number').textContent())!.trim();

    // The same "we have received your request" mail a mailed-in ticket gets.
    await eventually(() => {
      const acks = system.mail.sink!.messages.filter(
        (m) => m.subject === `[${number}] We have received your request: VPN keeps dropping ${tag}`,
      );
      expect(acks.map((m) => m.to)).toEqual(['rita@baltic-retail.example']);
    });

    for (const size of [DESKTOP, PHONE]) {
      await rita.setViewportSize(size);
      const details = rita.getByTestId('request-details');
      await expect(details.getByTestId('detail-category').textContent()).resolves.toBe('Network, VPN, Wi-Fi');
      await expect(details.getByTestId('detail-impact').textContent()).resolves.toBe('Just me');
      await expect(details.getByTestId('detail-urgency').textContent()).resolves.toBe('I cannot work');
      await expect(details.getByTestId('detail-service').textContent()).resolves.toBe(service);
      await expect(details.textContent()).resolves.not.toMatch(/\b(low|high|network)\b/);
      const { scrollWidth, innerWidth } = await horizontalOverflow(rita);
      expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
    }
    await rita.setViewportSize(DESKTOP);
  });

  it('lets her reopen a closed ticket within the window, and raise a linked follow-up after it', async () => {
    const raised = await system.injectAs('rita', {
      method: 'POST',
      url: '/tickets',
      payload: {
        type: 'incident',
        title: `Wi-Fi drops ${tag}`,
        description: 'x',
        category: 'network',
        service,
        impact: 'low',
        urgency: 'high',
      },
    });
    const { number } = raised.result as { number: string };
    await resolve(number);

    const rita = await signedInPage(browser, system.url, 'rita');
    pages.push(rita);
    await rita.setViewportSize(PHONE);
    await rita.goto(`${system.url}/portal/tickets/${number}`);
    await detailIn(rita, 'closed');
    const cameBack = rita.getByTestId('came-back');
    await expect(cameBack.getAttribute('data-offer')).resolves.toBe('reopen');
    await expect(cameBack.textContent()).resolves.toContain('You can reopen this ticket until');
    // Saying what happened is asked for before anything is sent.
    await rita.getByTestId('reopen-button').click();
    await cameBack.locator('#came-back-error').filter({ hasText: 'Say what happened' }).waitFor();
    await rita.getByTestId('came-back-text').fill('It drops again since this morning.');
    await screenshotForDocs(rita, 'portal-reopen-phone.png');
    const { scrollWidth, innerWidth } = await horizontalOverflow(rita);
    expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
    await rita.getByTestId('reopen-button').click();
    // The process takes it up again: in progress, her words in the conversation.
    await detailIn(rita, 'in_progress');
    await rita.locator('[data-testid="entry"]', { hasText: 'It drops again since this morning.' }).waitFor(PROCESS_MOVES);

    // Resolved and closed again; then two weeks and a day pass.
    await resolve(number);
    await detailIn(rita, 'closed');
    const em = system.adminEm();
    const row = await em.findOneOrFail(Ticket, { number });
    row.closedAt = new Date(Date.now() - 15 * 24 * 3600_000);
    await em.flush();
    await rita.setViewportSize(DESKTOP);
    await rita.reload();
    await detailIn(rita, 'closed');
    await expect(cameBack.getAttribute('data-offer')).resolves.toBe('follow-up');
    await rita.getByTestId('follow-up-hint').waitFor();
    await rita.getByTestId('came-back-text').fill('Dropping again, a month later.');
    await rita.getByTestId('follow-up-button').click();
    await rita.waitForURL((url) => /\/portal\/tickets\/INC\d{7}$/.test(url.pathname) && !url.pathname.endsWith(number));
    const followUp = (await rita.getByTestId('ticket-number').textContent())!.trim();
    await expect(rita.getByTestId('ticket-title').textContent()).resolves.toBe(`Follow-up to ${number}: Wi-Fi drops ${tag}`);
    const links = (await system.injectAs('tomas', { method: 'GET', url: `/tickets/${followUp}/links` })).result as {
      items: Array<{ kind: string; number: string }>;
    };
    expect(links.items).toEqual([expect.objectContaining({ kind: 'related', number })]);
  });
});
