import Joi from 'joi';
import type { ServerRoute } from '@hapi/hapi';
import { principalOf } from '../../identity/auth-plugin';
import { ServiceService, type ServiceInput } from '../domain/service-service';
import { presentService } from '../presenters';
import { createServicePayload, listServicesQuery, service, serviceId, serviceList, updateServicePayload } from '../schemas';

/** Keeping the service portfolio is process owners' and admins' work; everyone reads what they may see. */
const CURATORS = { access: { scope: ['process-owner', 'admin'] } };
const byId = Joi.object({ id: serviceId.required() });

export const listServices: ServerRoute = {
  method: 'GET',
  path: '/services',
  options: {
    tags: ['api', 'services'],
    description: "Services you may see, by name: staff all of the desk's; a requester her organisation's and those serving it",
    validate: { query: listServicesQuery },
    response: { schema: serviceList },
  },
  async handler(request) {
    const [items, total] = await new ServiceService(request.app.em).list(request.query as Parameters<ServiceService['list']>[0]);
    return { items: items.map((s) => presentService(s, principalOf(request))), total };
  },
};

export const createService: ServerRoute = {
  method: 'POST',
  path: '/services',
  options: {
    tags: ['api', 'services'],
    description: 'A business or technical service (422 names an unknown group, owner, SLA policy or organisation, or a taken name)',
    auth: CURATORS,
    validate: { payload: createServicePayload },
    response: { status: { 201: service } },
  },
  async handler(request, h) {
    const principal = principalOf(request);
    const created = await new ServiceService(request.app.em).create(principal, request.payload as ServiceInput);
    return h.response(presentService(created, principal)).code(201);
  },
};

export const getService: ServerRoute = {
  method: 'GET',
  path: '/services/{id}',
  options: {
    tags: ['api', 'services'],
    description: 'One service (404 when you may not see it)',
    validate: { params: byId },
    response: { schema: service },
  },
  async handler(request) {
    return presentService(await new ServiceService(request.app.em).get(request.params.id as string), principalOf(request));
  },
};

export const updateService: ServerRoute = {
  method: 'PATCH',
  path: '/services/{id}',
  options: {
    tags: ['api', 'services'],
    description: 'Change a service: its owner, support group, SLA policy, status, customers…',
    auth: CURATORS,
    validate: { params: byId, payload: updateServicePayload },
    response: { schema: service },
  },
  async handler(request) {
    const principal = principalOf(request);
    const updated = await new ServiceService(request.app.em).update(
      principal,
      request.params.id as string,
      request.payload as Partial<ServiceInput>,
    );
    return presentService(updated, principal);
  },
};

export const deleteService: ServerRoute = {
  method: 'DELETE',
  path: '/services/{id}',
  options: {
    tags: ['api', 'services'],
    description: 'Delete a service nothing refers to (422 SERVICE_IN_USE otherwise: retire it)',
    auth: CURATORS,
    validate: { params: byId },
  },
  async handler(request, h) {
    await new ServiceService(request.app.em).delete(principalOf(request), request.params.id as string);
    return h.response().code(204);
  },
};
