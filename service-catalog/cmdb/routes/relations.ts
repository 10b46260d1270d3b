import type { ServerRoute } from '@hapi/hapi';
import { principalOf } from '../../identity/auth-plugin';
import { RelationService, type NewRelation } from '../domain/relation-service';
import { presentRelation } from '../presenters';
import { relation, relationIdParams, relationPayload } from '../schemas';
import { STAFF } from './access';

const tags = ['api', 'cmdb'];

export const createRelation: ServerRoute = {
  method: 'POST',
  path: '/cmdb/relations',
  options: {
    tags,
    description:
      'A typed, directed relation "source needs target" (depends_on, runs_on, hosted_on, connected_to, part_of); CIs of two customers: 422',
    auth: STAFF,
    validate: { payload: relationPayload },
    response: { status: { 201: relation } },
  },
  async handler(request, h) {
    const created = await new RelationService(request.app.em).create(principalOf(request), request.payload as NewRelation);
    return h.response(presentRelation(created)).code(201);
  },
};

export const deleteRelation: ServerRoute = {
  method: 'DELETE',
  path: '/cmdb/relations/{id}',
  options: { tags, description: 'Remove a relation', auth: STAFF, validate: { params: relationIdParams } },
  async handler(request, h) {
    await new RelationService(request.app.em).delete(principalOf(request), request.params.id as string);
    return h.response().code(204);
  },
};
