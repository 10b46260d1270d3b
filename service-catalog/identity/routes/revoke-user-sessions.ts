import type { ServerRoute } from '@hapi/hapi';
import { principalOf } from '../auth-plugin';
import { actorOf } from '../domain/principal';
import { UserService } from '../domain/user-service';
import { adminOnly } from '../identity-context';
import { idParams } from '../schemas';

export const revokeUserSessions: ServerRoute = {
  method: 'DELETE',
  path: '/users/{id}/sessions',
  options: {
    auth: adminOnly,
    tags: ['api', 'directory'],
    description: 'Sign a user out everywhere (admin): every access and refresh token of their sign-ins stops working at once',
    notes: 'API tokens are not sign-ins: the user revokes those (DELETE /api-tokens/{id}); deactivating the user stops them too.',
    validate: { params: idParams },
  },
  async handler(request, h) {
    await new UserService(request.app.em).revokeSessions(actorOf(principalOf(request)), request.params.id as string);
    return h.response().code(204);
  },
};
