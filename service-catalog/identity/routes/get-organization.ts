import type { ServerRoute } from '@hapi/hapi';
import { CustomerService } from '../domain/customer-service';
import { adminOnly } from '../identity-context';
import { presentOrganization } from '../presenters';
import { idParams, organization } from '../schemas';

export const getOrganization: ServerRoute = {
  method: 'GET',
  path: '/organizations/{id}',
  options: {
    auth: adminOnly,
    tags: ['api', 'customers'],
    description: 'One customer organisation (admin)',
    validate: { params: idParams },
    response: { schema: organization },
  },
  async handler(request) {
    return presentOrganization(await new CustomerService(request.app.em).getOrganization(request.params.id as string));
  },
};
