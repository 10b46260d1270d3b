import type { ServerRoute } from '@hapi/hapi';
import { tooManyRequests } from '../auth-plugin';
import { SessionService } from '../domain/session-service';
import '../identity-context';
import { presentUser } from '../presenters';
import { loginPayload, tokenPair, user } from '../schemas';

export const login: ServerRoute = {
  method: 'POST',
  path: '/auth/login',
  options: {
    auth: false,
    tags: ['api', 'auth'],
    description: 'Sign in with username and password: a short-lived access token and a refresh token',
    notes:
      '401 for any wrong username/password/inactive account alike; 429 with Retry-After when too many attempts come from one address or for one username.',
    validate: { payload: loginPayload },
    response: { schema: tokenPair.keys({ user: user.required() }).label('LoginResponse') },
  },
  async handler(request) {
    const { username, password } = request.payload as { username: string; password: string };
    const ctx = request.server.app.identity;
    const byIp = await ctx.loginByIp.take(request.app.em, `ip:${request.info.remoteAddress}`);
    if (byIp > 0) throw tooManyRequests(byIp, 'too many sign-in attempts from this address');
    const key = `username:${username.toLowerCase()}`;
    const byUser = await ctx.loginByUsername.take(request.app.em, key);
    if (byUser > 0) throw tooManyRequests(byUser, 'too many sign-in attempts for this username');
    const { user: signedIn, tokens } = await new SessionService(request.app.em, ctx.codec, ctx.refreshTtlSec).login(username, password);
    await ctx.loginByUsername.reset(request.app.em, key);
    return { ...tokens, user: presentUser(signedIn) };
  },
};
