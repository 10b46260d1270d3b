import type { ServerRoute } from '@hapi/hapi';
import { principalOf } from '../auth-plugin';
import { actorOf } from '../domain/principal';
import { UserService } from '../domain/user-service';
import { presentUser } from '../presenters';
import { updateMePayload, user } from '../schemas';

export const updateMe: ServerRoute = {
  method: 'PATCH',
  path: '/me',
  options: {
    tags: ['api', 'auth'],
    description: 'Change your display name, email, phone or password',
    notes: 'Roles, organisation and memberships are not yours to set: sending them is a 400 naming the field.',
    validate: { payload: updateMePayload },
    response: { schema: user },
  },
  async handler(request) {
    const principal = principalOf(request);
    const updated = await new UserService(request.app.em).updateSelf(actorOf(principal), principal.userId, request.payload as object);
    return presentUser(updated);
  },
};
