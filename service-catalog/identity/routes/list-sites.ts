import Joi from 'joi';
import type { ServerRoute } from '@hapi/hapi';
import { CustomerService } from '../domain/customer-service';
import { Organization } from '../domain/organization.entity';
import { presentSite } from '../presenters';
import { pagination, siteList, uuid } from '../schemas';

export const listSites: ServerRoute = {
  method: 'GET',
  path: '/sites',
  options: {
    tags: ['api', 'customers'],
    description: 'Customer sites you may see (your organisation’s, or those of the organisations you serve), each with its customer’s name',
    validate: { query: Joi.object({ organizationId: uuid, ...pagination }) },
    response: { schema: siteList },
  },
  async handler(request) {
    const { items, total } = await new CustomerService(request.app.em).listSites(
      request.query as { organizationId?: string; limit: number; offset: number },
    );
    // Names read under the caller's row-level security: a customer they may not see stays unnamed.
    const ids = [...new Set(items.map((s) => s.organizationId).filter((id): id is string => !!id))];
    const names = new Map(
      ids.length ? (await request.app.em.find(Organization, { id: { $in: ids } })).map((o) => [o.id, o.name] as const) : [],
    );
    return {
      items: items.map((s) => ({ ...presentSite(s), organizationName: (s.organizationId && names.get(s.organizationId)) ?? null })),
      total,
    };
  },
};
