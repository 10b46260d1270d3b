import Joi from 'joi';
import type { ServerRoute } from '@hapi/hapi';
import { DecisionDefinitionService } from '../domain/decision-definition-service';
import { presentDecision } from '../presenters';
import { decisionXml } from '../schemas';

export const getDecisionDefinitionXml: ServerRoute = {
  method: 'GET',
  path: '/decision-definitions/{decisionId}/xml',
  options: {
    tags: ['api', 'decisions'],
    description: 'One deployed decision version with its DMN XML (the newest unless ?version= names one)',
    notes: '404: the decision (or that version) is not deployed in your organisation.',
    validate: {
      params: Joi.object({ decisionId: Joi.string().min(1).max(255).required() }),
      query: Joi.object({ version: Joi.number().integer().min(1) }),
    },
    response: { schema: decisionXml },
  },
  async handler(request) {
    const { version } = request.query as { version?: number };
    const definition = await new DecisionDefinitionService(request.app.em).withXml(request.params.decisionId as string, version);
    return { ...presentDecision(definition), xml: definition.xml };
  },
};
