import Joi from 'joi';
import type { ServerRoute } from '@hapi/hapi';
import { GroupService } from '../domain/group-service';
import { adminOnly } from '../identity-context';
import { presentGroup } from '../presenters';
import { groupList, pagination } from '../schemas';

export const listGroups: ServerRoute = {
  method: 'GET',
  path: '/groups',
  options: {
    auth: adminOnly,
    tags: ['api', 'directory'],
    description: 'List assignment groups (admin)',
    validate: { query: Joi.object(pagination) },
    response: { schema: groupList },
  },
  async handler(request) {
    const { items, total } = await new GroupService(request.app.em).list(request.query as { limit: number; offset: number });
    return { items: items.map(presentGroup), total };
  },
};
