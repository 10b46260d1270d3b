import { randomUUID } from 'node:crypto';
import Jwt from '@hapi/jwt';
import { AuditLog } from '../../service-catalog/audit/audit-log.entity';
import { Organization } from '../../service-catalog/identity/domain/organization.entity';
import { Site } from '../../service-catalog/identity/domain/site.entity';
import { ProcessInstance } from '../../service-catalog/processes/domain/process-instance.entity';
import { incidentProcess } from '../support/fixtures';
import { TestSystem } from '../support/test-system';

const SECRET = `known-test-secret-${'x'.repeat(32)}`;
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('authentication, tenant isolation, mass assignment and audit', () => {
  let system: TestSystem;
  const as = (user: string, method: string, url: string, payload?: object) =>
    system.injectAs(user, { method, url, ...(payload ? { payload } : {}) });
  const bearer = (token: string, url = '/me') =>
    system.server.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
  const login = (username: string, password: string) =>
    system.server.inject({ method: 'POST', url: '/auth/login', payload: { username, password } });
  let tomasId: string;

  beforeAll(async () => {
    system = await TestSystem.start({ security: { jwtSecret: SECRET } });
    tomasId = ((await as('tomas', 'GET', '/me')).result as { id: string }).id;
  });
  afterAll(async () => {
    await system?.close();
  });

  describe('tokens', () => {
    // A live session of Tomas's, so that only what each case changes makes a token fail.
    let session: { sid: string; ver: number };
    beforeAll(async () => {
      const { accessToken } = (await login('tomas', 'tomas-demo-pass')).result as { accessToken: string };
      const { sid, ver } = Jwt.token.decode(accessToken).decoded.payload as { sid: string; ver: number };
      session = { sid, ver };
    });
    const claims = (over: object = {}) => ({
      sub: tomasId,
      username: 'tomas',
      roles: ['agent'],
      iss: 'flowdesk',
      aud: 'flowdesk-api',
      typ: 'access',
      ...session,
      ...over,
    });

    it('signs in, answers /me, and refuses a wrong password or unknown user alike', async () => {
      const ok = await login('tomas', 'tomas-demo-pass');
      expect(ok.statusCode).toBe(200);
      const me = await bearer((ok.result as { accessToken: string }).accessToken);
      expect(me.result).toMatchObject({ username: 'tomas', roles: ['agent'], groupKeys: ['service-desk'], via: 'jwt' });
      const wrong = await login('tomas', 'not-the-password');
      const unknown = await login('nobody-here', 'not-the-password');
      expect([wrong.statusCode, unknown.statusCode]).toEqual([401, 401]);
      expect((wrong.result as { message: string }).message).toBe((unknown.result as { message: string }).message);
    });

    it.each([
      ['expired', () => Jwt.token.generate(claims(), { key: SECRET, algorithm: 'HS256' }, { now: Date.now() - 3_600_000, ttlSec: 60 })],
      [
        'signed with another secret',
        () => Jwt.token.generate(claims(), { key: 'another-secret-of-enough-length-123456', algorithm: 'HS256' }, { ttlSec: 600 }),
      ],
      [
        'alg none',
        () =>
          `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims(), iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 600 })}.`,
      ],
      ['HS512 with our secret', () => Jwt.token.generate(claims(), { key: SECRET, algorithm: 'HS512' }, { ttlSec: 600 })],
      [
        'for another audience',
        () => Jwt.token.generate(claims({ aud: 'someone-else' }), { key: SECRET, algorithm: 'HS256' }, { ttlSec: 600 }),
      ],
      [
        'with a tampered payload',
        () => {
          const [h, , s] = Jwt.token.generate(claims(), { key: SECRET, algorithm: 'HS256' }, { ttlSec: 600 }).split('.');
          return `${h}.${b64({ ...claims({ roles: ['admin'] }), exp: Math.floor(Date.now() / 1000) + 600 })}.${s}`;
        },
      ],
      ['garbage', () => 'not.a.jwt'],
      ['without a session', () => Jwt.token.generate(claims({ sid: undefined }), { key: SECRET, algorithm: 'HS256' }, { ttlSec: 600 })],
      [
        'of a session that does not exist',
        () => Jwt.token.generate(claims({ sid: randomUUID() }), { key: SECRET, algorithm: 'HS256' }, { ttlSec: 600 }),
      ],
      [
        'of an earlier token version',
        () => Jwt.token.generate(claims({ ver: session.ver - 1 }), { key: SECRET, algorithm: 'HS256' }, { ttlSec: 600 }),
      ],
    ])('rejects a token that is %s with 401', async (_what, make) => {
      const res = await bearer(make());
      expect(res.statusCode).toBe(401);
      expect(res.headers['www-authenticate']).toContain('Bearer');
    });

    it('accepts a token it signed itself (control for the cases above)', async () => {
      const res = await bearer(Jwt.token.generate(claims(), { key: SECRET, algorithm: 'HS256' }, { ttlSec: 600 }));
      expect(res.statusCode).toBe(200);
    });

    it('rotates refresh tokens and revokes the whole sign-in when a spent one is replayed', async () => {
      const first = (await login('rita', 'rita-demo-pass')).result as { refreshToken: string };
      const refresh = (token: string) => system.server.inject({ method: 'POST', url: '/auth/refresh', payload: { refreshToken: token } });
      const second = await refresh(first.refreshToken);
      expect(second.statusCode).toBe(200);
      const next = second.result as { accessToken: string; refreshToken: string };
      expect((await bearer(next.accessToken)).statusCode).toBe(200);
      expect((await refresh(first.refreshToken)).statusCode).toBe(401); // replay of a spent token…
      expect((await refresh(next.refreshToken)).statusCode).toBe(401); // …revokes its successor too
    });

    it('logs out: the refresh token stops working', async () => {
      const pair = (await login('erik', 'erik-demo-pass')).result as { refreshToken: string };
      expect(
        (await system.server.inject({ method: 'POST', url: '/auth/logout', payload: { refreshToken: pair.refreshToken } })).statusCode,
      ).toBe(204);
      expect(
        (await system.server.inject({ method: 'POST', url: '/auth/refresh', payload: { refreshToken: pair.refreshToken } })).statusCode,
      ).toBe(401);
    });

    it('issues API tokens that act as their user until revoked', async () => {
      const created = await as('ieva', 'POST', '/api-tokens', { name: 'dispatch integration' });
      expect(created.statusCode).toBe(201);
      const { id, token } = created.result as { id: string; token: string };
      expect((await bearer(token)).result).toMatchObject({ username: 'ieva', via: 'api-token' });
      expect(((await as('ieva', 'GET', '/api-tokens')).result as { items: object[] }).items).toEqual(
        expect.arrayContaining([expect.not.objectContaining({ token: expect.anything() })]),
      );
      expect((await as('ieva', 'DELETE', `/api-tokens/${id}`)).statusCode).toBe(204);
      expect((await bearer(token)).statusCode).toBe(401);
    });

    it('stops honouring a deactivated user’s still-valid access token at once', async () => {
      const username = `leaver-${randomUUID().slice(0, 8)}`;
      const created = await as('admin', 'POST', '/users', {
        username,
        displayName: 'Leaver',
        password: 'leaver-password',
        roles: ['agent'],
      });
      const token = await system.tokenFor(username, 'leaver-password');
      expect((await bearer(token)).statusCode).toBe(200);
      await as('admin', 'PATCH', `/users/${(created.result as { id: string }).id}`, { active: false });
      expect((await bearer(token)).statusCode).toBe(401);
    });
  });

  describe('BOLA probes: another tenant’s ids answer 404 and no data', () => {
    let erikSite: { id: string; name: string; organizationId?: string | null };
    beforeAll(async () => {
      const nordic = await system.adminEm().findOneOrFail(Organization, { name: 'Nordic Logistics AS' });
      erikSite = await system.adminEm().findOneOrFail(Site, { organizationId: nordic.id });
    });

    it.each(['rita', 'agne', 'ieva'])('%s (Baltic only) cannot read a Nordic site by id or by filter', async (user) => {
      const byId = await as(user, 'GET', `/sites/${erikSite.id}`);
      expect(byId.statusCode).toBe(404);
      expect(byId.payload).not.toContain(erikSite.name);
      const list = await as(user, 'GET', `/sites?organizationId=${erikSite.organizationId}&limit=100`);
      expect(list.payload).not.toContain(erikSite.name);
      const all = await as(user, 'GET', '/sites?limit=100');
      expect(all.payload).not.toContain(erikSite.name);
    });

    it('a Nordic instance is invisible to Baltic users, and its tasks cannot be completed by guessing', async () => {
      const xml = incidentProcess('bola');
      expect((await as('marta', 'POST', '/process-definitions', { xml: xml.xml })).statusCode).toBe(201);
      const nordic = await system.adminEm().findOneOrFail(Organization, { name: 'Nordic Logistics AS' });
      const instance = (
        await as('lukas', 'POST', '/process-instances', {
          processId: xml.processId,
          businessKey: 'SECRET-NORDIC',
          organizationId: nordic.id,
        })
      ).result as { id: string; organizationId: string };
      expect(instance.organizationId).toBe(nordic.id);
      for (const user of ['rita', 'agne']) {
        const read = await as(user, 'GET', `/process-instances/${instance.id}`);
        expect(read.statusCode).toBe(404);
        expect(read.payload).not.toContain('SECRET-NORDIC');
        expect((await as(user, 'GET', '/process-instances?businessKey=SECRET-NORDIC')).result).toMatchObject({ total: 0, items: [] });
        for (const key of [1, 2, 3, 4, 5])
          expect((await as(user, 'POST', `/tasks/${instance.id}.${key}/complete`, { variables: {} })).statusCode).toBe(404);
      }
      expect((await as('rita', 'GET', `/process-instances/${randomUUID()}`)).statusCode).toBe(404);
    });

    it('fails closed: a query of a tenant-owned entity without a scope is refused, not answered with every row', async () => {
      await expect(system.orm.em.fork().find(ProcessInstance, {})).rejects.toThrow(/No arguments provided for filter 'tenant'/);
    });
  });

  describe('mass assignment', () => {
    it('refuses fields a user may not set on themselves, naming them, and changes nothing', async () => {
      const res = await as('rita', 'PATCH', '/me', { displayName: 'Rita', roles: ['admin'], organizationId: randomUUID() });
      expect(res.statusCode).toBe(400);
      expect((res.result as { details: Array<{ field: string }> }).details.map((d) => d.field)).toEqual(
        expect.arrayContaining(['payload.roles', 'payload.organizationId']),
      );
      expect((await as('rita', 'GET', '/me')).result).toMatchObject({ roles: ['requester'] });
    });

    it('refuses a requester starting a process of their choosing, with or without an organisation, and starts nothing', async () => {
      const { processId, xml } = incidentProcess('mass');
      await as('marta', 'POST', '/process-definitions', { xml });
      const nordic = await system.adminEm().findOneOrFail(Organization, { name: 'Nordic Logistics AS' });
      for (const payload of [{ processId }, { processId, organizationId: nordic.id, variables: { ticketId: randomUUID() } }]) {
        expect((await as('rita', 'POST', '/process-instances', payload)).statusCode).toBe(403);
      }
      expect(await system.adminEm().count(ProcessInstance, { processId })).toBe(0);
    });

    it('asks for the current password before changing it', async () => {
      const res = await as('paulius', 'PATCH', '/me', { password: 'a-new-password-1', currentPassword: 'wrong' });
      expect(res.statusCode).toBe(400);
      expect((res.result as { details: Array<{ field: string }> }).details[0]?.field).toBe('payload.currentPassword');
    });
  });

  describe('audit log', () => {
    it('records a mutation with actor and before/after, and nothing for a refused one', async () => {
      const name = `Audited ${randomUUID()}`;
      const created = await as('admin', 'POST', '/organizations', { name });
      const id = (created.result as { id: string }).id;
      await as('admin', 'PATCH', `/organizations/${id}`, { name: `${name} renamed` });
      const rows = await system.adminEm().find(AuditLog, { entityId: id }, { orderBy: { id: 'asc' } });
      expect(rows.map((r) => [r.action, r.actorName, r.before?.name ?? null, r.after?.name])).toEqual([
        ['organization.created', 'admin', null, name],
        ['organization.updated', 'admin', name, `${name} renamed`],
      ]);
      const before = await system.adminEm().count(AuditLog, {});
      expect((await as('admin', 'POST', '/organizations', { name: `${name} renamed` })).statusCode).toBe(409);
      expect(await system.adminEm().count(AuditLog, {})).toBe(before);
      const log = await as('admin', 'GET', `/audit-log?entityId=${id}`);
      expect(log.result).toMatchObject({ total: 2 });
    });

    it('never stores a password hash', async () => {
      const rows = await system.adminEm().find(AuditLog, { entity: 'User' }, { limit: 50 });
      expect(JSON.stringify(rows)).not.toMatch(/argon2|passwordHash/);
    });
  });
});

describe('rate limits', () => {
  let system: TestSystem;
  beforeAll(async () => {
    // Buckets that do not refill within a test, so the counts are exact and never flaky.
    system = await TestSystem.start({
      security: { rateLimit: { capacity: 5, refillPerSec: 0.001 }, loginRateLimit: { capacity: 3, refillPerSec: 0.001 } },
    });
  });
  afterAll(async () => {
    await system?.close();
  });

  it('answers 429 with Retry-After once a user has spent their bucket, without touching other users', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await system.injectAs('agne', { method: 'GET', url: '/me' })).statusCode);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    const limited = await system.injectAs('agne', { method: 'GET', url: '/me' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await system.injectAs('lukas', { method: 'GET', url: '/me' })).statusCode).toBe(200);
  });

  it('throttles sign-in attempts per address', async () => {
    const attempt = () =>
      system.server.inject({
        method: 'POST',
        url: '/auth/login',
        payload: { username: 'paulius', password: 'wrong-password' },
        remoteAddress: '203.0.113.9',
      });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await attempt()).statusCode);
    expect(statuses).toEqual([401, 401, 401, 429]);
  });
});
