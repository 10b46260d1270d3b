import Joi from 'joi';
import type { ServerRoute } from '@hapi/hapi';
import { CustomerService } from '../domain/customer-service';
import { presentContract } from '../presenters';
import { contractList, pagination, uuid } from '../schemas';

export const listContracts: ServerRoute = {
  method: 'GET',
  path: '/contracts',
  options: {
    tags: ['api', 'customers'],
    description: 'Customer contracts you may see: your organisation’s, or those of the organisations you serve',
    validate: { query: Joi.object({ organizationId: uuid, ...pagination }) },
    response: { schema: contractList },
  },
  async handler(request) {
    const { items, total } = await new CustomerService(request.app.em).listContracts(
      request.query as { organizationId?: string; limit: number; offset: number },
    );
    return { items: items.map(presentContract), total };
  },
};
