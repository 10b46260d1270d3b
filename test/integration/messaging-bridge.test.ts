import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { phoneSignature } from '../../service-catalog/chat/domain/phone-calls';
import { Organization } from '../../service-catalog/identity/domain/organization.entity';
import { User } from '../../service-catalog/identity/domain/user.entity';
import { TicketEntry } from '../../service-catalog/tickets/domain/ticket-entry.entity';
import { Ticket } from '../../service-catalog/tickets/domain/ticket.entity';
import { verifyWebhook } from '../../service-catalog/webhooks/domain/webhook-signature';
import { eventually } from '../support/eventually';
import { TestSystem } from '../support/test-system';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A bridge's reply endpoint on loopback: records what the desk sends back. */
class BridgeReceiver {
  readonly requests: Received[] = [];
  private readonly server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      this.requests.push({ path: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200).end('ok');
    });
  });
  async start(): Promise<string> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  close() {
    this.server.closeAllConnections();
    return new Promise((r) => this.server.close(r));
  }
}

interface Connection {
  id: string;
  inboundSecret: string;
  outboundSecret: string | null;
  subscriptionId: string | null;
}

/**
 * The messaging bridge (issue 25) on real servers: signed messages thread by conversation id into one
 * ticket on the connection's channel, a replayed message id is answered with the earlier outcome and
 * stores nothing, an agent's public reply goes back to the bridge as a signed webhook (delivered by the
 * Temporal workflow), forged signatures and unknown connections are refused naming the field, and a
 * connection of one organisation cannot reach another organisation's tickets.
 */
