import Joi from 'joi';
import type { ServerRoute } from '@hapi/hapi';
import { CustomerService } from '../domain/customer-service';
import { adminOnly } from '../identity-context';
import { presentOrganization } from '../presenters';
import { organizationList, pagination } from '../schemas';

export const listOrganizations: ServerRoute = {
  method: 'GET',
  path: '/organizations',
  options: {
    auth: adminOnly,
    tags: ['api', 'customers'],
    description: 'List customer organisations (admin)',
    validate: { query: Joi.object(pagination) },
    response: { schema: organizationList },
  },
  async handler(request) {
    const { items, total } = await new CustomerService(request.app.em).listOrganizations(
      request.query as { limit: number; offset: number },
    );
    return { items: items.map(presentOrganization), total };
  },
};
