import type { ServerRoute } from '@hapi/hapi';
import { principalOf } from '../auth-plugin';
import { CustomerService } from '../domain/customer-service';
import { actorOf } from '../domain/principal';
import { adminOnly } from '../identity-context';
import { presentOrganization } from '../presenters';
import { idParams, organization, organizationPayload } from '../schemas';

export const updateOrganization: ServerRoute = {
  method: 'PATCH',
  path: '/organizations/{id}',
  options: {
    auth: adminOnly,
    tags: ['api', 'customers'],
    description: 'Rename a customer organisation (admin)',
    validate: { params: idParams, payload: organizationPayload },
    response: { schema: organization },
  },
  async handler(request) {
    const updated = await new CustomerService(request.app.em).renameOrganization(
      actorOf(principalOf(request)),
      request.params.id as string,
      request.payload as { name: string },
    );
    return presentOrganization(updated);
  },
};
