import Joi from 'joi';
import type { ServerRoute } from '@hapi/hapi';
import { principalOf } from '../../identity/auth-plugin';
import { STAFF_ROLES } from '../../identity/domain/roles';
import { CannedResponseService, type CannedResponseInput } from '../domain/canned-response-service';
import { presentCannedResponse } from '../presenters';
import {
  cannedResponse,
  cannedResponseId,
  cannedResponseList,
  createCannedResponsePayload,
  listCannedResponsesQuery,
  updateCannedResponsePayload,
} from '../schemas';

/** The desk's own texts: customers never see the list, only what an agent sends them. */
export const DESK = { access: { scope: [...STAFF_ROLES] } };
const byId = Joi.object({ id: cannedResponseId.required() });

export const listCannedResponses: ServerRoute = {
  method: 'GET',
  path: '/canned-responses',
  options: {
    tags: ['api', 'canned-responses'],
    description: 'Canned responses, by title; filter by group, category or text',
    auth: DESK,
    validate: { query: listCannedResponsesQuery },
    response: { schema: cannedResponseList },
  },
  async handler(request) {
    const [items, total] = await new CannedResponseService(request.app.em).list(
      request.query as Parameters<CannedResponseService['list']>[0],
    );
    return { items: items.map(presentCannedResponse), total };
  },
};

export const createCannedResponse: ServerRoute = {
  method: 'POST',
  path: '/canned-responses',
  options: {
    tags: ['api', 'canned-responses'],
    description: 'A canned response; its body may use {{ticket.*}}, {{caller.*}}, {{agent.*}} and {{portalUrl}} (422 names an unknown one)',
    auth: DESK,
    validate: { payload: createCannedResponsePayload },
    response: { status: { 201: cannedResponse } },
  },
  async handler(request, h) {
    const created = await new CannedResponseService(request.app.em).create(principalOf(request), request.payload as CannedResponseInput);
    return h.response(presentCannedResponse(created)).code(201);
  },
};

export const getCannedResponse: ServerRoute = {
  method: 'GET',
  path: '/canned-responses/{id}',
  options: {
    tags: ['api', 'canned-responses'],
    description: 'One canned response',
    auth: DESK,
    validate: { params: byId },
    response: { schema: cannedResponse },
  },
  async handler(request) {
    return presentCannedResponse(await new CannedResponseService(request.app.em).get(request.params.id as string));
  },
};

export const updateCannedResponse: ServerRoute = {
  method: 'PATCH',
  path: '/canned-responses/{id}',
  options: {
    tags: ['api', 'canned-responses'],
    description: 'Change a canned response: your own, or any as a process owner or admin',
    auth: DESK,
    validate: { params: byId, payload: updateCannedResponsePayload },
    response: { schema: cannedResponse },
  },
  async handler(request) {
    const updated = await new CannedResponseService(request.app.em).update(
      principalOf(request),
      request.params.id as string,
      request.payload as Partial<CannedResponseInput>,
    );
    return presentCannedResponse(updated);
  },
};

export const deleteCannedResponse: ServerRoute = {
  method: 'DELETE',
  path: '/canned-responses/{id}',
  options: {
    tags: ['api', 'canned-responses'],
    description: 'Delete a canned response: your own, or any as a process owner or admin',
    auth: DESK,
    validate: { params: byId },
  },
  async handler(request, h) {
    await new CannedResponseService(request.app.em).delete(principalOf(request), request.params.id as string);
    return h.response().code(204);
  },
};
