import type { ServerRoute } from '@hapi/hapi';
import { principalOf } from '../../identity/auth-plugin';
import { SiteLocationService } from '../domain/site-location-service';
import { presentSiteLocation } from '../presenters';
import { siteLocation, siteLocationPayload, siteParams } from '../schemas';
import { DISPATCHERS, STAFF } from './access';

const tags = ['api', 'field-service'];

export const getSiteLocation: ServerRoute = {
  method: 'GET',
  path: '/sites/{id}/location',
  options: {
    tags,
    description: 'Where a customer site is (WGS 84) and its territory',
    auth: STAFF,
    validate: { params: siteParams },
    response: { schema: siteLocation },
  },
  async handler(request) {
    return presentSiteLocation(await new SiteLocationService(request.app.em).get(request.params.id as string));
  },
};

export const putSiteLocation: ServerRoute = {
  method: 'PUT',
  path: '/sites/{id}/location',
  options: {
    tags,
    description: 'Set where a site of a customer you serve is and its territory: what dispatch measures travel from',
    auth: DISPATCHERS,
    validate: { params: siteParams, payload: siteLocationPayload },
    response: { schema: siteLocation },
  },
  async handler(request) {
    const location = await new SiteLocationService(request.app.em).set(
      principalOf(request),
      request.params.id as string,
      request.payload as { latitude: number; longitude: number; territory?: string | null },
    );
    return presentSiteLocation(location);
  },
};
