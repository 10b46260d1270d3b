// Over 300 lines because a chat's whole path is one story: widget, queue, take, push both ways, timeout, hours, form.
import { randomUUID } from 'node:crypto';
import { Organization } from '../../service-catalog/identity/domain/organization.entity';
import { Chat } from '../../service-catalog/chat/domain/chat.entities';
import { Ticket } from '../../service-catalog/tickets/domain/ticket.entity';
import { TicketEntry } from '../../service-catalog/tickets/domain/ticket-entry.entity';
import { eventually } from '../support/eventually';
import { incidentProcess } from '../support/fixtures';
import { ChatStream } from '../support/chat-stream';
import { TestSystem } from '../support/test-system';

const SHOP = 'http://shop.baltic.test';

/**
 * Live chat (issue 25) on real servers: a widget visitor's chat becomes a ticket on the chat channel,
 * waits in the routed group's queue with a position, is taken by one agent (the second gets 409), and
 * messages and typing reach the other side over server-sent events fed by LISTEN/NOTIFY, on two API
 * nodes; a chat nobody takes becomes a plain ticket; outside business hours it is a ticket at once; the
 * contact form raises a ticket behind a rate limit and a honeypot.
 */
describe('live chat, widget and contact form', () => {
  let nodeA: TestSystem;
  let nodeB: TestSystem;
  let siteKey: string;
  let baltic: string;
  const streams: ChatStream[] = [];
  const triage = incidentProcess('chat');

  beforeAll(async () => {
    const processes = { incident: triage.processId } as const;
    // Nodes of one deployment share the token secret: a chat token issued by one opens the chat on the other.
    const security = { jwtSecret: `chat-test-${randomUUID()}` };
    nodeA = await TestSystem.start({ listen: true, ticketProcessIds: processes, chatSweepMs: 500, security });
    nodeB = await TestSystem.start({ listen: true, ticketProcessIds: processes, chatSweepMs: 500, security });
    expect((await nodeA.injectAs('marta', { method: 'POST', url: '/process-definitions', payload: { xml: triage.xml } })).statusCode).toBe(
      201,
    );
    expect(
      (
        await nodeA.injectAs('admin', {
          method: 'PUT',
          url: '/routing-rules/default',
          payload: { assignmentGroup: 'service-desk' },
        })
      ).statusCode,
    ).toBe(200);
    baltic = (await nodeA.adminEm().findOneOrFail(Organization, { name: 'Baltic Retail UAB' })).id;
    const site = await nodeA.injectAs('admin', {
      method: 'POST',
      url: '/chat-sites',
      payload: { organizationId: baltic, name: 'Baltic shop', allowedOrigins: [`${SHOP}/`] },
    });
    expect(site.statusCode).toBe(201);
    siteKey = (site.result as { siteKey: string }).siteKey;
    expect((site.result as { allowedOrigins: string[] }).allowedOrigins).toEqual([SHOP]);
  }, 300_000);

  afterAll(async () => {
    streams.forEach((s) => s.close());
    await nodeA?.close();
    await nodeB?.close();
  });

  // Each visitor comes from an address of its own: chats started per address are rate limited, and these
  // cases are about queueing and hours, not about that limit.
  let visitors = 0;
  const visitor = (system: TestSystem, payload: object, origin = SHOP) =>
    system.server.inject({
      method: 'POST',
      url: '/chat/sessions',
      headers: { origin },
      payload,
      remoteAddress: `198.51.100.${++visitors}`,
    });
  const open = async (system: TestSystem, chatId: string, headers: Record<string, string>) => {
    const s = await ChatStream.open(`${system.url}/chats/${chatId}/events`, headers);
    streams.push(s);
    return s;
  };

  it('refuses unknown site keys, foreign origins, missing visitor details and long messages, naming the field', async () => {
    const unknown = await visitor(nodeA, { siteKey: 'fdk_unknownunknownunknown', name: 'Ona', email: 'ona@shop.test', message: 'Hi' });
    expect(unknown.statusCode).toBe(403);
    expect(unknown.payload).toMatch(/site key/);
    const foreign = await visitor(nodeA, { siteKey, name: 'Ona', email: 'ona@shop.test', message: 'Hi' }, 'http://evil.test');
    expect(foreign.statusCode).toBe(403);
    expect(foreign.payload).toMatch(/evil\.test/);
    const missing = await visitor(nodeA, { siteKey, message: 'Hi' });
    expect(missing.statusCode).toBe(400);
    expect(missing.payload).toMatch(/payload\.name/);
    expect(missing.payload).toMatch(/payload\.email/);
    const long = await visitor(nodeA, { siteKey, name: 'Ona', email: 'ona@shop.test', message: 'x'.repeat(2001) });
    expect(long.statusCode).toBe(400);
    expect(long.payload).toMatch(/message/);
    const availability = await nodeA.server.inject({
      method: 'GET',
      url: `/chat/availability?siteKey=${siteKey}`,
      headers: { origin: SHOP },
    });
    expect(availability.result).toEqual({ open: true, backAt: null });
  });

  it('queues a visitor’s chat as a ticket, lets one agent take it and pushes both ways across two nodes', async () => {
    const started = await visitor(nodeA, { siteKey, name: 'Ona Shopper', email: 'ona@shop.test', message: 'My <b>order</b> is stuck' });
    expect(started.statusCode).toBe(201);
    const chat = started.result as {
      chatId: string;
      token: string;
      state: string;
      position: number;
      waitSeconds: number;
      ticketNumber: string;
    };
    expect(chat).toMatchObject({ state: 'waiting', position: 1 });
    expect(chat.waitSeconds).toBeGreaterThan(0);
    const second = (await visitor(nodeB, { siteKey, name: 'Jonas', email: 'jonas@shop.test', message: 'Me too' })).result as {
      chatId: string;
      token: string;
      position: number;
    };
    expect(second.position).toBe(2);

    const ticket = await nodeA.adminEm().findOneOrFail(Ticket, { number: chat.ticketNumber });
    expect({ channel: ticket.channel, organizationId: ticket.organizationId, type: ticket.type }).toEqual({
      channel: 'chat',
      organizationId: baltic,
      type: 'incident',
    });

    // The visitor's stream on node B; a token of another chat or none opens nothing.
    const ona = await open(nodeB, chat.chatId, { 'x-chat-token': chat.token });
    expect(ona.status).toBe(200);
    expect((await open(nodeB, chat.chatId, { 'x-chat-token': second.token })).status).toBe(403);
    expect((await open(nodeB, chat.chatId, {})).status).toBe(401);
    await eventually(() => expect(ona.messages()).toEqual([{ author: 'visitor', body: 'My <b>order</b> is stuck' }]), 20_000);

    // Offered to the service desk: tomas and marta see it; nils (network) does not.
    const desk = (await nodeA.injectAs('tomas', { method: 'GET', url: '/chats' })).result as { waiting: Array<{ chatId: string }> };
    expect(desk.waiting.map((c) => c.chatId)).toEqual(expect.arrayContaining([chat.chatId, second.chatId]));
    expect(((await nodeA.injectAs('nils', { method: 'GET', url: '/chats' })).result as { waiting: unknown[] }).waiting).toEqual([]);
    // Nils serves Nordic only: a Baltic chat does not exist for him.
    expect((await nodeA.injectAs('nils', { method: 'POST', url: `/chats/${chat.chatId}/take` })).statusCode).toBe(404);
    // Agne serves Baltic but is in the network group: not offered to her.
    const agne = await nodeA.injectAs('agne', { method: 'POST', url: `/chats/${chat.chatId}/take` });
    expect(agne.statusCode).toBe(403);
    expect(agne.payload).toMatch(/NOT_IN_GROUP/);

    const take = await nodeA.injectAs('tomas', { method: 'POST', url: `/chats/${chat.chatId}/take` });
    expect(take.statusCode).toBe(200);
    expect(take.result).toMatchObject({ state: 'active', agentName: expect.any(String) });
    const late = await nodeB.injectAs('admin', { method: 'POST', url: `/chats/${chat.chatId}/take` });
    expect(late.statusCode).toBe(409);
    expect(late.payload).toMatch(/CHAT_TAKEN/);
    const tomasId = (await nodeA.injectAs('tomas', { method: 'GET', url: '/me' })).result as { id: string };
    await eventually(async () => {
      const fresh = await nodeA.adminEm().findOneOrFail(Ticket, { id: ticket.id });
      expect(fresh.assigneeId).toBe(tomasId.id);
    }, 20_000);
    await eventually(() => expect(ona.states()).toContain('active'), 20_000);
    // The second visitor moves up.
    const secondNow = await nodeA.server.inject({
      method: 'GET',
      url: `/chats/${second.chatId}`,
      headers: { 'x-chat-token': second.token },
    });
    expect(secondNow.result).toMatchObject({ position: 1 });

    // The agent's stream (signed in) on node A hears the visitor type and write; the visitor hears the answer.
    const tomasToken = await nodeA.tokenFor('tomas');
    const agentStream = await open(nodeA, chat.chatId, { authorization: `Bearer ${tomasToken}` });
    expect(agentStream.status).toBe(200);
    expect(
      (await nodeB.server.inject({ method: 'POST', url: `/chats/${chat.chatId}/typing`, headers: { 'x-chat-token': chat.token } }))
        .statusCode,
    ).toBe(204);
    await eventually(() => expect(agentStream.heard.some((h) => h.event === 'typing' && h.data.who === 'visitor')).toBe(true), 20_000);
    expect(ona.heard.some((h) => h.event === 'typing')).toBe(false);

    // A canned response, rendered for the chat's ticket, answers the visitor.
    const canned = await nodeA.injectAs('marta', {
      method: 'POST',
      url: '/canned-responses',
      payload: { title: `Chat hello ${chat.ticketNumber}`, body: 'Hello {{ticket.number}}, I am looking into it.' },
    });
    expect(canned.statusCode).toBe(201);
    const rendered = await nodeA.injectAs('tomas', {
      method: 'POST',
      url: `/canned-responses/${(canned.result as { id: string }).id}/render`,
      payload: { ticketNumber: chat.ticketNumber },
    });
    expect(rendered.statusCode).toBe(200);
    const text = (rendered.result as { body: string }).body;
    expect(text).toContain(chat.ticketNumber);
    const answer = await nodeA.injectAs('tomas', { method: 'POST', url: `/chats/${chat.chatId}/messages`, payload: { body: text } });
    expect(answer.statusCode).toBe(201);
    await eventually(() => expect(ona.messages()).toContainEqual({ author: 'agent', body: text }), 20_000);
    // Marta did not take it: she may read it, not answer in it.
    expect(
      (await nodeA.injectAs('marta', { method: 'POST', url: `/chats/${chat.chatId}/messages`, payload: { body: 'Hi' } })).statusCode,
    ).toBe(403);
    const reply = await nodeB.server.inject({
      method: 'POST',
      url: `/chats/${chat.chatId}/messages`,
      headers: { 'x-chat-token': chat.token },
      payload: { body: 'Thanks!' },
    });
    expect(reply.statusCode).toBe(201);
    await eventually(() => expect(agentStream.messages().map((m) => m.body)).toContain('Thanks!'), 20_000);
    const tooLong = await nodeB.server.inject({
      method: 'POST',
      url: `/chats/${chat.chatId}/messages`,
      headers: { 'x-chat-token': chat.token },
      payload: { body: 'y'.repeat(2001) },
    });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.payload).toMatch(/payload\.body|"body"/);

    // A reconnect after the visitor's first message gets only what came since.
    const first = ona.heard.find((h) => h.event === 'message')!.data.id as string;
    const again = await nodeB.server.inject({
      method: 'GET',
      url: `/chats/${chat.chatId}/events?after=${first}`,
      headers: { 'x-chat-token': chat.token },
    });
    expect(again.payload).toContain('Thanks!');
    expect(again.payload).not.toContain('is stuck');

    // The transcript is the ticket's public replies.
    const entries = await nodeA.adminEm().find(TicketEntry, { ticketId: ticket.id }, { orderBy: { createdAt: 'asc' } });
    expect(entries.map((e) => e.body)).toEqual(['My <b>order</b> is stuck', text, 'Thanks!']);

    const ended = await nodeA.injectAs('tomas', { method: 'POST', url: `/chats/${chat.chatId}/end` });
    expect(ended.result).toMatchObject({ state: 'ended' });
    await eventually(() => expect(ona.states()).toContain('ended'), 20_000);
  }, 180_000);

  it('follows every chat an agent holds on one stream, each event naming its chat', async () => {
    const start = async (name: string, message: string) => {
      const started = await visitor(nodeA, { siteKey, name, email: `${name.toLowerCase()}@shop.test`, message });
      expect(started.statusCode).toBe(201);
      const chat = started.result as { chatId: string; token: string };
      expect((await nodeA.injectAs('tomas', { method: 'POST', url: `/chats/${chat.chatId}/take` })).statusCode).toBe(200);
      return chat;
    };
    const rasa = await start('Rasa', 'Printer jammed');
    const paulius = await start('Paulius', 'Badge rejected');
    const tomasToken = await nodeA.tokenFor('tomas');
    const both = await ChatStream.open(`${nodeA.url}/chats/events?chat=${rasa.chatId}&chat=${paulius.chatId}`, {
      authorization: `Bearer ${tomasToken}`,
    });
    streams.push(both);
    expect(both.status).toBe(200);
    const heard = (event: string) => both.heard.filter((h) => h.event === event).map((h) => h.data);
    await eventually(() => {
      expect(heard('message')).toContainEqual({ chatId: rasa.chatId, message: expect.objectContaining({ body: 'Printer jammed' }) });
      expect(heard('message')).toContainEqual({ chatId: paulius.chatId, message: expect.objectContaining({ body: 'Badge rejected' }) });
      expect(heard('state').map((s) => s.chatId)).toEqual(expect.arrayContaining([rasa.chatId, paulius.chatId]));
    }, 20_000);

    // What a visitor does on the other node reaches the agent's one stream, labelled with her chat.
    const said = await nodeB.server.inject({
      method: 'POST',
      url: `/chats/${paulius.chatId}/messages`,
      headers: { 'x-chat-token': paulius.token },
      payload: { body: 'Still rejected' },
    });
    expect(said.statusCode).toBe(201);
    expect(
      (await nodeB.server.inject({ method: 'POST', url: `/chats/${rasa.chatId}/typing`, headers: { 'x-chat-token': rasa.token } }))
        .statusCode,
    ).toBe(204);
    await eventually(() => {
      expect(heard('message')).toContainEqual({ chatId: paulius.chatId, message: expect.objectContaining({ body: 'Still rejected' }) });
      expect(heard('typing')).toContainEqual({ chatId: rasa.chatId, who: 'visitor' });
    }, 20_000);
    // The agent's own typing is not echoed back to him.
    expect(heard('typing').every((t) => t.who === 'visitor')).toBe(true);

    // A reconnect names the last message it has of each chat and gets only what came after it.
    const first = (heard('message').find((m) => m.chatId === paulius.chatId)!.message as { id: string }).id;
    const again = await nodeA.injectAs('tomas', {
      method: 'GET',
      url: `/chats/events?chat=${paulius.chatId}:${first}&chat=${rasa.chatId}`,
    });
    expect(again.statusCode).toBe(200);
    expect(again.payload).toContain('Still rejected');
    expect(again.payload).not.toContain('Badge rejected');
    expect(again.payload).toContain('Printer jammed');

    // Bad input is named; a requester has no desk stream.
    const bad = await nodeA.injectAs('tomas', { method: 'GET', url: '/chats/events?chat=printer' });
    expect(bad.statusCode).toBe(400);
    expect(bad.payload).toMatch(/chat/);
    expect((await nodeA.injectAs('tomas', { method: 'GET', url: '/chats/events' })).statusCode).toBe(400);
    const twice = await nodeA.injectAs('tomas', { method: 'GET', url: `/chats/events?chat=${rasa.chatId}&chat=${rasa.chatId}:${first}` });
    expect(twice.statusCode).toBe(400);
    expect((await nodeA.injectAs('rita', { method: 'GET', url: `/chats/events?chat=${rasa.chatId}` })).statusCode).toBe(403);

    for (const chat of [rasa, paulius]) {
      expect((await nodeA.injectAs('tomas', { method: 'POST', url: `/chats/${chat.chatId}/end` })).statusCode).toBe(200);
    }
  }, 180_000);

  it('turns a chat nobody takes in the group’s time into a plain ticket and tells the visitor', async () => {
    expect(
      (await nodeA.injectAs('admin', { method: 'PUT', url: '/chat-queues/service-desk', payload: { offerSeconds: 10 } })).statusCode,
    ).toBe(200);
    try {
      const started = (await visitor(nodeA, { siteKey, name: 'Petras', email: 'petras@shop.test', message: 'Anyone?' })).result as {
        chatId: string;
        token: string;
        ticketNumber: string;
      };
      const petras = await open(nodeA, started.chatId, { 'x-chat-token': started.token });
      await eventually(() => expect(petras.states()).toContain('ticket'), 60_000, 250);
      await eventually(
        () => expect(petras.messages().some((m) => m.author === 'system' && m.body.includes(started.ticketNumber))).toBe(true),
        20_000,
      );
      const row = await nodeA.adminEm().findOneOrFail(Chat, { id: started.chatId });
      expect(row.state).toBe('ticket');
      // Taking it now is too late.
      expect((await nodeA.injectAs('tomas', { method: 'POST', url: `/chats/${started.chatId}/take` })).statusCode).toBe(409);
      // The visitor's acknowledgement went to the address they gave.
      // Either node may have swept it: each has its own mail sink.
      const mailed = () =>
        [nodeA, nodeB].flatMap((n) => n.mail.sink!.messages).filter((m) => JSON.stringify(m).includes('petras@shop.test'));
      await eventually(() => expect(mailed().length).toBeGreaterThan(0), 20_000);
    } finally {
      await nodeA.injectAs('admin', { method: 'PUT', url: '/chat-queues/service-desk', payload: { offerSeconds: 180 } });
    }
  }, 300_000);

  it('outside business hours takes a ticket instead and says when the desk is back', async () => {
    // Hours only on a weekday that is not today (UTC), so now is closed.
    const today = ((new Date().getUTCDay() + 6) % 7) + 1;
    const other = (today % 7) + 1;
    const calendar = await nodeA.injectAs('admin', {
      method: 'POST',
      url: '/business-calendars',
      payload: {
        name: `Chat hours ${Date.now()}`,
        definition: { timeZone: 'UTC', weekly: { [other]: [{ start: '09:00', end: '17:00' }] } },
      },
    });
    expect(calendar.statusCode).toBe(201);
    const calendarId = (calendar.result as { id: string }).id;
    await nodeA.injectAs('admin', { method: 'PUT', url: '/chat-queues/service-desk', payload: { offerSeconds: 180, calendarId } });
    try {
      const availability = await nodeA.server.inject({ method: 'GET', url: `/chat/availability?siteKey=${siteKey}` });
      const { open: isOpen, backAt } = availability.result as { open: boolean; backAt: string };
      expect(isOpen).toBe(false);
      expect(new Date(backAt).getUTCHours()).toBe(9);
      const started = await visitor(nodeA, { siteKey, name: 'Late', email: 'late@shop.test', message: 'At night' });
      expect(started.statusCode).toBe(201);
      expect(started.result).toMatchObject({ state: 'ticket', backAt });
    } finally {
      await nodeA.injectAs('admin', { method: 'PUT', url: '/chat-queues/service-desk', payload: { offerSeconds: 180, calendarId: null } });
    }
  }, 60_000);

  it('the contact form raises a ticket on the form channel, behind a honeypot and a rate limit', async () => {
    const form = (extra: object = {}) =>
      nodeB.server.inject({
        method: 'POST',
        url: '/contact',
        headers: { origin: SHOP },
        remoteAddress: '10.9.8.7',
        payload: {
          siteKey,
          name: 'Form Sender',
          email: 'form@shop.test',
          subject: 'Invoice question',
          message: 'Where is my invoice?',
          fields: { order: 'A-17' },
          ...extra,
        },
      });
    const accepted = await form();
    expect(accepted.statusCode).toBe(202);
    const tickets = await nodeA.adminEm().find(Ticket, { channel: 'form', title: 'Invoice question' });
    expect(tickets).toHaveLength(1);
    expect(tickets[0]!.description).toContain('order: A-17');
    expect(tickets[0]!.organizationId).toBe(baltic);

    const bot = await form({ subject: 'Cheap pills', website: 'http://spam.test' });
    expect(bot.statusCode).toBe(202);
    expect(await nodeA.adminEm().count(Ticket, { title: 'Cheap pills' })).toBe(0);

    const missing = await nodeB.server.inject({ method: 'POST', url: '/contact', payload: { siteKey, name: 'X', email: 'x@shop.test' } });
    expect(missing.statusCode).toBe(400);
    expect(missing.payload).toMatch(/payload\.subject/);
    const unknown = await nodeB.server.inject({
      method: 'POST',
      url: '/contact',
      payload: { siteKey: 'fdk_nobodyissuedthiskey', name: 'X', email: 'x@shop.test', subject: 'S', message: 'M' },
    });
    expect(unknown.statusCode).toBe(403);

    // Five a minute per address: the sixth waits.
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await form({ subject: `Burst ${i}` })).statusCode);
    expect(statuses).toContain(429);
    const limited = await form({ subject: 'After the burst' });
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBeDefined();
  }, 60_000);

  it('limits the chats one address starts, counted across both nodes', async () => {
    const start = (system: TestSystem, i: number) =>
      system.server.inject({
        method: 'POST',
        url: '/chat/sessions',
        headers: { origin: SHOP },
        remoteAddress: '203.0.113.77',
        payload: { siteKey, name: `Burst ${i}`, email: `burst${i}@shop.test`, message: 'Hello?' },
      });
    // Five at once, then one every 12 s: however slow the machine, the burst meets the limit within ten.
    const statuses: number[] = [];
    let limited: Awaited<ReturnType<typeof start>> | undefined;
    for (let i = 0; i < 10 && !limited; i++) {
      const answer = await start(i % 2 ? nodeB : nodeA, i);
      statuses.push(answer.statusCode);
      if (answer.statusCode === 429) limited = answer;
    }
    expect(statuses.slice(0, 5)).toEqual([201, 201, 201, 201, 201]);
    if (!limited) throw new Error(`no 429 in ${statuses.join(', ')}`);
    expect(limited.headers['retry-after']).toBeDefined();
    expect(limited.payload).toMatch(/too many chats started/);
    // Another address is not held back by it.
    expect((await visitor(nodeA, { siteKey, name: 'Other', email: 'other@shop.test', message: 'Hi' })).statusCode).toBe(201);
  }, 60_000);
});
