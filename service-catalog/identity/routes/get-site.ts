import type { ServerRoute } from '@hapi/hapi';
import { CustomerService } from '../domain/customer-service';
import { presentSite } from '../presenters';
import { idParams, site } from '../schemas';

export const getSite: ServerRoute = {
  method: 'GET',
  path: '/sites/{id}',
  options: {
    tags: ['api', 'customers'],
    description: 'One customer site; 404 for a site of an organisation you may not see',
    validate: { params: idParams },
    response: { schema: site },
  },
  async handler(request) {
    return presentSite(await new CustomerService(request.app.em).getSite(request.params.id as string));
  },
};
