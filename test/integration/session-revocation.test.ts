import { randomUUID } from 'node:crypto';
import { AuditLog } from '../../service-catalog/audit/audit-log.entity';
import { TestSystem } from '../support/test-system';

type Tokens = { accessToken: string; refreshToken: string };

/**
 * Ending a sign-in ends its access tokens at once, not when they expire: logout and a replayed refresh
 * token end that session (others go on); a password change, a deactivation and an admin's revocation
 * end every session of the user. Each user here is fresh, so no other test file loses its sign-in.
 */
describe('access tokens end with their session', () => {
  let system: TestSystem;
  const password = 'first-password-1';

  beforeAll(async () => {
    system = await TestSystem.start();
  });
  afterAll(async () => {
    await system?.close();
  });

  const newUser = async () => {
    const username = `session-${randomUUID().slice(0, 8)}`;
    const created = await system.injectAs('admin', {
      method: 'POST',
      url: '/users',
      payload: { username, displayName: 'Session test', password, roles: ['agent'] },
    });
    expect(created.statusCode).toBe(201);
    return { username, id: (created.result as { id: string }).id };
  };
  const login = async (username: string, pass = password): Promise<Tokens> => {
    const res = await system.server.inject({ method: 'POST', url: '/auth/login', payload: { username, password: pass } });
    expect(res.statusCode).toBe(200);
    return res.result as Tokens;
  };
  const me = async (accessToken: string) =>
    (await system.server.inject({ method: 'GET', url: '/me', headers: { authorization: `Bearer ${accessToken}` } })).statusCode;
  const refresh = (refreshToken: string) => system.server.inject({ method: 'POST', url: '/auth/refresh', payload: { refreshToken } });
  const admin = (method: string, url: string, payload?: object) =>
    system.injectAs('admin', { method, url, ...(payload ? { payload } : {}) });

  it('logout ends that sign-in’s access token at once; another sign-in of the same user goes on', async () => {
    const { username } = await newUser();
    const laptop = await login(username);
    const phone = await login(username);
    expect([await me(laptop.accessToken), await me(phone.accessToken)]).toEqual([200, 200]);

    expect(
      (await system.server.inject({ method: 'POST', url: '/auth/logout', payload: { refreshToken: laptop.refreshToken } })).statusCode,
    ).toBe(204);
    expect(await me(laptop.accessToken)).toBe(401);
    expect((await refresh(laptop.refreshToken)).statusCode).toBe(401);

    expect(await me(phone.accessToken)).toBe(200);
    const rotated = await refresh(phone.refreshToken);
    expect(rotated.statusCode).toBe(200);
    expect(await me((rotated.result as Tokens).accessToken)).toBe(200);
  });

  it('a replayed refresh token ends every access token of that sign-in, earlier and rotated ones alike', async () => {
    const { username } = await newUser();
    const first = await login(username);
    const other = await login(username);
    const second = (await refresh(first.refreshToken)).result as Tokens;
    expect([await me(first.accessToken), await me(second.accessToken)]).toEqual([200, 200]);

    expect((await refresh(first.refreshToken)).statusCode).toBe(401); // the replay (a stolen copy)…
    expect(await me(second.accessToken)).toBe(401); // …ends what the thief may already hold
    expect(await me(first.accessToken)).toBe(401);
    expect((await refresh(second.refreshToken)).statusCode).toBe(401);
    expect(await me(other.accessToken)).toBe(200);
  });

  it('a password change (own or by an admin) ends every sign-in of the user, the one that changed it too', async () => {
    const user = await newUser();
    const changing = await login(user.username);
    const elsewhere = await login(user.username);
    const changed = await system.server.inject({
      method: 'PATCH',
      url: '/me',
      headers: { authorization: `Bearer ${changing.accessToken}` },
      payload: { password: 'second-password-2', currentPassword: password },
    });
    expect(changed.statusCode).toBe(200);
    expect([await me(changing.accessToken), await me(elsewhere.accessToken)]).toEqual([401, 401]);
    expect([(await refresh(changing.refreshToken)).statusCode, (await refresh(elsewhere.refreshToken)).statusCode]).toEqual([401, 401]);

    const again = await login(user.username, 'second-password-2');
    expect(await me(again.accessToken)).toBe(200);
    expect((await admin('PATCH', `/users/${user.id}`, { password: 'third-password-3' })).statusCode).toBe(200);
    expect(await me(again.accessToken)).toBe(401);
    expect((await refresh(again.refreshToken)).statusCode).toBe(401);
    expect(await me((await login(user.username, 'third-password-3')).accessToken)).toBe(200);
  });

  it('a deactivation ends every sign-in for good: reactivating the account does not bring them back', async () => {
    const user = await newUser();
    const session = await login(user.username);
    expect((await admin('PATCH', `/users/${user.id}`, { active: false })).statusCode).toBe(200);
    expect(await me(session.accessToken)).toBe(401);
    expect((await admin('PATCH', `/users/${user.id}`, { active: true })).statusCode).toBe(200);
    expect(await me(session.accessToken)).toBe(401);
    expect((await refresh(session.refreshToken)).statusCode).toBe(401);
    expect(await me((await login(user.username)).accessToken)).toBe(200);
  });

  it('an admin signs a user out everywhere; only admins may, and it is audited', async () => {
    const user = await newUser();
    const one = await login(user.username);
    const two = await login(user.username);
    expect((await system.injectAs('tomas', { method: 'DELETE', url: `/users/${user.id}/sessions` })).statusCode).toBe(403);
    expect(await me(one.accessToken)).toBe(200);

    expect((await admin('DELETE', `/users/${user.id}/sessions`)).statusCode).toBe(204);
    expect([await me(one.accessToken), await me(two.accessToken)]).toEqual([401, 401]);
    expect([(await refresh(one.refreshToken)).statusCode, (await refresh(two.refreshToken)).statusCode]).toEqual([401, 401]);
    expect(await system.adminEm().count(AuditLog, { entityId: user.id, action: 'user.sessionsRevoked', actorName: 'admin' })).toBe(1);
    expect((await admin('DELETE', `/users/${randomUUID()}/sessions`)).statusCode).toBe(404);
    // Signing in again works: the account itself is fine.
    expect(await me((await login(user.username)).accessToken)).toBe(200);
  });

  it('a revoked API token is refused on the very next request', async () => {
    const user = await newUser();
    const session = await login(user.username);
    const created = await system.server.inject({
      method: 'POST',
      url: '/api-tokens',
      headers: { authorization: `Bearer ${session.accessToken}` },
      payload: { name: 'integration' },
    });
    const { id, token } = created.result as { id: string; token: string };
    expect(await me(token)).toBe(200);
    expect(
      (
        await system.server.inject({
          method: 'DELETE',
          url: `/api-tokens/${id}`,
          headers: { authorization: `Bearer ${session.accessToken}` },
        })
      ).statusCode,
    ).toBe(204);
    expect(await me(token)).toBe(401);
  });
});
