import type { ServerRoute } from '@hapi/hapi';
import { principalOf } from '../auth-plugin';
import { CustomerService } from '../domain/customer-service';
import { actorOf } from '../domain/principal';
import { adminOnly } from '../identity-context';
import { presentOrganization } from '../presenters';
import { organization, organizationPayload } from '../schemas';

export const createOrganization: ServerRoute = {
  method: 'POST',
  path: '/organizations',
  options: {
    auth: adminOnly,
    tags: ['api', 'customers'],
    description: 'Create a customer organisation (admin)',
    validate: { payload: organizationPayload },
    response: { status: { 201: organization } },
  },
  async handler(request, h) {
    const created = await new CustomerService(request.app.em).createOrganization(
      actorOf(principalOf(request)),
      request.payload as { name: string },
    );
    return h.response(presentOrganization(created)).code(201);
  },
};
