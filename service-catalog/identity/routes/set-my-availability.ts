import type { ServerRoute } from '@hapi/hapi';
import { principalOf } from '../auth-plugin';
import { actorOf } from '../domain/principal';
import { STAFF_ROLES } from '../domain/roles';
import { UserService } from '../domain/user-service';
import { presentUser } from '../presenters';
import { availabilityPayload, user } from '../schemas';

export const setMyAvailability: ServerRoute = {
  method: 'PUT',
  path: '/me/availability',
  options: {
    auth: { access: { scope: [...STAFF_ROLES] } },
    tags: ['api', 'auth'],
    description: 'Say whether you take new tickets: routing never chooses an unavailable agent',
    notes: 'Tickets already assigned to you stay yours.',
    validate: { payload: availabilityPayload },
    response: { schema: user },
  },
  async handler(request) {
    const principal = principalOf(request);
    const updated = await new UserService(request.app.em).setAvailability(
      actorOf(principal),
      principal.userId,
      (request.payload as { available: boolean }).available,
    );
    return presentUser(updated);
  },
};
