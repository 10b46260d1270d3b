import type { ServerRoute } from '@hapi/hapi';
import { SessionService } from '../domain/session-service';
import '../identity-context';
import { refreshPayload } from '../schemas';

export const logout: ServerRoute = {
  method: 'POST',
  path: '/auth/logout',
  options: {
    auth: false,
    tags: ['api', 'auth'],
    description: 'Sign out: revokes the refresh token and every token rotated from the same sign-in',
    notes: 'The access tokens of that sign-in stop working at once; other sign-ins of the same user go on.',
    validate: { payload: refreshPayload },
  },
  async handler(request, h) {
    const { refreshToken } = request.payload as { refreshToken: string };
    const ctx = request.server.app.identity;
    await new SessionService(request.app.em, ctx.codec, ctx.refreshTtlSec).logout(refreshToken);
    return h.response().code(204);
  },
};
