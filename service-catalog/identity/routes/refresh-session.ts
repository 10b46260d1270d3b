import type { ServerRoute } from '@hapi/hapi';
import { SessionService } from '../domain/session-service';
import '../identity-context';
import { refreshPayload, tokenPair } from '../schemas';

export const refreshSession: ServerRoute = {
  method: 'POST',
  path: '/auth/refresh',
  options: {
    auth: false,
    tags: ['api', 'auth'],
    description: 'Exchange a refresh token for a new access token and a new refresh token (rotation)',
    notes: 'A refresh token works once; presenting it again revokes every token of that sign-in (401).',
    validate: { payload: refreshPayload },
    response: { schema: tokenPair },
  },
  async handler(request) {
    const { refreshToken } = request.payload as { refreshToken: string };
    const ctx = request.server.app.identity;
    return new SessionService(request.app.em, ctx.codec, ctx.refreshTtlSec).refresh(refreshToken);
  },
};