describe('messaging bridge', () => {
  let system: TestSystem;
  const receiver = new BridgeReceiver();
  const tag = randomUUID().slice(0, 8);
  let baltic: Connection;
  let nordic: Connection;

  beforeAll(async () => {
    const base = await receiver.start();
    system = await TestSystem.start({ webhookRetry: { initialIntervalMs: 300, maximumIntervalMs: 1_000, maximumAttempts: 4 } });
    const em = system.adminEm();
    const balticId = (await em.findOneOrFail(Organization, { name: 'Baltic Retail UAB' })).id;
    const nordicId = (await em.findOneOrFail(Organization, { name: 'Nordic Logistics AS' })).id;
    const connect = async (organizationId: string, kind: string, path: string) => {
      const res = await system.injectAs('admin', {
        method: 'POST',
        url: '/messaging-connections',
        payload: { organizationId, name: `${kind} ${tag}`, kind, outboundUrl: `${base}${path}` },
      });
      expect(res.statusCode).toBe(201);
      return res.result as Connection;
    };
    baltic = await connect(balticId, 'slack', `/baltic-${tag}`);
    nordic = await connect(nordicId, 'teams', `/nordic-${tag}`);
  }, 300_000);
  afterAll(async () => {
    // The connections' subscriptions would otherwise be left for later files.
    for (const c of [baltic, nordic])
      if (c?.subscriptionId) await system?.injectAs('admin', { method: 'DELETE', url: `/webhooks/${c.subscriptionId}` });
    await system?.close();
    await receiver.close();
  });

  const post = (connection: Connection, body: object, opts: { secret?: string; raw?: string } = {}) => {
    const raw = opts.raw ?? JSON.stringify(body);
    const timestamp = String(Math.floor(Date.now() / 1000));
    return system.server.inject({
      method: 'POST',
      url: `/messaging/${connection.id}/messages`,
      headers: {
        'content-type': 'application/json',
        'x-flowdesk-timestamp': timestamp,
        'x-flowdesk-signature': phoneSignature(opts.secret ?? connection.inboundSecret, timestamp, raw),
      },
      payload: raw,
    });
  };
  const message = (conversationId: string, text: string, sender = { externalId: `U-${tag}`, name: 'Ieva on Slack' }) => ({
    messageId: randomUUID(),
    conversationId,
    sender,
    text,
  });

  it('threads a conversation into one slack ticket, ignores a replayed message and sends the agent’s reply back signed', async () => {
    const conversation = `C-${tag}`;
    const first = message(conversation, 'The <script>alert(1)</script>till in <b>shop 4</b> is frozen');
    const opened = await post(baltic, first);
    expect(opened.statusCode).toBe(200);
    const { ticketNumber, outcome } = opened.result as { ticketNumber: string; outcome: string };
    expect(outcome).toBe('created');
    const em = system.adminEm();
    const ticket = await em.findOneOrFail(Ticket, { number: ticketNumber });
    expect(ticket.channel).toBe('slack');
    expect(ticket.description).toBe('The till in shop 4 is frozen');
    // The unknown sender became a requester contact of Baltic.
    const contact = await em.findOneOrFail(User, { id: ticket.callerId! });
    expect({ name: contact.displayName, roles: contact.roles }).toEqual({ name: 'Ieva on Slack', roles: ['requester'] });

    const second = message(conversation, 'It shows error 42 now');
    expect((await post(baltic, second)).result).toEqual({ outcome: 'updated', ticketNumber, duplicate: false });
    // The bridge retries the same message: the earlier outcome, nothing stored twice.
    const replay = await post(baltic, second);
    expect(replay.statusCode).toBe(200);
    expect(replay.result).toEqual({ outcome: 'updated', ticketNumber, duplicate: true });
    const replies = await system.adminEm().find(TicketEntry, { ticketId: ticket.id, kind: 'reply' });
    expect(replies.map((r) => r.body)).toEqual(['It shows error 42 now']);
    // The sender's own message is not sent back to the bridge.
    expect(receiver.requests).toEqual([]);

    const answered = await system.injectAs('tomas', {
      method: 'POST',
      url: `/tickets/${ticketNumber}/entries`,
      payload: { kind: 'reply', body: `Restart the till, please (${tag})` },
    });
    expect(answered.statusCode).toBe(201);
    await system.injectAs('tomas', {
      method: 'POST',
      url: `/tickets/${ticketNumber}/entries`,
      payload: { kind: 'note', body: 'internal' },
    });
    const delivered = await eventually(() => {
      const got = receiver.requests.filter((r) => r.path === `/baltic-${tag}`);
      if (!got.length) throw new Error('no reply delivered to the bridge yet');
      return got;
    }, 60_000);
    expect(delivered).toHaveLength(1);
    const body = JSON.parse(delivered[0]!.body) as { type: string; data: Record<string, unknown> };
    expect(body.type).toBe('messaging.reply');
    expect(body.data).toMatchObject({
      conversationId: conversation,
      ticketNumber,
      channel: 'slack',
      text: `Restart the till, please (${tag})`,
    });
    expect(
      verifyWebhook(baltic.outboundSecret!, delivered[0]!.body, String(delivered[0]!.headers['x-flowdesk-signature']), Date.now() / 1000),
    ).toBe(true);
    // The internal note went nowhere.
    await new Promise((r) => setTimeout(r, 1500));
    expect(receiver.requests.filter((r) => r.path === `/baltic-${tag}`)).toHaveLength(1);
  }, 120_000);

  it('keeps organisations apart: the same conversation id on another organisation’s connection is its own ticket', async () => {
    const conversation = `shared-${tag}`;
    const a = (await post(baltic, message(conversation, 'Baltic question'))).result as { ticketNumber: string };
    const b = (await post(nordic, message(conversation, 'Nordic question'))).result as { ticketNumber: string; outcome: string };
    expect(b.outcome).toBe('created');
    expect(b.ticketNumber).not.toBe(a.ticketNumber);
    const em = system.adminEm();
    const [ta, tb] = [
      await em.findOneOrFail(Ticket, { number: a.ticketNumber }),
      await em.findOneOrFail(Ticket, { number: b.ticketNumber }),
    ];
    expect(ta.organizationId).not.toBe(tb.organizationId);
    expect(tb.channel).toBe('teams');
    // Nordic's later message lands on Nordic's ticket; Baltic's ticket has no entry from it.
    await post(nordic, message(conversation, 'More from Nordic'));
    expect((await em.fork().find(TicketEntry, { ticketId: ta.id, kind: 'reply' })).map((e) => e.body)).toEqual([]);
    // A Nordic agent does not see the Baltic ticket.
    expect((await system.injectAs('nils', { method: 'GET', url: `/tickets/${a.ticketNumber}` })).statusCode).toBe(404);
    // Baltic's inbound secret does not sign for Nordic's connection.
    expect((await post(nordic, message(conversation, 'x'), { secret: baltic.inboundSecret })).statusCode).toBe(401);
  }, 60_000);

  it('refuses forged signatures, unknown connections, oversized and bad messages, naming the field', async () => {
    const forged = await post(baltic, message('c', 'hello'), { secret: 'not-the-secret' });
    expect(forged.statusCode).toBe(401);
    expect(forged.payload).toMatch(/x-flowdesk-signature/);
    const unknown = await post({ ...baltic, id: '00000000-0000-4000-8000-000000000000' }, message('c', 'hello'));
    expect(unknown.statusCode).toBe(404);
    expect(unknown.payload).toMatch(/connectionId/);
    const big = await post(baltic, message('c', 'x'.repeat(10_001)));
    expect(big.statusCode).toBe(400);
    expect(big.payload).toMatch(/payload\.text/);
    const bad = await post(baltic, { messageId: 'm', conversationId: 'c', text: 'hi' });
    expect(bad.statusCode).toBe(400);
    expect(bad.payload).toMatch(/payload\.sender/);
    const notJson = await post(baltic, {}, { raw: '{nope' });
    expect(notJson.statusCode).toBe(400);
  });
});
