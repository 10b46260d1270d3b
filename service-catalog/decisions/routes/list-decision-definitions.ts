import Joi from 'joi';
import type { ServerRoute } from '@hapi/hapi';
import { pagination } from '../../processes/schemas';
import { DecisionDefinitionService } from '../domain/decision-definition-service';
import { presentDecision } from '../presenters';
import { decisionList } from '../schemas';

export const listDecisionDefinitions: ServerRoute = {
  method: 'GET',
  path: '/decision-definitions',
  options: {
    tags: ['api', 'decisions'],
    description: 'List deployed decisions, newest version first within each decision',
    validate: { query: Joi.object({ decisionId: Joi.string().max(255), ...pagination }) },
    response: { schema: decisionList },
  },
  async handler(request) {
    const { decisionId, limit, offset } = request.query as { decisionId?: string; limit: number; offset: number };
    const { items, total } = await new DecisionDefinitionService(request.app.em).list({
      ...(decisionId ? { decisionId } : {}),
      limit,
      offset,
    });
    return { items: items.map(presentDecision), total };
  },
};
