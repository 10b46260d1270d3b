import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { cspViolationsOf, launchChromium, signedInPage } from '../support/browser';
import { TestSystem } from '../support/test-system';

const PUSHED = { timeout: 30_000 };

/**
 * Live chat from the portal (issue 25): Rita, signed in, starts a chat on the portal's chat page and sees
 * her place in the queue; Tomas takes it in the desk's chat view and answers; both see each other's
 * messages pushed. A chat nobody takes becomes a ticket and the portal says so.
 */
describe('browser: chatting from the portal with an agent in the desk', () => {
  let system: TestSystem;
  let browser: Browser;
  const pages: Page[] = [];
  const tag = randomUUID().slice(0, 8);

  beforeAll(async () => {
    system = await TestSystem.start({ listen: true, ticketProcessIds: { incident: `none_${tag}` }, chatSweepMs: 500 });
    browser = await launchChromium();
    expect(
      (await system.injectAs('admin', { method: 'PUT', url: '/routing-rules/default', payload: { assignmentGroup: 'service-desk' } }))
        .statusCode,
    ).toBe(200);
  }, 300_000);

  afterAll(async () => {
    for (const page of pages) await page.close().catch(() => undefined);
    await browser?.close();
    await system?.close();
  });

  const open = async (url: string, user: string): Promise<Page> => {
    const page = await signedInPage(browser, `${system.url}${url}`, user);
    pages.push(page);
    return page;
  };

  it('Rita chats from the portal, Tomas takes the chat in the desk and answers, both see it live', async () => {
    const rita = await open('/portal', 'rita');
    await rita.getByTestId('portal-chat-link').click();
    const question = `My laptop will not start (${tag})`;
    await rita.getByTestId('portal-chat-first').fill(question);
    await rita.getByTestId('portal-chat-start').click();
    await rita.getByTestId('portal-chat-status').filter({ hasText: 'number' }).filter({ hasText: 'in the queue' }).waitFor(PUSHED);
    const ticketNumber = (await rita.getByTestId('portal-chat-ticket').textContent())!.trim();
    expect(ticketNumber).toMatch(/^[A-Z]+\d+$/);
    await rita.getByTestId('portal-chat-line').filter({ hasText: question }).waitFor(PUSHED);

    const desk = await open('/desk/chats', 'tomas');
    const waiting = desk.getByTestId(`waiting-${ticketNumber}`);
    await waiting.waitFor(PUSHED);
    await waiting.getByTestId('take-chat').click();
    const conversation = desk.getByTestId(`chat-${ticketNumber}`);
    await conversation.getByTestId('chat-line').filter({ hasText: question }).waitFor(PUSHED);
    await rita.getByTestId('portal-chat-status').filter({ hasText: 'is chatting with you' }).waitFor(PUSHED);

    await conversation.getByTestId('chat-draft').fill(`Hold the power button for ten seconds (${tag})`);
    await conversation.getByTestId('chat-send').click();
    await rita
      .getByTestId('portal-chat-line')
      .filter({ hasText: `Hold the power button for ten seconds (${tag})` })
      .waitFor(PUSHED);

    await rita.getByTestId('portal-chat-draft').fill(`It starts now, thanks (${tag})`);
    await rita.getByTestId('portal-chat-send').click();
    await conversation
      .getByTestId('chat-line')
      .filter({ hasText: `It starts now, thanks (${tag})` })
      .waitFor(PUSHED);

    // The chat is her ticket: the link opens it in the portal.
    await rita.getByTestId('portal-chat-ticket').click();
    await rita.waitForURL(`**/portal/tickets/${ticketNumber}`);
    expect(cspViolationsOf(rita)).toEqual([]);
    expect(cspViolationsOf(desk)).toEqual([]);
  }, 180_000);

  it('suggests articles the requester may read, in the portal chat and beside the chat in the desk', async () => {
    const word = `glorp${tag}`;
    const publish = async (input: object): Promise<string> => {
      const created = await system.injectAs('tomas', { method: 'POST', url: '/kb/articles', payload: input });
      expect(created.statusCode).toBe(201);
      const id = (created.result as { id: string }).id;
      expect((await system.injectAs('tomas', { method: 'POST', url: `/kb/articles/${id}/versions/1/submit` })).statusCode).toBe(200);
      const review = await system.injectAs('marta', {
        method: 'POST',
        url: `/kb/articles/${id}/versions/1/review`,
        payload: { approve: true },
      });
      expect(review.statusCode).toBe(200);
      return id;
    };
    const visible = await publish({ title: `Fix the ${word} dock`, body: `Unplug the ${word} dock.`, language: 'en', audience: 'public' });
    const internal = await publish({ title: `Desk notes ${word}`, body: `Escalate ${word}.`, language: 'en', audience: 'internal' });

    const rita = await open('/portal/chat', 'rita');
    await rita.getByTestId('portal-chat-first').fill(`My ${word} dock blinks`);
    await rita
      .getByTestId('ticket-suggestions')
      .filter({ hasText: `Fix the ${word} dock` })
      .waitFor(PUSHED);
    await rita.getByTestId('portal-chat-start').click();
    const ticketNumber = (await rita.getByTestId('portal-chat-ticket').textContent())!.trim();

    const desk = await open('/desk/chats', 'tomas');
    await desk.getByTestId(`waiting-${ticketNumber}`).getByTestId('take-chat').click();
    const conversation = desk.getByTestId(`chat-${ticketNumber}`);
    // Taken: the conversation comes first (its own wait), then the articles beside it.
    await conversation.waitFor(PUSHED);
    const suggestion = conversation.locator(`[data-testid="chat-suggestion"][data-id="${visible}"]`);
    await suggestion.waitFor(PUSHED).catch(async (err: Error) => {
      // Seen once in CI and never here: say what the desk showed and what the API answers for the same
      // question, so the next failure tells which side it is.
      const asked = await system.injectAs('tomas', {
        method: 'GET',
        url: `/kb/suggestions?text=${encodeURIComponent(`My ${word} dock blinks`)}&asRequesterOf=${ticketNumber}&limit=5`,
      });
      // allInnerTexts never waits: a conversation that is not there reads as none.
      const panel = await conversation.getByTestId('chat-suggestions').allInnerTexts();
      const shown = (await conversation.allInnerTexts()).join(' | ').replace(/\s+/g, ' ').slice(0, 300);
      const mine = await desk.locator('article.conversation').count();
      throw new Error(
        `${err.message.split('\n')[0]}\n  panel: ${JSON.stringify(panel)}\n  conversation: ${shown || 'not on the page'} (${mine} in the desk)\n  API now: ${asked.statusCode} ${asked.payload.slice(0, 300)}`,
      );
    });
    expect(await conversation.locator(`[data-testid="chat-suggestion"][data-id="${internal}"]`).count()).toBe(0);
    await suggestion.getByTestId('chat-suggestion-send').click();
    const draft = conversation.getByTestId('chat-draft');
    for (let i = 0; i < 50 && !(await draft.inputValue()).includes(`/portal/knowledge/${visible}`); i++) await desk.waitForTimeout(200);
    expect(await draft.inputValue()).toContain(`/portal/knowledge/${visible}`);
  }, 180_000);

  it('a portal chat nobody takes becomes a ticket and the portal says so', async () => {
    expect(
      (await system.injectAs('admin', { method: 'PUT', url: '/chat-queues/service-desk', payload: { offerSeconds: 10 } })).statusCode,
    ).toBe(200);
    try {
      const rita = await open('/portal/chat', 'rita');
      await rita.getByTestId('portal-chat-first').fill(`Is anyone there? (${tag})`);
      await rita.getByTestId('portal-chat-start').click();
      await rita.getByTestId('portal-chat-status').filter({ hasText: 'Nobody was free' }).waitFor({ timeout: 90_000 });
      await rita.getByTestId('portal-chat-line').filter({ hasText: 'Nobody was free' }).waitFor(PUSHED);
    } finally {
      await system.injectAs('admin', { method: 'PUT', url: '/chat-queues/service-desk', payload: { offerSeconds: 180 } });
    }
  }, 180_000);
});
