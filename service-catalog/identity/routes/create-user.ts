import type { ServerRoute } from '@hapi/hapi';
import { principalOf } from '../auth-plugin';
import { actorOf } from '../domain/principal';
import { UserService, type UserInput } from '../domain/user-service';
import { adminOnly } from '../identity-context';
import { presentUser } from '../presenters';
import { createUserPayload, user } from '../schemas';

export const createUser: ServerRoute = {
  method: 'POST',
  path: '/users',
  options: {
    auth: adminOnly,
    tags: ['api', 'directory'],
    description: 'Create a user (admin)',
    notes: '409 when the username is taken; 400 naming the field when an organisation or group id does not exist.',
    validate: { payload: createUserPayload },
    response: { status: { 201: user } },
  },
  async handler(request, h) {
    const created = await new UserService(request.app.em).create(actorOf(principalOf(request)), request.payload as UserInput);
    return h.response(presentUser(created)).code(201).header('location', `/users/${created.id}`);
  },
};
