import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Organization } from '../../service-catalog/identity/domain/organization.entity';
import { cspViolationsOf, launchChromium, signedInPage, watchCsp } from '../support/browser';
import { hasGpsTag, sidewaysPhoto } from '../support/images';
import { PDF_BYTES } from '../support/multipart';
import { TestSystem } from '../support/test-system';

const PUSHED = { timeout: 30_000 };

/**
 * The embeddable widget in a browser (issue 25): a shop's page on another origin, with a strict CSP of its
 * own, includes `widget.js`; a visitor chats, Tomas takes the chat in the desk's chat view and answers,
 * and the visitor sees the answer pushed; a visitor and an agent send each other a file. A visitor nobody
 * answers is told their chat became a ticket.
 */
describe('browser: the chat widget on another origin and the desk’s chat view', () => {
  let system: TestSystem;
  let browser: Browser;
  let shop: Server;
  let shopUrl: string;
  const contexts: BrowserContext[] = [];
  const pages: Page[] = [];
  const tag = randomUUID().slice(0, 8);
  let siteKey: string;

  beforeAll(async () => {
    system = await TestSystem.start({ listen: true, ticketProcessIds: { incident: `none_${tag}` }, chatSweepMs: 500 });
    browser = await launchChromium();
    shop = createServer();
    await new Promise<void>((resolve) => shop.listen(0, '127.0.0.1', resolve));
    shopUrl = `http://127.0.0.1:${(shop.address() as AddressInfo).port}`;
    expect(
      (await system.injectAs('admin', { method: 'PUT', url: '/routing-rules/default', payload: { assignmentGroup: 'service-desk' } }))
        .statusCode,
    ).toBe(200);
    const baltic = (await system.adminEm().findOneOrFail(Organization, { name: 'Baltic Retail UAB' })).id;
    const site = await system.injectAs('admin', {
      method: 'POST',
      url: '/chat-sites',
      payload: { organizationId: baltic, name: `Shop ${tag}`, allowedOrigins: [shopUrl] },
    });
    expect(site.statusCode).toBe(201);
    siteKey = (site.result as { siteKey: string }).siteKey;
    const api = system.url;
    // The shop's own page, with a policy that allows the desk's script and calls and nothing inline.
    shop.on('request', (_req, res) => {
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': `default-src 'self'; script-src ${api}; connect-src ${api}; style-src 'self'`,
      });
      res.end(
        `<!doctype html><html lang="en"><head><title>Baltic shop</title></head><body><main><h1>Baltic shop</h1></main>` +
          `<script src="${api}/widget.js" data-site-key="${siteKey}" async></script></body></html>`,
      );
    });
  }, 300_000);

  afterAll(async () => {
    for (const page of pages) await page.goto('about:blank').catch(() => undefined);
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await new Promise((resolve) => shop?.close(resolve));
    await system?.close();
  });

  const visitorPage = async (): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
    contexts.push(context);
    const page = await context.newPage();
    await watchCsp(page);
    await page.goto(shopUrl);
    pages.push(page);
    return page;
  };

  const startChat = async (page: Page, name: string, message: string) => {
    await page.locator('#flowdesk-chat-open').click();
    await page.getByLabel('Your name').fill(name);
    await page.getByLabel('E-mail').fill(`${name.toLowerCase().replace(/\W/g, '')}@shop.test`);
    await page.getByLabel('Message').fill(message);
    await page.getByRole('button', { name: 'Send' }).click();
    await page.locator('#flowdesk-chat-status').filter({ hasText: 'Waiting for an agent' }).waitFor(PUSHED);
  };

  it('a visitor chats from the widget, an agent takes it in the desk and answers, both see it live', async () => {
    const visitor = await visitorPage();
    const name = `Ona ${tag}`;
    await startChat(visitor, name, 'My card terminal is offline <script>alert(1)</script>');

    const desk = await signedInPage(browser, `${system.url}/desk/chats`, 'tomas');
    pages.push(desk);
    const waiting = desk.locator('[data-testid^="waiting-"]').filter({ hasText: name });
    await waiting.waitFor(PUSHED);
    await waiting.getByTestId('take-chat').click();
    const conversation = desk.locator('[data-testid^="chat-"]').filter({ hasText: name });
    // The visitor's text shows as typed, markup and all.
    await conversation.getByTestId('chat-line').filter({ hasText: '<script>alert(1)</script>' }).waitFor(PUSHED);
    await visitor.locator('#flowdesk-chat-status').filter({ hasText: 'is chatting with you' }).waitFor(PUSHED);

    // The visitor types: the agent sees it.
    await visitor.getByLabel('Message').pressSequentially('Hel');
    await conversation.getByTestId('visitor-typing').filter({ hasText: 'is typing' }).waitFor(PUSHED);

    await conversation.getByTestId('chat-draft').fill(`Restart it please (${tag})`);
    await conversation.getByTestId('chat-send').click();
    await visitor
      .locator('.flowdesk-agent')
      .filter({ hasText: `Restart it please (${tag})` })
      .waitFor(PUSHED);

    await visitor.getByLabel('Message').fill('It works now, thanks');
    await visitor.getByRole('button', { name: 'Send' }).click();
    await conversation.getByTestId('chat-line').filter({ hasText: 'It works now, thanks' }).waitFor(PUSHED);

    expect(cspViolationsOf(visitor)).toEqual([]);
    expect(cspViolationsOf(desk)).toEqual([]);
    if (process.env.FLOWDESK_SCREENSHOTS) {
      await desk.screenshot({ path: 'docs/desk-chats.png' });
      await visitor.screenshot({ path: 'docs/chat-widget.png' });
    }
  }, 180_000);

  it('an agent holding seven chats still hears every one and can answer: one stream, not one per chat', async () => {
    // A browser opens six connections to one origin: a stream per chat left the desk's other requests
    // waiting for ever once five chats were open (seen as article suggestions that never came).
    const chats: Array<{ chatId: string; token: string; name: string }> = [];
    for (let i = 1; i <= 7; i++) {
      const name = `Guest ${i} ${tag}`;
      const started = await system.server.inject({
        method: 'POST',
        url: '/chat/sessions',
        headers: { origin: shopUrl },
        remoteAddress: `203.0.113.${i}`,
        payload: { siteKey, name, email: `guest${i}@shop.test`, message: `Till ${i} is frozen (${tag})` },
      });
      expect(started.statusCode).toBe(201);
      const chat = started.result as { chatId: string; token: string };
      expect((await system.injectAs('tomas', { method: 'POST', url: `/chats/${chat.chatId}/take` })).statusCode).toBe(200);
      chats.push({ ...chat, name });
    }
    try {
      const desk = await signedInPage(browser, `${system.url}/desk/chats`, 'tomas');
      pages.push(desk);
      const conversationOf = (name: string) => desk.locator('article.conversation').filter({ hasText: name });
      for (let i = 1; i <= 7; i++) {
        await conversationOf(chats[i - 1]!.name)
          .getByTestId('chat-line')
          .filter({ hasText: `Till ${i} is frozen (${tag})` })
          .waitFor(PUSHED);
      }
      // The last guest writes: pushed to the desk.
      const last = chats[6]!;
      const said = await system.server.inject({
        method: 'POST',
        url: `/chats/${last.chatId}/messages`,
        headers: { 'x-chat-token': last.token },
        payload: { body: `Still frozen (${tag})` },
      });
      expect(said.statusCode).toBe(201);
      await conversationOf(last.name)
        .getByTestId('chat-line')
        .filter({ hasText: `Still frozen (${tag})` })
        .waitFor(PUSHED);
      // Tomas answers the first guest from the desk: his request is not stuck behind the streams.
      const first = conversationOf(chats[0]!.name);
      await first.getByTestId('chat-draft').fill(`Unplug till 1 (${tag})`);
      await first.getByTestId('chat-send').click();
      await first
        .getByTestId('chat-line')
        .filter({ hasText: `Unplug till 1 (${tag})` })
        .waitFor(PUSHED);
      const transcript = await system.server.inject({
        method: 'GET',
        url: `/chats/${chats[0]!.chatId}`,
        headers: { 'x-chat-token': chats[0]!.token },
      });
      expect((transcript.result as { messages: Array<{ body: string }> }).messages.map((m) => m.body)).toContain(`Unplug till 1 (${tag})`);
      expect(cspViolationsOf(desk)).toEqual([]);
    } finally {
      for (const chat of chats) await system.injectAs('tomas', { method: 'POST', url: `/chats/${chat.chatId}/end` });
    }
  }, 180_000);

  it('a visitor and an agent, each in a browser context of their own, send each other a file', async () => {
    const visitor = await visitorPage();
    const name = `Rasa ${tag}`;
    await startChat(visitor, name, 'The receipt printer prints garbage');
    const desk = await signedInPage(browser, `${system.url}/desk/chats`, 'tomas');
    pages.push(desk);
    expect(desk.context()).not.toBe(visitor.context());
    const waiting = desk.locator('[data-testid^="waiting-"]').filter({ hasText: name });
    await waiting.waitFor(PUSHED);
    const ticketNumber = (await waiting.getAttribute('data-testid'))!.replace('waiting-', '');
    await waiting.getByTestId('take-chat').click();
    const conversation = desk.getByTestId(`chat-${ticketNumber}`);
    await visitor.locator('#flowdesk-chat-status').filter({ hasText: 'is chatting with you' }).waitFor(PUSHED);

    // The visitor sends a phone photo (GPS in its EXIF) from the widget; the agent sees it pushed and downloads it clean.
    await visitor
      .locator('#flowdesk-chat-file')
      .setInputFiles({ name: 'receipt.jpg', mimeType: 'image/jpeg', buffer: await sidewaysPhoto('jpeg') });
    const photo = conversation
      .getByTestId('chat-line')
      .filter({ hasText: name })
      .getByTestId('chat-file')
      .filter({ hasText: 'receipt.jpg' });
    await photo.waitFor(PUSHED);
    const [fromVisitor] = await Promise.all([desk.waitForEvent('download'), photo.click()]);
    expect(fromVisitor.suggestedFilename()).toBe('receipt.jpg');
    const kept = await sharp(readFileSync((await fromVisitor.path())!)).metadata();
    expect({ format: kept.format, gps: hasGpsTag(kept.exif), width: kept.width, height: kept.height }).toEqual({
      format: 'jpeg',
      gps: false,
      width: 20,
      height: 40,
    });

    // The agent sends a PDF from the desk; the visitor sees it pushed and downloads it with the chat token.
    await conversation.getByTestId('chat-file-input').setInputFiles({ name: 'steps.pdf', mimeType: 'application/pdf', buffer: PDF_BYTES });
    await conversation
      .getByTestId('chat-line')
      .filter({ hasText: 'You' })
      .getByTestId('chat-file')
      .filter({ hasText: 'steps.pdf' })
      .waitFor(PUSHED);
    const pdf = visitor.locator('.flowdesk-agent .flowdesk-file').filter({ hasText: 'steps.pdf' });
    await pdf.waitFor(PUSHED);
    const [fromAgent] = await Promise.all([visitor.waitForEvent('download'), pdf.click()]);
    expect(fromAgent.suggestedFilename()).toBe('steps.pdf');
    expect(readFileSync((await fromAgent.path())!).equals(PDF_BYTES)).toBe(true);

    // A file the desk refuses is said in the widget, and nothing is sent.
    await visitor
      .locator('#flowdesk-chat-file')
      .setInputFiles({ name: 'tool.exe', mimeType: 'application/x-msdownload', buffer: Buffer.from('MZ\x90\x00rest') });
    await visitor
      .locator('#flowdesk-chat-status')
      .filter({ hasText: /tool\.exe/ })
      .waitFor(PUSHED);

    // Messages go on both ways; the ticket's public replies are the transcript, its attachments the two files.
    await visitor.getByLabel('Message').fill('Printed fine now');
    await visitor.getByRole('button', { name: 'Send' }).click();
    await conversation.getByTestId('chat-line').filter({ hasText: 'Printed fine now' }).waitFor(PUSHED);
    const files = await system.injectAs('tomas', { method: 'GET', url: `/tickets/${ticketNumber}/attachments` });
    expect((files.result as { items: Array<{ filename: string }> }).items.map((f) => f.filename)).toEqual(['receipt.jpg', 'steps.pdf']);
    const entries = await system.injectAs('tomas', { method: 'GET', url: `/tickets/${ticketNumber}/entries` });
    expect(JSON.stringify(entries.result)).toContain('Printed fine now');
    expect(cspViolationsOf(visitor)).toEqual([]);
    expect(cspViolationsOf(desk)).toEqual([]);
    if (process.env.FLOWDESK_SCREENSHOTS) {
      await desk.screenshot({ path: 'docs/desk-chat-files.png' });
      await visitor.screenshot({ path: 'docs/chat-widget-files.png' });
    }
  }, 180_000);

  it('a chat nobody takes becomes a ticket and the widget says so', async () => {
    expect(
      (await system.injectAs('admin', { method: 'PUT', url: '/chat-queues/service-desk', payload: { offerSeconds: 10 } })).statusCode,
    ).toBe(200);
    try {
      const visitor = await visitorPage();
      await startChat(visitor, `Jonas ${tag}`, 'Is anyone there?');
      await visitor.locator('#flowdesk-chat-status').filter({ hasText: 'Your chat is ticket' }).waitFor({ timeout: 90_000 });
      await visitor.locator('.flowdesk-system').filter({ hasText: 'Nobody was free' }).waitFor(PUSHED);
    } finally {
      await system.injectAs('admin', { method: 'PUT', url: '/chat-queues/service-desk', payload: { offerSeconds: 180 } });
    }
  }, 180_000);
});
