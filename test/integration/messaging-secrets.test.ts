import { randomUUID } from 'node:crypto';
import { phoneSignature } from '../../service-catalog/chat/domain/phone-calls';
import { MessagingConnection } from '../../service-catalog/chat/domain/messaging.entities';
import { Organization } from '../../service-catalog/identity/domain/organization.entity';
import { TestSystem } from '../support/test-system';

interface Listed {
  id: string;
  secretRotatedAt: string | null;
  previousSecretUntil: string | null;
}

/**
 * Rotating a messaging bridge's inbound secret (issue 25; docs/channels.md): the new secret is in the
 * answer only; the replaced one is still accepted for the grace the admin chose (a day by default), so
 * the bridge switches without losing a message, or refused at once with a grace of 0; a secret
 * replaced by an earlier rotation is refused from then on, and so is one whose grace has passed.
 */
describe('messaging connection secrets', () => {
  let system: TestSystem;
  const tag = randomUUID().slice(0, 8);
  let connection: { id: string; inboundSecret: string };

  beforeAll(async () => {
    system = await TestSystem.start();
    const baltic = (await system.adminEm().findOneOrFail(Organization, { name: 'Baltic Retail UAB' })).id;
    const created = await system.injectAs('admin', {
      method: 'POST',
      url: '/messaging-connections',
      payload: { organizationId: baltic, name: `Rotating ${tag}`, kind: 'whatsapp' },
    });
    expect(created.statusCode).toBe(201);
    connection = created.result as { id: string; inboundSecret: string };
  }, 300_000);

  afterAll(async () => {
    await system?.close();
  });

  let n = 0;
  const post = (secret: string) => {
    const raw = JSON.stringify({
      messageId: `m-${tag}-${++n}`,
      conversationId: `c-${tag}`,
      sender: { externalId: `wa-${tag}`, name: 'Ieva' },
      text: `message ${n}`,
    });
    const timestamp = String(Math.floor(Date.now() / 1000));
    return system.server.inject({
      method: 'POST',
      url: `/messaging/${connection.id}/messages`,
      headers: {
        'content-type': 'application/json',
        'x-flowdesk-timestamp': timestamp,
        'x-flowdesk-signature': phoneSignature(secret, timestamp, raw),
      },
      payload: raw,
    });
  };
  const rotate = (payload?: object) =>
    system.injectAs('admin', { method: 'POST', url: `/messaging-connections/${connection.id}/secret`, ...(payload ? { payload } : {}) });
  const listed = async () =>
    ((await system.injectAs('admin', { method: 'GET', url: '/messaging-connections' })).result as Listed[]).find(
      (c) => c.id === connection.id,
    )!;

  it('keeps the replaced secret valid for the grace, then refuses it; a grace of 0 refuses it at once', async () => {
    const original = connection.inboundSecret;
    expect((await post(original)).statusCode).toBe(200);

    // Given a rotation with the default grace of a day
    const before = Date.now();
    const first = await rotate();
    expect(first.statusCode).toBe(200);
    const rotated = first.result as { inboundSecret: string; previousSecretUntil: string; secretRotatedAt: string };
    expect(rotated.inboundSecret).toMatch(/^fdmsg_/);
    expect(rotated.inboundSecret).not.toBe(original);
    const until = new Date(rotated.previousSecretUntil).getTime();
    expect(until - before).toBeGreaterThanOrEqual(24 * 3600_000 - 5_000);
    expect(until - before).toBeLessThanOrEqual(24 * 3600_000 + 60_000);
    // Then both the new and the replaced secret are accepted; the list shows the grace, never a secret
    expect((await post(rotated.inboundSecret)).statusCode).toBe(200);
    expect((await post(original)).statusCode).toBe(200);
    const shown = await listed();
    expect(shown).toMatchObject({ previousSecretUntil: rotated.previousSecretUntil, secretRotatedAt: rotated.secretRotatedAt });
    expect(JSON.stringify(shown)).not.toMatch(/fdmsg_/);

    // When the grace has passed, the replaced secret is refused, naming the signature header
    await system.adminEm().nativeUpdate(MessagingConnection, { id: connection.id }, { previousSecretUntil: new Date(Date.now() - 1000) });
    const late = await post(original);
    expect(late.statusCode).toBe(401);
    expect(late.payload).toMatch(/headers\.x-flowdesk-signature/);
    expect((await listed()).previousSecretUntil).toBeNull();

    // Given a rotation with no grace (a leaked secret), then neither older secret opens anything
    const second = await rotate({ graceMinutes: 0 });
    expect(second.statusCode).toBe(200);
    const fresh = second.result as { inboundSecret: string; previousSecretUntil: string | null };
    expect(fresh.previousSecretUntil).toBeNull();
    expect((await post(rotated.inboundSecret)).statusCode).toBe(401);
    expect((await post(original)).statusCode).toBe(401);
    expect((await post(fresh.inboundSecret)).statusCode).toBe(200);

    // A third rotation with grace keeps only the secret it replaces, never one replaced before
    const third = (await rotate({ graceMinutes: 60 })).result as { inboundSecret: string; previousSecretUntil: string };
    expect(new Date(third.previousSecretUntil).getTime() - Date.now()).toBeLessThanOrEqual(3600_000);
    expect((await post(fresh.inboundSecret)).statusCode).toBe(200);
    expect((await post(rotated.inboundSecret)).statusCode).toBe(401);
    expect((await post(third.inboundSecret)).statusCode).toBe(200);
  });

  it('refuses a bad grace naming the field, an unknown connection with 404, and anyone but an admin', async () => {
    for (const graceMinutes of [-1, 7 * 24 * 60 + 1, 'soon', 1.5]) {
      const bad = await rotate({ graceMinutes });
      expect({ graceMinutes, status: bad.statusCode }).toEqual({ graceMinutes, status: 400 });
      expect(bad.payload).toMatch(/graceMinutes/);
    }
    const unknown = await system.injectAs('admin', {
      method: 'POST',
      url: `/messaging-connections/${randomUUID()}/secret`,
      payload: { graceMinutes: 0 },
    });
    expect(unknown.statusCode).toBe(404);
    const badId = await system.injectAs('admin', { method: 'POST', url: '/messaging-connections/not-a-uuid/secret' });
    expect(badId.statusCode).toBe(400);
    expect(badId.payload).toMatch(/id/);
    expect((await system.injectAs('tomas', { method: 'POST', url: `/messaging-connections/${connection.id}/secret` })).statusCode).toBe(
      403,
    );
    expect((await system.server.inject({ method: 'POST', url: `/messaging-connections/${connection.id}/secret` })).statusCode).toBe(401);
  });
});
