import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { Organization } from '../../service-catalog/identity/domain/organization.entity';
import { Ticket } from '../../service-catalog/tickets/domain/ticket.entity';
import { TicketEntry } from '../../service-catalog/tickets/domain/ticket-entry.entity';
import { cspViolationsOf, dialogSettled, launchChromium, signedInPage } from '../support/browser';
import { accessibleAndFitsPhone } from '../support/page-checks';
import { TestSystem } from '../support/test-system';

/** axe-core's own bundle, injected through the DevTools protocol (the page's CSP does not apply). */

/**
 * Tomas logs calls from the desk (issue 25) in two clicks — "Log a call", then "Log call": the caller is
 * found by number with their open ticket, and the call lands there as a note, or on a new phone ticket.
 * An agent never finds a caller of a customer they do not serve.
 */
describe('browser: an agent logs a call from the desk', () => {
  let system: TestSystem;
  let browser: Browser;
  let page: Page | undefined;
  const tag = randomUUID().slice(0, 8);
  const digits = String(Date.now()).slice(-7);
  const number = `+370 61${digits}`;
  let openTicket: string;

  const makeCaller = async (organization: string, phone: string, username: string) => {
    const org = (await system.adminEm().findOneOrFail(Organization, { name: organization })).id;
    const made = await system.injectAs('admin', {
      method: 'POST',
      url: '/users',
      payload: {
        username,
        displayName: `Caller ${username}`,
        email: `${username}@calls.example`,
        password: 'caller-pass-1',
        roles: ['requester'],
        organizationId: org,
        phone,
      },
    });
    expect(made.statusCode).toBe(201);
    return (made.result as { id: string }).id;
  };

  beforeAll(async () => {
    system = await TestSystem.start({ listen: true });
    browser = await launchChromium();
    const callerId = await makeCaller('Baltic Retail UAB', number, `caller-${tag}`);
    const ticket = await system.injectAs('admin', {
      method: 'POST',
      url: '/tickets',
      payload: { type: 'incident', title: `Till offline ${tag}`, description: 'The till in shop 4 is offline.', callerId },
    });
    expect(ticket.statusCode).toBe(201);
    openTicket = (ticket.result as { number: string }).number;
  }, 300_000);
  afterAll(async () => {
    await page?.goto('about:blank').catch(() => undefined);
    await browser?.close();
    await system?.close();
  });

  const notesOf = async (ticketNumber: string) => {
    const em = system.adminEm();
    const ticket = await em.findOneOrFail(Ticket, { number: ticketNumber });
    return { ticket, notes: (await em.find(TicketEntry, { ticketId: ticket.id, kind: 'note' })).map((e) => e.body) };
  };

  it('finds the caller by number and notes the call on their open ticket', async () => {
    page = await signedInPage(browser, `${system.url}/desk`, 'tomas');
    await page.getByTestId('log-call').click();
    const form = page.getByTestId('log-call-form');
    // The dialog moves focus to the number when its open animation ends; typing starts after that.
    await dialogSettled(form.getByTestId('call-number'));
    // Typed without spaces: digits compare.
    await form.getByTestId('call-number').fill(number.replace(/ /g, ''));
    await form
      .getByTestId('call-caller')
      .filter({ hasText: `Caller caller-${tag}` })
      .waitFor();
    await form.getByTestId(`call-on-${openTicket}`).check();

    // The open dialog: no serious axe finding, and nothing past a phone's screen edge.
    expect(await accessibleAndFitsPhone(page)).toEqual({ violations: [], tooWide: [] });
    await form.getByTestId('call-minutes').fill('x');
    await form.getByTestId('call-save').click();
    await form.getByTestId('call-duration-error').filter({ hasText: /\S/ }).waitFor();

    await form.getByTestId('call-minutes').fill('3');
    await form.getByTestId('call-seconds').fill('5');
    await form.getByTestId('call-notes').fill(`Restarted the till together ${tag}`);
    await form.getByTestId('call-save').click();
    await page.waitForURL(`**/desk/tickets/${openTicket}`);
    const { notes } = await notesOf(openTicket);
    expect(notes).toContainEqual(
      `Call from ${number.replace(/ /g, '')}, 3 min 5 s — resolved on the call.\n\nRestarted the till together ${tag}`,
    );
    expect(cspViolationsOf(page)).toEqual([]);
  });

  it('logs a call from an unknown number as a new ticket on the phone channel', async () => {
    page = await signedInPage(browser, `${system.url}/desk`, 'tomas');
    await page.getByTestId('log-call').click();
    const form = page.getByTestId('log-call-form');
    // The dialog moves focus to the number when its open animation ends; typing starts after that.
    await dialogSettled(form.getByTestId('call-number'));
    const unknown = `+370 69${digits}`;
    await form.getByTestId('call-number').fill(unknown);
    await form.getByTestId('call-caller').filter({ hasText: 'Nobody you serve' }).waitFor();
    await form.getByTestId('call-outcome').selectOption('follow-up');
    await form.getByTestId('call-notes').fill(`Asked about opening hours ${tag}`);
    await form.getByTestId('call-save').click();
    await page.waitForURL(/\/desk\/tickets\/INC\d+$/);
    const created = /\/desk\/tickets\/(INC\d+)$/.exec(page.url())![1]!;
    const { ticket, notes } = await notesOf(created);
    expect({ channel: ticket.channel, callerId: ticket.callerId, title: ticket.title }).toEqual({
      channel: 'phone',
      callerId: null,
      title: `Call from ${unknown}`,
    });
    expect(notes).toContainEqual(`Call from ${unknown}, 0 min 0 s — needs a follow-up.\n\nAsked about opening hours ${tag}`);
    expect(cspViolationsOf(page)).toEqual([]);
  });

  it('never finds a caller of a customer the agent does not serve', async () => {
    const nordic = `+47 41${digits}`;
    await makeCaller('Nordic Logistics AS', nordic, `nordic-${tag}`);
    const lookup = (who: string) =>
      system.injectAs(who, { method: 'GET', url: `/calls/caller?number=${encodeURIComponent(nordic)}` }).then((r) => r.result);
    // Agnė serves Baltic only; Tomas serves Nordic too.
    expect(await lookup('agne')).toEqual({ caller: null, openTickets: [] });
    expect(await lookup('tomas')).toMatchObject({
      caller: { displayName: `Caller nordic-${tag}`, organizationName: 'Nordic Logistics AS' },
    });
    const refused = await system.injectAs('agne', {
      method: 'POST',
      url: '/calls',
      payload: { callerNumber: nordic, durationSeconds: -1, outcome: 'maybe' },
    });
    expect(refused.statusCode).toBe(400);
    expect(JSON.stringify(refused.result)).toContain('durationSeconds');
  });
});
