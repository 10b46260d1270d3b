import type { ServerRoute } from '@hapi/hapi';
import { principalOf } from '../auth-plugin';
import { ApiTokenService } from '../domain/api-token-service';
import { actorOf } from '../domain/principal';
import { idParams } from '../schemas';

export const revokeApiToken: ServerRoute = {
  method: 'DELETE',
  path: '/api-tokens/{id}',
  options: { tags: ['api', 'auth'], description: 'Revoke one of your API tokens (404 for anyone else’s)', validate: { params: idParams } },
  async handler(request, h) {
    const principal = principalOf(request);
    await new ApiTokenService(request.app.em).revoke({ ...actorOf(principal), id: principal.userId }, request.params.id as string);
    return h.response().code(204);
  },
};
