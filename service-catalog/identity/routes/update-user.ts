import type { ServerRoute } from '@hapi/hapi';
import { principalOf } from '../auth-plugin';
import { actorOf } from '../domain/principal';
import { UserService, type UserInput } from '../domain/user-service';
import { adminOnly } from '../identity-context';
import { presentUser } from '../presenters';
import { idParams, updateUserPayload, user } from '../schemas';

export const updateUser: ServerRoute = {
  method: 'PATCH',
  path: '/users/{id}',
  options: {
    auth: adminOnly,
    tags: ['api', 'directory'],
    description: 'Change a user: roles, organisation, groups, served organisations, active, password (admin)',
    validate: { params: idParams, payload: updateUserPayload },
    response: { schema: user },
  },
  async handler(request) {
    const updated = await new UserService(request.app.em).update(
      actorOf(principalOf(request)),
      request.params.id as string,
      request.payload as Partial<UserInput>,
    );
    return presentUser(updated);
  },
};
