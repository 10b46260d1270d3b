import type { ServerRoute } from '@hapi/hapi';
import { principalOf } from '../../identity/auth-plugin';
import { CiService, type CiChanges, type NewCi } from '../domain/ci-service';
import type { CiSearch } from '../domain/ci-search';
import { CI_CLASSES } from '../domain/ci-classes';
import { RELATION_TYPES } from '../domain/ci-relation.entity';
import { LIFECYCLE_STATES } from '../domain/lifecycle';
import { presentCi, presentHistoryEntry } from '../presenters';
import {
  ciClassList,
  ciIdParams,
  ciList,
  configurationItem,
  createCiPayload,
  historyList,
  historyQuery,
  listCisQuery,
  updateCiPayload,
} from '../schemas';
import { EVERYONE, STAFF } from './access';

const tags = ['api', 'cmdb'];

export const listCiClasses: ServerRoute = {
  method: 'GET',
  path: '/cmdb/classes',
  options: {
    tags,
    description: 'The CI classes with the JSON Schema of their attributes, the lifecycle states and the relation types',
    auth: EVERYONE,
    response: { schema: ciClassList },
  },
  handler: () => ({ items: CI_CLASSES, lifecycleStates: [...LIFECYCLE_STATES], relationTypes: [...RELATION_TYPES] }),
};

export const listCis: ServerRoute = {
  method: 'GET',
  path: '/cmdb/cis',
  options: {
    tags,
    description:
      'Configuration items you may see, by name; filter by class, state, customer, site, or full text over name and attributes (q)',
    auth: EVERYONE,
    validate: { query: listCisQuery },
    response: { schema: ciList },
  },
  async handler(request) {
    const [items, total] = await new CiService(request.app.em).list(request.query as unknown as CiSearch);
    return { items: items.map(presentCi), total };
  },
};

export const createCi: ServerRoute = {
  method: 'POST',
  path: '/cmdb/cis',
  options: {
    tags,
    description:
      'A configuration item; its attributes must fit its class (400 naming each attribute), site and contract must be its customer’s (422), its key unique in the organisation (409)',
    auth: STAFF,
    validate: { payload: createCiPayload },
    response: { status: { 201: configurationItem } },
  },
  async handler(request, h) {
    const ci = await new CiService(request.app.em).create(principalOf(request), request.payload as NewCi);
    return h.response(presentCi(ci)).code(201);
  },
};

export const getCi: ServerRoute = {
  method: 'GET',
  path: '/cmdb/cis/{id}',
  options: {
    tags,
    description: 'One configuration item',
    auth: EVERYONE,
    validate: { params: ciIdParams },
    response: { schema: configurationItem },
  },
  async handler(request) {
    return presentCi(await new CiService(request.app.em).get(request.params.id as string));
  },
};

export const updateCi: ServerRoute = {
  method: 'PATCH',
  path: '/cmdb/cis/{id}',
  options: {
    tags,
    description: 'Change a configuration item (with `version`, 409 when someone changed it since); a disposed CI stays disposed (422)',
    auth: STAFF,
    validate: { params: ciIdParams, payload: updateCiPayload },
    response: { schema: configurationItem },
  },
  async handler(request) {
    const ci = await new CiService(request.app.em).update(principalOf(request), request.params.id as string, request.payload as CiChanges);
    return presentCi(ci);
  },
};

export const deleteCi: ServerRoute = {
  method: 'DELETE',
  path: '/cmdb/cis/{id}',
  options: {
    tags,
    description: 'Delete a configuration item with its relations and ticket links',
    auth: STAFF,
    validate: { params: ciIdParams },
  },
  async handler(request, h) {
    await new CiService(request.app.em).delete(principalOf(request), request.params.id as string);
    return h.response().code(204);
  },
};

export const ciHistory: ServerRoute = {
  method: 'GET',
  path: '/cmdb/cis/{id}/history',
  options: {
    tags,
    description: 'What changed on the CI and its relations, by whom and when, newest first (from the audit log)',
    auth: STAFF,
    validate: { params: ciIdParams, query: historyQuery },
    response: { schema: historyList },
  },
  async handler(request) {
    const [items, total] = await new CiService(request.app.em).history(
      request.params.id as string,
      request.query as { limit: number; offset: number },
    );
    return { items: items.map(presentHistoryEntry), total };
  },
};
