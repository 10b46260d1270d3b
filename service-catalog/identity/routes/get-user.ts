import type { ServerRoute } from '@hapi/hapi';
import { UserService } from '../domain/user-service';
import { adminOnly } from '../identity-context';
import { presentUser } from '../presenters';
import { idParams, user } from '../schemas';

export const getUser: ServerRoute = {
  method: 'GET',
  path: '/users/{id}',
  options: {
    auth: adminOnly,
    tags: ['api', 'directory'],
    description: 'One user (admin)',
    validate: { params: idParams },
    response: { schema: user },
  },
  async handler(request) {
    return presentUser(await new UserService(request.app.em).get(request.params.id as string));
  },
};
