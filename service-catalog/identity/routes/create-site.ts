import type { ServerRoute } from '@hapi/hapi';
import { principalOf } from '../auth-plugin';
import { CustomerService } from '../domain/customer-service';
import { actorOf } from '../domain/principal';
import { adminOnly } from '../identity-context';
import { presentSite } from '../presenters';
import { createSitePayload, site } from '../schemas';

export const createSite: ServerRoute = {
  method: 'POST',
  path: '/sites',
  options: {
    auth: adminOnly,
    tags: ['api', 'customers'],
    description: 'Add a site to a customer organisation (admin)',
    validate: { payload: createSitePayload },
    response: { status: { 201: site } },
  },
  async handler(request, h) {
    const created = await new CustomerService(request.app.em).createSite(
      actorOf(principalOf(request)),
      request.payload as { organizationId: string; name: string; address?: string | null },
    );
    return h.response(presentSite(created)).code(201);
  },
};
