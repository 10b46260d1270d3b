import type { ServerRoute } from '@hapi/hapi';
import { ImpactService } from '../domain/impact-service';
import { RelationService } from '../domain/relation-service';
import { presentCiSummary, presentRelation } from '../presenters';
import { ciIdParams, graph, graphQuery, impact, impactQuery, relationList } from '../schemas';
import { EVERYONE } from './access';

const tags = ['api', 'cmdb'];

export const ciImpact: ServerRoute = {
  method: 'GET',
  path: '/cmdb/cis/{id}/impact',
  options: {
    tags,
    description:
      'Impact analysis: upstream (what needs this CI, and the business services among them) and downstream (what it needs) to `depth`, cycles included',
    auth: EVERYONE,
    validate: { params: ciIdParams, query: impactQuery },
    response: { schema: impact },
  },
  async handler(request) {
    const { depth, direction } = request.query as { depth: number; direction: 'upstream' | 'downstream' | 'both' };
    const result = await new ImpactService(request.app.em).impact(request.params.id as string, depth, {
      upstream: direction !== 'downstream',
      downstream: direction !== 'upstream',
    });
    return result;
  },
};

export const ciGraph: ServerRoute = {
  method: 'GET',
  path: '/cmdb/cis/{id}/graph',
  options: {
    tags,
    description:
      'The CI’s neighbourhood for drawing: nodes within `depth` either way (marked upstream or downstream) and the relations among them',
    auth: EVERYONE,
    validate: { params: ciIdParams, query: graphQuery },
    response: { schema: graph },
  },
  async handler(request) {
    const { depth, limit } = request.query as { depth: number; limit: number };
    return new ImpactService(request.app.em).graph(request.params.id as string, depth, limit);
  },
};

export const ciRelations: ServerRoute = {
  method: 'GET',
  path: '/cmdb/cis/{id}/relations',
  options: {
    tags,
    description: 'The CI’s relations, outgoing and incoming, with the CI at the other end',
    auth: EVERYONE,
    validate: { params: ciIdParams },
    response: { schema: relationList },
  },
  async handler(request) {
    const id = request.params.id as string;
    await new ImpactService(request.app.em).impact(id, 1, { upstream: false, downstream: false });
    const items = await new RelationService(request.app.em).of(id);
    return {
      items: items.map(({ relation, direction, other }) => ({ ...presentRelation(relation), direction, other: presentCiSummary(other) })),
    };
  },
};
