import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { TicketMailer } from '../../service-catalog/mail/domain/ticket-mailer';
import { Ticket } from '../../service-catalog/tickets/domain/ticket.entity';
import { cspViolationsOf, launchChromium, signedInPage, watchCsp } from '../support/browser';
import { eventually } from '../support/eventually';
import type { Body } from '../support/json-body';
import { screenshotForDocs } from '../support/page-checks';
import { TEST_PUBLIC_URL, TestSystem } from '../support/test-system';

/**
 * Issue 20 in the browser: Rita finds an article while she types a ticket and it solves her problem
 * (no ticket, a deflection counted); Tomas writes an article that Marta publishes, and finds it
 * beside a ticket; a resolved ticket's mailed score link, opened without signing in, stores an answer
 * the desk then reads on the ticket; the portal lists her unanswered surveys and links to each.
 */
describe('browser: knowledge base and satisfaction surveys', () => {
  let system: TestSystem;
  let browser: Browser;
  const pages: Page[] = [];
  const tag = randomUUID().slice(0, 8);
  const seq = String(Date.now()).slice(-6);
  const printerTitle = `Printer queue stuck ${tag}`;

  const as = (user: string, method: string, url: string, payload?: object) => system.injectAs(user, { method, url, payload });
  /** An article Tomas writes and Marta publishes through the API. */
  const published = async (title: string, body: string, audience = 'public'): Promise<string> => {
    const created = await as('tomas', 'POST', '/kb/articles', { title, body, language: 'en', audience });
    expect(created.statusCode).toBe(201);
    const id = (created.result as Body).id as string;
    expect((await as('tomas', 'POST', `/kb/articles/${id}/versions/1/submit`)).statusCode).toBe(200);
    expect((await as('marta', 'POST', `/kb/articles/${id}/versions/1/review`, { approve: true })).statusCode).toBe(200);
    return id;
  };
  const editorRow = async (title: string) =>
    ((await as('tomas', 'GET', `/kb/editor/articles?q=${encodeURIComponent(title)}`)).result as { items: Body[] }).items[0]!;
  /** A ticket without a process, in Rita's organisation with her as caller. */
  const ticketOfRita = async (number: string, title: string, state: string) => {
    const em = system.adminEm();
    const [rita] = (await em.execute(`select id, organization_id from app_user where username = 'rita'`)) as Body[];
    const [tomas] = (await em.execute(`select id from app_user where username = 'tomas'`)) as Body[];
    await em.execute(
      `insert into ticket (id, number, type, title, description, state, tags, caller_id, organization_id, assignee_id, assignment_group,
         created_at, updated_at, resolved_at)
       values (?, ?, 'incident', ?, 'The printer on the second floor keeps every job in its queue.', ?, '{}', ?, ?, ?, 'service-desk', now(), now(), now())`,
      [randomUUID(), number, title, state, rita!.id, rita!.organization_id, tomas!.id],
    );
  };
  const open = async (username: string, url: string) => {
    const page = await signedInPage(browser, `${system.url}${url}`, username);
    pages.push(page);
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

  it('lets a requester find an article before filing a ticket; "this solved my problem" files none and counts it', async () => {
    const id = await published(
      printerTitle,
      `## When the printer queue is stuck ${tag}\n\n1. Open **Devices and printers**.\n2. Choose *Cancel all documents*.\n\n<script>alert(1)</script>`,
    );
    await published(`Internal printer firmware notes ${tag}`, 'Only for the desk: printer firmware.', 'internal');

    // The knowledge base page: ranked hits with the matching words marked, and the article rendered without its script.
    const rita = await open('rita', '/portal/knowledge');
    await rita.getByTestId('kb-search-input').fill(`printer queue ${tag}`);
    await rita.getByTestId('kb-search-button').click();
    const hit = rita.locator(`[data-testid="article-hit"][data-id="${id}"]`);
    await hit.waitFor();
    await expect(rita.getByTestId('article-hit').count()).resolves.toBe(1);
    await expect(hit.locator('mark').first().textContent()).resolves.toMatch(/printer|queue/i);
    await screenshotForDocs(rita, 'portal-knowledge.png');
    await hit.getByTestId('article-hit-open').click();
    await rita.getByTestId('article-title').filter({ hasText: printerTitle }).waitFor();
    await rita.getByTestId('article-body').locator('strong', { hasText: 'Devices and printers' }).waitFor();
    await expect(rita.getByTestId('article-body').locator('script').count()).resolves.toBe(0);
    await rita.getByTestId('article-not-helpful').click();
    await rita.getByTestId('article-raise-ticket').click();

    // Raising a ticket: suggestions come as she types; one solves it, and no ticket is filed.
    await rita.waitForURL(/\/portal\/new$/);
    const myTitle = `My printer queue is stuck ${tag}`;
    await rita.getByTestId('raise-title').fill(myTitle);
    const suggestion = rita.getByTestId('ticket-suggestions').locator(`[data-testid="article-hit"][data-id="${id}"]`);
    await suggestion.waitFor();
    await suggestion.getByTestId('article-hit-open').click();
    await rita
      .getByTestId('suggested-article')
      .getByTestId('article-body')
      .locator('strong', { hasText: 'Devices and printers' })
      .waitFor();
    await rita.getByTestId('article-solved').click();
    await rita.getByTestId('raise-deflected').waitFor();
    await expect(rita.getByTestId('raise-form').count()).resolves.toBe(0);

    const filed = (await system.adminEm().execute('select count(*)::int as n from ticket where title = ?', [myTitle])) as Body[];
    expect(filed[0]!.n).toBe(0);
    const row = await editorRow(printerTitle);
    expect(row).toMatchObject({ id, deflectionCount: 1, latestState: 'published' });
    expect(row.viewCount).toBeGreaterThanOrEqual(2);
    expect(cspViolationsOf(rita)).toEqual([]);
  });

  it('lets an agent write an article with a live preview, a knowledge manager publish it, and the agent link it in a reply', async () => {
    const title = `VPN certificate renewal ${tag}`;
    const tomas = await open('tomas', '/desk/knowledge');
    await tomas.getByTestId('kb-new-article').click();
    await tomas.getByTestId('kb-title').fill(title);
    await tomas
      .getByTestId('kb-body')
      .fill(`# Renew the VPN certificate\n\nRun **vpn-renew** and restart.\n\n<img src=x onerror="alert(1)">`);
    const preview = tomas.getByTestId('kb-preview');
    await preview.locator('h1', { hasText: 'Renew the VPN certificate' }).waitFor();
    await preview.locator('strong', { hasText: 'vpn-renew' }).waitFor();
    await expect(preview.locator('[onerror]').count()).resolves.toBe(0);
    await tomas.getByTestId('kb-audience').selectOption('public');
    await screenshotForDocs(tomas, 'desk-knowledge-editor.png');
    await tomas.getByTestId('kb-submit').click();
    await tomas.locator('[data-testid="kb-editor"][data-state="in_review"]').waitFor();
    // His own version is a knowledge manager's to decide: no publish button for him.
    await expect(tomas.getByTestId('kb-publish').count()).resolves.toBe(0);
    const { id } = await editorRow(title);

    const marta = await open('marta', '/desk/knowledge');
    await marta.locator(`[data-testid="kb-editor-row"][data-id="${id}"]`).click();
    await marta.getByTestId('kb-review-note').fill('Clear, thanks');
    await marta.getByTestId('kb-publish').click();
    await marta.locator('[data-testid="kb-editor"][data-state="published"]').waitFor();
    await marta.locator(`[data-testid="kb-editor-row"][data-id="${id}"][data-state="published"]`).waitFor();
    const found = (await as('rita', 'GET', `/kb/articles?q=${encodeURIComponent(`vpn certificate ${tag}`)}`)).result as { items: Body[] };
    expect(found.items.map((h) => h.id)).toEqual([id]);

    // He links it to the incident it answers.
    const number = `INC9${seq}`;
    await ticketOfRita(number, `VPN certificate expired ${tag}`, 'in_progress');
    await tomas.reload();
    await tomas.locator(`[data-testid="kb-editor-row"][data-id="${id}"]`).click();
    await tomas.locator('[data-testid="kb-editor"][data-state="published"]').waitFor();
    await tomas.getByTestId('kb-link-ref').fill(number);
    await tomas.getByTestId('kb-link-add').click();
    await tomas.locator(`[data-testid="kb-link"][data-ref="${number}"][data-kind="incident"]`).waitFor();

    // Beside a ticket about it, the desk suggests the article; one click puts its link in the reply.
    await tomas.goto(`${system.url}/desk/tickets/${number}`);
    const suggestion = tomas.locator(`[data-testid="desk-suggestion"][data-id="${id}"]`);
    await suggestion.waitFor();
    // The composer comes with the ticket, which may load after the suggestions: insert only into one that is there.
    await tomas.getByTestId('entry-body-input').waitFor();
    await suggestion.getByTestId('desk-suggestion-insert').click();
    // The field shows the inserted link once Angular has rendered after the click, not at the click's return.
    await eventually(async () =>
      expect(await tomas.getByTestId('entry-body-input').inputValue()).toBe(`${title}: ${system.url}/portal/knowledge/${id}`),
    );
    expect(cspViolationsOf(tomas)).toEqual([]);
    expect(cspViolationsOf(marta)).toEqual([]);
  });

  it('stores the score clicked in the resolution mail without signing in, takes a comment, refuses it tampered or used', async () => {
    const number = `INC8${seq}`;
    await ticketOfRita(number, `Printer jammed ${tag}`, 'resolved');
    const em = system.adminEm();
    await new TicketMailer(em, system.mail.outgoing).send(
      'ticket.resolved',
      await em.findOneOrFail(Ticket, { number }),
      { displayName: 'Rita', email: 'rita@baltic-retail.example' },
      `survey ${tag}`,
    );
    const mail = await eventually(() => {
      const found = system.mail.sink!.messages.find((m) => m.subject.includes(number) && m.text.includes('/portal/survey/'));
      if (!found) throw new Error('no resolution mail yet');
      return found;
    });
    const scoreLink = (score: number) =>
      new RegExp(`^${score} [a-z ]+: ${TEST_PUBLIC_URL}(/portal/survey/\\S+)$`, 'm').exec(mail.text)![1]!;
    const link = scoreLink(4);

    const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
    pages.push(page);
    await watchCsp(page);
    // The score changed by hand (4 to 5): refused in words, nothing stored.
    await page.goto(`${system.url}${link.replace(/\.4\.([^.]+)$/, '.5.$1')}`);
    await page.locator('[data-testid="survey-page"][data-outcome="invalid"]').waitFor();
    await expect(page.getByTestId('survey-refused').textContent()).resolves.toContain('not one we sent');
    expect(((await as('tomas', 'GET', `/tickets/${number}/survey-answers`)).result as { items: Body[] }).items).toEqual([]);

    // Her one click in the mail chose 4: stored as the page opens, before anything else.
    await page.goto(`${system.url}${link}`);
    await page.getByTestId('survey-scored').filter({ hasText: '4 of 5' }).waitFor();
    await page.getByTestId('survey-ticket').filter({ hasText: number }).waitFor();
    await expect(page.getByTestId('signed-in-user').count()).resolves.toBe(0);
    const clicked = (await as('tomas', 'GET', `/tickets/${number}/survey-answers`)).result as { items: Body[] };
    expect(clicked.items).toEqual([expect.objectContaining({ csat: 4, nps: null, comment: null })]);
    // Then, if she likes, the optional questions and a comment amend that answer.
    await expect(page.getByTestId('survey-csat-4').isVisible()).resolves.toBe(false);
    await page.getByTestId('survey-nps-9').check();
    await page.getByTestId('survey-ces-6').check();
    await page.getByTestId('survey-comment').fill('Quick and friendly');
    await screenshotForDocs(page, 'survey-page.png');
    await page.getByTestId('survey-submit').click();
    await page.locator('[data-testid="survey-page"][data-outcome="stored"]').waitFor();
    const stored = (await as('tomas', 'GET', `/tickets/${number}/survey-answers`)).result as { items: Body[] };
    expect(stored.items).toEqual([expect.objectContaining({ csat: 4, nps: 9, ces: 6, comment: 'Quick and friendly' })]);

    // Complete: another score of the same mail takes nothing.
    await page.goto(`${system.url}${scoreLink(1)}`);
    await page.locator('[data-testid="survey-page"][data-outcome="answered"]').waitFor();
    expect(cspViolationsOf(page)).toEqual([]);
    expect(((await as('tomas', 'GET', `/tickets/${number}/survey-answers`)).result as { items: Body[] }).items).toHaveLength(1);

    // The desk reads it on the ticket.
    const tomas = await open('tomas', `/desk/tickets/${number}`);
    await tomas.getByTestId('desk-survey').locator('[data-testid="survey-answer"][data-csat="4"]').waitFor();
    await expect(tomas.getByTestId('desk-survey').textContent()).resolves.toContain('Quick and friendly');
  });

  it('lists her unanswered survey on the portal and asks it on her resolved ticket’s page, once', async () => {
    const number = `INC7${seq}`;
    await ticketOfRita(number, `Scanner offline ${tag}`, 'resolved');
    // The portal's front page lists it as waiting, with a link to the page that asks it.
    const rita = await open('rita', '/portal');
    const waiting = rita.locator(`[data-testid="pending-survey"][data-number="${number}"]`);
    await waiting.waitFor();
    await waiting.getByTestId('pending-survey-link').click();
    await rita.waitForURL(new RegExp(`/portal/tickets/${number}#survey$`));
    const survey = rita.locator('[data-testid="ticket-survey"][data-answered="false"]');
    await survey.getByTestId('survey-csat-5').check();
    await survey.getByTestId('survey-submit').click();
    await rita.locator('[data-testid="ticket-survey"][data-answered="true"]').getByTestId('survey-thanks').waitFor();
    // Answered: no longer waiting.
    await rita.goto(`${system.url}/portal`);
    await rita.getByTestId('portal-tickets').locator(`[data-number="${number}"]`).waitFor();
    await expect(rita.locator(`[data-testid="pending-survey"][data-number="${number}"]`).count()).resolves.toBe(0);
    const again = await as('rita', 'POST', `/tickets/${number}/survey-answers`, { csat: 1 });
    expect(again.statusCode).toBe(409);
    const stored = (await as('tomas', 'GET', `/tickets/${number}/survey-answers`)).result as { items: Body[] };
    expect(stored.items).toEqual([expect.objectContaining({ csat: 5 })]);
  });
});
