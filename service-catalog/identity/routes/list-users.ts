import Joi from 'joi';
import type { ServerRoute } from '@hapi/hapi';
import { UserService } from '../domain/user-service';
import { ROLES, type Role } from '../domain/roles';
import { adminOnly } from '../identity-context';
import { presentUser } from '../presenters';
import { pagination, userList, uuid } from '../schemas';

export const listUsers: ServerRoute = {
  method: 'GET',
  path: '/users',
  options: {
    auth: adminOnly,
    tags: ['api', 'directory'],
    description: 'List users (admin)',
    validate: { query: Joi.object({ role: Joi.string().valid(...ROLES), organizationId: uuid, ...pagination }) },
    response: { schema: userList },
  },
  async handler(request) {
    const query = request.query as { role?: Role; organizationId?: string; limit: number; offset: number };
    const { items, total } = await new UserService(request.app.em).list(query);
    return { items: items.map(presentUser), total };
  },
};
