import Joi from 'joi';
import type { ServerRoute } from '@hapi/hapi';
import { principalOf } from '../../identity/auth-plugin';
import { actorOf } from '../../identity/domain/principal';
import { resolveServiceNaming } from '../../services/domain/service-reference';
import { SlaService, type PolicyChanges } from '../domain/sla-service';
import { presentDeadlines, presentPolicy } from '../presenters';
import { createPolicyPayload, deadlines, deadlinesPayload, idParams, policy, updatePolicyPayload } from '../schemas';

export const createPolicy: ServerRoute = {
  method: 'POST',
  path: '/sla-policies',
  options: {
    tags: ['api', 'sla'],
    description: 'An SLA policy: response and resolution targets in business time for matching tickets',
    auth: { access: { scope: ['process-owner', 'admin'] } },
    validate: { payload: createPolicyPayload },
    response: { status: { 201: policy } },
  },
  async handler(request, h) {
    const created = await new SlaService(request.app.em).createPolicy(
      actorOf(principalOf(request)),
      request.payload as Parameters<SlaService['createPolicy']>[1],
    );
    return h.response(presentPolicy(created)).code(201);
  },
};

export const updatePolicy: ServerRoute = {
  method: 'PATCH',
  path: '/sla-policies/{id}',
  options: {
    tags: ['api', 'sla'],
    description: 'Change an SLA policy (criteria, calendar, targets, escalations); tickets opened from now on get the new deadlines',
    auth: { access: { scope: ['process-owner', 'admin'] } },
    validate: { params: idParams, payload: updatePolicyPayload },
    response: { schema: policy },
  },
  async handler(request) {
    const updated = await new SlaService(request.app.em).updatePolicy(
      actorOf(principalOf(request)),
      request.params.id as string,
      request.payload as PolicyChanges,
    );
    return presentPolicy(updated);
  },
};

export const listPolicies: ServerRoute = {
  method: 'GET',
  path: '/sla-policies',
  options: {
    tags: ['api', 'sla'],
    description: 'SLA policies',
    auth: { access: { scope: ['agent', 'process-owner', 'technician', 'admin'] } },
    response: { schema: Joi.object({ items: Joi.array().items(policy).required() }).label('SlaPolicyList') },
  },
  async handler(request) {
    return { items: (await new SlaService(request.app.em).listPolicies()).map(presentPolicy) };
  },
};

export const computeDeadlines: ServerRoute = {
  method: 'POST',
  path: '/sla/deadlines',
  options: {
    tags: ['api', 'sla'],
    description: 'The deadlines a ticket opened at a given time gets: the matching policy, response, warning and resolution instants',
    auth: { access: { scope: ['agent', 'process-owner', 'technician', 'admin'] } },
    validate: { payload: deadlinesPayload },
    response: { schema: deadlines },
  },
  async handler(request) {
    const { openedAt, service, serviceId, ...criteria } = request.payload as {
      openedAt: Date;
      priority?: string;
      service?: string | null;
      serviceId?: string | null;
      organizationId?: string;
    };
    const named = await resolveServiceNaming(request.app.em, criteria.organizationId ?? null, { service, serviceId }, 'payload.');
    return presentDeadlines(await new SlaService(request.app.em).deadlines({ ...criteria, serviceId: named.serviceId ?? null }, openedAt));
  },
};
