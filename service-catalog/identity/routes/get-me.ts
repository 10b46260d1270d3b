import type { ServerRoute } from '@hapi/hapi';
import { principalOf } from '../auth-plugin';
import { UserService } from '../domain/user-service';
import { presentUser } from '../presenters';
import { me } from '../schemas';

export const getMe: ServerRoute = {
  method: 'GET',
  path: '/me',
  options: {
    tags: ['api', 'auth'],
    description: 'The signed-in user, with roles, organisation and assignment groups',
    response: { schema: me },
  },
  async handler(request) {
    const principal = principalOf(request);
    const user = await new UserService(request.app.em).get(principal.userId);
    return { ...presentUser(user), groupKeys: principal.groupKeys, via: principal.via };
  },
};
