import Joi from 'joi';
import type { ServerRoute } from '@hapi/hapi';
import { principalOf } from '../../identity/auth-plugin';
import { Group } from '../../identity/domain/group.entity';
import { Organization } from '../../identity/domain/organization.entity';
import { hasRole } from '../../identity/domain/principal';
import { User } from '../../identity/domain/user.entity';

/** Staff who can own a service: a requester owns none of the desk's. */
const OWNER_ROLES = ['agent', 'process-owner', 'technician', 'admin'] as const;

const choices = Joi.object({
  groups: Joi.array()
    .items(Joi.object({ key: Joi.string().required(), name: Joi.string().required() }).label('GroupChoice'))
    .required()
    .description('support, fulfilment and approval groups'),
  organizations: Joi.array()
    .items(Joi.object({ id: Joi.string().required(), name: Joi.string().required() }).label('OrganizationChoice'))
    .required()
    .description('the customers you may offer services and items to: those you serve (admins: every one)'),
  owners: Joi.array()
    .items(Joi.object({ id: Joi.string().required(), displayName: Joi.string().required() }).label('OwnerChoice'))
    .required()
    .description('active staff users who can own a service: for a process owner, those serving a customer they serve'),
}).label('CurationChoices');

/**
 * What a curator picks from when keeping services and catalog items: the directory lists behind it
 * are the admin's (GET /groups, /organizations, /users), but a process owner keeping the portfolio
 * needs the names, and only the customers they serve: the same ones the API lets them offer to.
 */
export const curationChoices: ServerRoute = {
  method: 'GET',
  path: '/services/choices',
  options: {
    tags: ['api', 'services'],
    description: 'Groups, customer organisations you serve and staff owners: what service and catalog forms offer (curators)',
    auth: { access: { scope: ['process-owner', 'admin'] } },
    response: { schema: choices },
  },
  async handler(request) {
    const principal = principalOf(request);
    const em = request.app.em;
    const served = hasRole(principal, 'admin') ? {} : { id: { $in: principal.servedOrganizationIds } };
    const [groups, organizations, owners] = await Promise.all([
      em.find(Group, {}, { orderBy: { name: 'asc' } }),
      em.find(Organization, served, { orderBy: { name: 'asc' } }),
      em.find(User, { active: true, $or: OWNER_ROLES.map((r) => ({ roles: { $contains: [r] } })) }, { orderBy: { displayName: 'asc' } }),
    ]);
    // A process owner names owners among the staff who work for the customers they serve (and
    // themselves): the desk's people of other customers are not theirs to list.
    const mine = new Set(principal.servedOrganizationIds);
    const shown = hasRole(principal, 'admin')
      ? owners
      : owners.filter((u) => u.id === principal.userId || (u.organizationId == null && u.servedOrganizationIds.some((o) => mine.has(o))));
    return {
      groups: groups.map((g) => ({ key: g.key, name: g.name })),
      organizations: organizations.map((o) => ({ id: o.id, name: o.name })),
      owners: shown.map((u) => ({ id: u.id, displayName: u.displayName })),
    };
  },
};
