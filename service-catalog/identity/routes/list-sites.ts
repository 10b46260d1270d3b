import Joi from 'joi';
import type { ServerRoute } from '@hapi/hapi';
import { CustomerService } from '../domain/customer-service';
import { presentSite } from '../presenters';
import { pagination, siteList, uuid } from '../schemas';

export const listSites: ServerRoute = {
  method: 'GET',
  path: '/sites',
  options: {
    tags: ['api', 'customers'],
    description: 'Customer sites you may see: your organisation’s, or those of the organisations you serve',
    validate: { query: Joi.object({ organizationId: uuid, ...pagination }) },
    response: { schema: siteList },
  },
  async handler(request) {
    const { items, total } = await new CustomerService(request.app.em).listSites(
      request.query as { organizationId?: string; limit: number; offset: number },
    );
    return { items: items.map(presentSite), total };
  },
};
