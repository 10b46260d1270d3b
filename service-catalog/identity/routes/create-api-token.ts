import type { ServerRoute } from '@hapi/hapi';
import { principalOf } from '../auth-plugin';
import { ApiTokenService } from '../domain/api-token-service';
import { actorOf } from '../domain/principal';
import { presentApiToken } from '../presenters';
import { createApiTokenPayload, createdApiToken } from '../schemas';

export const createApiToken: ServerRoute = {
  method: 'POST',
  path: '/api-tokens',
  options: {
    tags: ['api', 'auth'],
    description: 'Create an API token for an integration; it acts as you, with your roles',
    notes: 'The token is in the response once and never again.',
    validate: { payload: createApiTokenPayload },
    response: { status: { 201: createdApiToken } },
  },
  async handler(request, h) {
    const principal = principalOf(request);
    const { token, secret } = await new ApiTokenService(request.app.em).create(
      { ...actorOf(principal), id: principal.userId },
      request.payload as { name: string; expiresInDays?: number },
    );
    return h.response({ ...presentApiToken(token), token: secret }).code(201);
  },
};
