/**
 * One live chat across two API OS processes (issue 25; docs/operations.md): the visitor's widget talks to
 * node A, the agent's desk to node B, as behind a load balancer with no sticky sessions. Nothing of the
 * chat lives in one process's memory: messages and typing reach the other side through PostgreSQL's
 * LISTEN/NOTIFY, the chat token node A issued opens the chat on node B, and a stream reconnecting to the
 * other node with `after=` misses nothing. The API processes run the compiled code in dist/.
 */
import { randomUUID } from 'node:crypto';
import { eventually } from '../support/eventually';
import { ChatStream } from '../support/chat-stream';
import { DeskClient } from './support/desk-client';
import { FaultCluster } from './support/fault-cluster';

const SHOP = 'http://two-nodes.shop.test';
const HEARD = 30_000;

describe('one chat, a visitor on one API process and an agent on another', () => {
  let cluster: FaultCluster;
  const streams: ChatStream[] = [];

  beforeAll(async () => {
    cluster = await FaultCluster.start({ apiNodes: 2 });
  }, 600_000);

  afterAll(async () => {
    streams.forEach((s) => s.close());
    await cluster?.close();
  }, 120_000);

  const open = async (url: string, headers: Record<string, string>) => {
    const stream = await ChatStream.open(url, headers);
    streams.push(stream);
    expect(stream.status).toBe(200);
    return stream;
  };

  it('exchange messages and typing through LISTEN/NOTIFY, and a stream moved to the other node misses nothing', async () => {
    const [urlA, urlB] = cluster.apiUrls as [string, string];
    expect(urlA).not.toBe(urlB);
    const nodeA = new DeskClient(() => urlA);
    const nodeB = new DeskClient(() => urlB);
    const tag = randomUUID().slice(0, 8);

    // Given a widget site of Baltic, set up on node A
    expect((await nodeA.request('admin', 'PUT', '/routing-rules/default', { assignmentGroup: 'service-desk' })).status).toBe(200);
    const [baltic] = await cluster.query<{ id: string }>('select id from organization where name = ?', ['Baltic Retail UAB']);
    const site = await nodeA.request('admin', 'POST', '/chat-sites', {
      organizationId: baltic!.id,
      name: `Two nodes ${tag}`,
      allowedOrigins: [SHOP],
    });
    expect(site.status).toBe(201);

    // When a visitor starts a chat on node A and follows it there
    const started = await nodeA.request(
      null,
      'POST',
      '/chat/sessions',
      { siteKey: site.body.siteKey, name: `Ona ${tag}`, email: 'ona@shop.test', message: `Hello from node A (${tag})` },
      { origin: SHOP },
    );
    expect(started.status).toBe(201);
    const { chatId, token } = started.body as { chatId: string; token: string };
    const visitor = await open(`${urlA}/chats/${chatId}/events`, { 'x-chat-token': token });

    // and an agent takes it on node B and follows it there
    const take = await nodeB.request('tomas', 'POST', `/chats/${chatId}/take`);
    expect({ status: take.status, state: take.body.state }).toEqual({ status: 200, state: 'active' });
    const agent = await open(`${urlB}/chats/${chatId}/events`, { authorization: `Bearer ${await nodeB.token('tomas')}` });
    await eventually(() => expect(agent.messages()).toEqual([{ author: 'visitor', body: `Hello from node A (${tag})` }]), HEARD);
    // Then the visitor on A hears the take made on B
    await eventually(() => expect(visitor.states()).toContain('active'), HEARD);

    // Typing on A reaches the agent on B, and typing on B the visitor on A
    expect((await nodeA.request(null, 'POST', `/chats/${chatId}/typing`, undefined, { 'x-chat-token': token })).status).toBe(204);
    await eventually(() => expect(agent.heard.some((h) => h.event === 'typing' && h.data.who === 'visitor')).toBe(true), HEARD);
    expect((await nodeB.request('tomas', 'POST', `/chats/${chatId}/typing`)).status).toBe(204);
    await eventually(() => expect(visitor.heard.some((h) => h.event === 'typing' && h.data.who === 'agent')).toBe(true), HEARD);

    // Messages both ways
    const answer = await nodeB.request('tomas', 'POST', `/chats/${chatId}/messages`, { body: `Answer from node B (${tag})` });
    expect(answer.status).toBe(201);
    await eventually(() => expect(visitor.messages()).toContainEqual({ author: 'agent', body: `Answer from node B (${tag})` }), HEARD);
    const reply = await nodeA.request(
      null,
      'POST',
      `/chats/${chatId}/messages`,
      { body: `Thanks, from A (${tag})` },
      { 'x-chat-token': token },
    );
    expect(reply.status).toBe(201);
    await eventually(() => expect(agent.messages()).toContainEqual({ author: 'visitor', body: `Thanks, from A (${tag})` }), HEARD);

    // The visitor's own stream carries its message too; `after=` names the last one it has actually seen,
    // so wait for it rather than racing the NOTIFY (else the reconnect rightly sends it again)
    await eventually(() => expect(visitor.messages()).toContainEqual({ author: 'visitor', body: `Thanks, from A (${tag})` }), HEARD);

    // When the visitor's connection drops and comes back on node B, after the last message it saw
    const lastSeen = visitor.heard.filter((h) => h.event === 'message').at(-1)!.data.id as string;
    visitor.close();
    const missed = await nodeB.request('tomas', 'POST', `/chats/${chatId}/messages`, { body: `While you were away (${tag})` });
    expect(missed.status).toBe(201);
    const back = await open(`${urlB}/chats/${chatId}/events?after=${lastSeen}`, { 'x-chat-token': token });
    // Then it gets what came meanwhile, once, and nothing from before
    await eventually(() => expect(back.messages()).toEqual([{ author: 'agent', body: `While you were away (${tag})` }]), HEARD);

    // And the ticket's public replies are the whole transcript, each message once
    const rows = await cluster.query<{ body: string }>(
      `select e.body from ticket_entry e join chat c on c.ticket_id = e.ticket_id where c.id = ? and e.kind = 'reply' order by e.created_at, e.id`,
      [chatId],
    );
    expect(rows.map((r) => r.body)).toEqual([
      `Hello from node A (${tag})`,
      `Answer from node B (${tag})`,
      `Thanks, from A (${tag})`,
      `While you were away (${tag})`,
    ]);
    expect(nodeA.tally.serverErrors.concat(nodeB.tally.serverErrors)).toEqual([]);
  }, 300_000);
});
