import type { ServerRoute } from '@hapi/hapi';
import { principalOf } from '../auth-plugin';
import { CustomerService } from '../domain/customer-service';
import { actorOf } from '../domain/principal';
import { adminOnly } from '../identity-context';
import { presentSite } from '../presenters';
import { idParams, site, updateSitePayload } from '../schemas';

export const updateSite: ServerRoute = {
  method: 'PATCH',
  path: '/sites/{id}',
  options: {
    auth: adminOnly,
    tags: ['api', 'customers'],
    description: 'Rename a customer site or change its address (admin); its map location is set by PUT /sites/{id}/location',
    validate: { params: idParams, payload: updateSitePayload },
    response: { schema: site },
  },
  async handler(request) {
    const updated = await new CustomerService(request.app.em).updateSite(
      actorOf(principalOf(request)),
      request.params.id as string,
      request.payload as { name?: string; address?: string | null },
    );
    return presentSite(updated);
  },
};
