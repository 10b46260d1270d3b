import { randomUUID } from 'node:crypto';
import { AuditLog } from '../../service-catalog/audit/audit-log.entity';
import { phoneSignature } from '../../service-catalog/chat/domain/phone-calls';
import { Organization } from '../../service-catalog/identity/domain/organization.entity';
import { WebhookSubscription } from '../../service-catalog/webhooks/domain/webhook.entities';
import { TestSystem } from '../support/test-system';

interface Switched {
  id: string;
  name: string;
  active: boolean;
  disabledAt: string | null;
}

/**
 * An admin switches a chat site, a telephony line and a messaging connection off and on again
 * (docs/channels.md): while off, the widget and the contact form refuse the site's key, and signed
 * telephony events and bridged messages are refused after their signature was checked (a forger learns
 * nothing new); the connection's outbound webhook subscription pauses with it. Each switch is an audit
 * entry of its own; a rename is an `updated` entry with before and after.
 */
describe('switching channels off and on', () => {
  let system: TestSystem;
  const tag = randomUUID().slice(0, 8);
  let baltic: string;

  beforeAll(async () => {
    system = await TestSystem.start();
    baltic = (await system.adminEm().findOneOrFail(Organization, { name: 'Baltic Retail UAB' })).id;
  }, 300_000);
  afterAll(async () => {
    await system?.close();
  });

  const patch = (url: string, payload: object, as = 'admin') => system.injectAs(as, { method: 'PATCH', url, payload });
  const listed = async (url: string, id: string) =>
    ((await system.injectAs('admin', { method: 'GET', url })).result as Switched[]).find((c) => c.id === id)!;
  const signed = (url: string, secret: string, body: object, headers: Record<string, string> = {}) => {
    const raw = JSON.stringify(body);
    const timestamp = String(Math.floor(Date.now() / 1000));
    return system.server.inject({
      method: 'POST',
      url,
      headers: {
        'content-type': 'application/json',
        'x-flowdesk-timestamp': timestamp,
        'x-flowdesk-signature': phoneSignature(secret, timestamp, raw),
        ...headers,
      },
      payload: raw,
    });
  };
  const audited = async (entityId: string) =>
    (await system.adminEm().find(AuditLog, { entityId }, { orderBy: { id: 'asc' } })).map((a) => a.action);

  it('a switched-off chat site refuses its widget and contact form until it is switched on again', async () => {
    const created = await system.injectAs('admin', {
      method: 'POST',
      url: '/chat-sites',
      payload: { organizationId: baltic, name: `Shop ${tag}`, allowedOrigins: ['https://shop.example.com'] },
    });
    expect(created.statusCode).toBe(201);
    const site = created.result as Switched & { siteKey: string };
    expect(site.active).toBe(true);
    expect(site.disabledAt).toBeNull();
    const contact = () =>
      system.server.inject({
        method: 'POST',
        url: '/contact',
        payload: { siteKey: site.siteKey, name: 'Ieva', email: `ieva-${tag}@example.com`, subject: 'Till', message: 'The till is down' },
      });
    const availability = () => system.server.inject({ method: 'GET', url: `/chat/availability?siteKey=${site.siteKey}` });
    expect((await availability()).statusCode).toBe(200);

    const off = await patch(`/chat-sites/${site.id}`, { active: false });
    expect(off.statusCode).toBe(200);
    expect(off.result).toMatchObject({ id: site.id, active: false });
    expect(await listed('/chat-sites', site.id)).toMatchObject({ active: false, disabledAt: expect.any(Date) });
    const refused = await contact();
    expect(refused.statusCode).toBe(403);
    expect(JSON.parse(refused.payload)).toMatchObject({ code: 'CHAT_SITE_DISABLED', message: expect.stringContaining('not available') });
    expect(JSON.parse((await availability()).payload)).toMatchObject({ code: 'CHAT_SITE_DISABLED' });

    const on = await patch(`/chat-sites/${site.id}`, {
      active: true,
      name: `Shop ${tag} (EU)`,
      allowedOrigins: ['https://eu.shop.example.com/basket'],
    });
    expect(on.statusCode).toBe(200);
    expect(on.result).toMatchObject({
      active: true,
      disabledAt: null,
      name: `Shop ${tag} (EU)`,
      allowedOrigins: ['https://eu.shop.example.com'],
    });
    expect((await contact()).statusCode).toBe(202);
    expect(await audited(site.id)).toEqual(['chatSite.created', 'chatSite.disabled', 'chatSite.enabled', 'chatSite.updated']);
  });

  it('a switched-off telephony line refuses signed events, and a forged one as before', async () => {
    const created = await system.injectAs('admin', {
      method: 'POST',
      url: '/phone-lines',
      payload: { organizationId: baltic, name: `PBX ${tag}` },
    });
    expect(created.statusCode).toBe(201);
    const line = created.result as Switched & { secret: string };
    expect(line).toMatchObject({ active: true, disabledAt: null });
    const event = (callId: string) => ({ callId, event: 'started', callerNumber: '+370 600 00000' });

    expect((await patch(`/phone-lines/${line.id}`, { active: false })).result).toMatchObject({ active: false });
    const refused = await signed('/phone/events', line.secret, event(`off-${tag}`), { 'x-flowdesk-line': line.id });
    expect(refused.statusCode).toBe(403);
    expect(JSON.parse(refused.payload)).toMatchObject({ code: 'PHONE_LINE_DISABLED' });
    const forged = await signed('/phone/events', 'not-the-secret', event(`forged-${tag}`), { 'x-flowdesk-line': line.id });
    expect(forged.statusCode).toBe(403);
    expect(JSON.parse(forged.payload).code).not.toBe('PHONE_LINE_DISABLED');

    expect((await patch(`/phone-lines/${line.id}`, { active: true })).result).toMatchObject({ active: true, disabledAt: null });
    const accepted = await signed('/phone/events', line.secret, event(`on-${tag}`), { 'x-flowdesk-line': line.id });
    expect(accepted.statusCode).toBe(200);
    expect(await audited(line.id)).toEqual(['phoneLine.created', 'phoneLine.disabled', 'phoneLine.enabled']);
  });

  it('a switched-off messaging connection refuses inbound messages and pauses its outbound subscription', async () => {
    const created = await system.injectAs('admin', {
      method: 'POST',
      url: '/messaging-connections',
      payload: { organizationId: baltic, name: `Slack ${tag}`, kind: 'slack', outboundUrl: 'https://hooks.example.com/flowdesk' },
    });
    expect(created.statusCode).toBe(201);
    const connection = created.result as Switched & { inboundSecret: string; subscriptionId: string };
    const message = (n: number) => ({
      messageId: `m-${tag}-${n}`,
      conversationId: `c-${tag}`,
      sender: { externalId: `u-${tag}`, name: 'Ieva' },
      text: `message ${n}`,
    });
    const subscriptionActive = async () =>
      (await system.adminEm().findOneOrFail(WebhookSubscription, { id: connection.subscriptionId })).active;

    expect((await patch(`/messaging-connections/${connection.id}`, { active: false })).result).toMatchObject({ active: false });
    expect(await listed('/messaging-connections', connection.id)).toMatchObject({ active: false, disabledAt: expect.any(Date) });
    expect(await subscriptionActive()).toBe(false);
    const refused = await signed(`/messaging/${connection.id}/messages`, connection.inboundSecret, message(1));
    expect(refused.statusCode).toBe(403);
    expect(JSON.parse(refused.payload)).toMatchObject({ code: 'MESSAGING_CONNECTION_DISABLED' });
    expect((await signed(`/messaging/${connection.id}/messages`, 'forged', message(2))).statusCode).toBe(401);

    expect((await patch(`/messaging-connections/${connection.id}`, { active: true })).result).toMatchObject({ active: true });
    expect(await subscriptionActive()).toBe(true);
    expect((await signed(`/messaging/${connection.id}/messages`, connection.inboundSecret, message(3))).statusCode).toBe(200);
    expect(await audited(connection.id)).toEqual([
      'messagingConnection.created',
      'messagingConnection.disabled',
      'messagingConnection.enabled',
    ]);
  });

  it('names what was wrong: nothing to change, an unknown channel, a bad origin, and agents may not switch', async () => {
    const empty = await patch(`/phone-lines/${randomUUID()}`, {});
    expect(empty.statusCode).toBe(400);
    const unknown = await patch(`/chat-sites/${randomUUID()}`, { active: false });
    expect(unknown.statusCode).toBe(404);
    expect(JSON.parse(unknown.payload)).toMatchObject({ code: 'CHAT_SITE_NOT_FOUND' });
    const notFoundConnection = await patch(`/messaging-connections/${randomUUID()}`, { name: 'x' });
    expect(JSON.parse(notFoundConnection.payload)).toMatchObject({ code: 'UNKNOWN_MESSAGING_CONNECTION' });
    const site = (
      await system.injectAs('admin', { method: 'POST', url: '/chat-sites', payload: { organizationId: baltic, name: `Bad ${tag}` } })
    ).result as Switched;
    const badOrigin = await patch(`/chat-sites/${site.id}`, { allowedOrigins: ['javascript:alert(1)'] });
    expect(badOrigin.statusCode).toBe(400);
    expect(badOrigin.payload).toContain('allowedOrigins');
    const agent = await patch(`/chat-sites/${site.id}`, { active: false }, 'tomas');
    expect(agent.statusCode).toBe(403);
    expect(await listed('/chat-sites', site.id)).toMatchObject({ active: true });
  });
});
