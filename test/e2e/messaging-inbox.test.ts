import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { phoneSignature } from '../../service-catalog/chat/domain/phone-calls';
import { Organization } from '../../service-catalog/identity/domain/organization.entity';
import { launchChromium, signedInPage } from '../support/browser';
import { eventually } from '../support/eventually';
import { TestSystem } from '../support/test-system';

const SHOWN = { timeout: 30_000 };

/**
 * One inbox across channels in a browser (issue 25): a Slack bridge's message becomes a ticket the desk's
 * queue labels "Slack" (and finds with the channel filter); the ticket page says the reply goes back to
 * Slack, and Tomas's reply reaches the bridge's HTTP receiver, signed, through the webhook workflow.
 */
describe('browser: the desk’s one inbox and a reply on a messaging ticket', () => {
  let system: TestSystem;
  let browser: Browser;
  let bridge: Server;
  const received: Array<{ path: string; body: string }> = [];
  const pages: Page[] = [];
  const tag = randomUUID().slice(0, 8);
  let subscriptionId: string | null = null;
  let connection: { id: string; inboundSecret: string };

  beforeAll(async () => {
    system = await TestSystem.start({
      listen: true,
      webhookRetry: { initialIntervalMs: 300, maximumIntervalMs: 1_000, maximumAttempts: 4 },
    });
    browser = await launchChromium();
    bridge = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ path: req.url ?? '/', body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => bridge.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(bridge.address() as AddressInfo).port}`;
    const baltic = (await system.adminEm().findOneOrFail(Organization, { name: 'Baltic Retail UAB' })).id;
    const made = await system.injectAs('admin', {
      method: 'POST',
      url: '/messaging-connections',
      payload: { organizationId: baltic, name: `Slack ${tag}`, kind: 'slack', outboundUrl: `${base}/replies` },
    });
    expect(made.statusCode).toBe(201);
    connection = made.result as { id: string; inboundSecret: string };
    subscriptionId = (made.result as { subscriptionId: string | null }).subscriptionId;
  }, 300_000);

  afterAll(async () => {
    for (const page of pages) await page.goto('about:blank').catch(() => undefined);
    await browser?.close();
    if (subscriptionId) await system?.injectAs('admin', { method: 'DELETE', url: `/webhooks/${subscriptionId}` });
    bridge?.closeAllConnections();
    await new Promise((resolve) => bridge?.close(resolve));
    await system?.close();
  });

  it('labels the slack ticket in the queue, filters by channel, and delivers the agent’s reply to the bridge', async () => {
    const raw = JSON.stringify({
      messageId: `m-${tag}`,
      conversationId: `c-${tag}`,
      sender: { externalId: `U-${tag}`, name: 'Ieva' },
      text: `Till frozen ${tag}`,
    });
    const ts = String(Math.floor(Date.now() / 1000));
    const posted = await system.server.inject({
      method: 'POST',
      url: `/messaging/${connection.id}/messages`,
      headers: {
        'content-type': 'application/json',
        'x-flowdesk-timestamp': ts,
        'x-flowdesk-signature': phoneSignature(connection.inboundSecret, ts, raw),
      },
      payload: raw,
    });
    expect(posted.statusCode).toBe(200);
    const { ticketNumber } = posted.result as { ticketNumber: string };

    const desk = await signedInPage(browser, `${system.url}/desk?queue=all&q=${tag}`, 'tomas');
    pages.push(desk);
    const row = desk.locator(`[data-testid="ticket-row"][data-number="${ticketNumber}"]`);
    await row.waitFor(SHOWN);
    await row.getByTestId('ticket-channel').filter({ hasText: 'Slack' }).waitFor(SHOWN);
    // The channel filter keeps it under Slack and drops it under E-mail.
    await desk.getByTestId('channel-filter').selectOption('mail');
    await desk.waitForURL(/channel=mail/, SHOWN);
    await row.waitFor({ state: 'detached', ...SHOWN });
    await desk.getByTestId('channel-filter').selectOption('slack');
    await row.waitFor(SHOWN);

    await row.getByTestId('ticket-link').click();
    await desk.getByTestId('reply-channel').filter({ hasText: 'back to Slack' }).waitFor(SHOWN);
    await desk.getByTestId('entry-body-input').fill(`Restart it, please ${tag}`);
    await desk.getByTestId('entry-send-button').click();
    await eventually(
      () =>
        expect(received.filter((r) => r.path === '/replies').map((r) => JSON.parse(r.body).data.text as string)).toEqual([
          `Restart it, please ${tag}`,
        ]),
      60_000,
    );
  }, 180_000);
});
