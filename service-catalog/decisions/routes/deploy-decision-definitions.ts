import type { ServerRoute } from '@hapi/hapi';
import { DMN_CONTENT_TYPES, xmlFromPayload, xmlOrJsonBody } from '../../http/xml-payload';
import { MAX_DMN_BYTES } from '../../../engine/dmn';
import { principalOf } from '../../identity/auth-plugin';
import { actorOf } from '../../identity/domain/principal';
import { DecisionDefinitionService } from '../domain/decision-definition-service';
import { presentDecision } from '../presenters';
import { deployDecisionsPayload, deployDecisionsResponse } from '../schemas';

export const deployDecisionDefinitions: ServerRoute = {
  method: 'POST',
  path: '/decision-definitions',
  options: {
    tags: ['api', 'decisions'],
    auth: { access: { scope: ['process-owner', 'admin'] } },
    description: 'Deploy a DMN 1.3 file: each decision in it becomes its next version',
    notes:
      'Send `{ "xml": "..." }` as JSON, or the .dmn file itself as application/xml, text/xml or application/dmn+xml. 400: not DMN XML; 413: over the byte or element limit; 422: a decision that cannot be evaluated, each problem with its decision and rule id in `details`.',
    ...xmlOrJsonBody(MAX_DMN_BYTES + 4096, DMN_CONTENT_TYPES),
    validate: { payload: deployDecisionsPayload },
    response: { status: { 200: deployDecisionsResponse, 201: deployDecisionsResponse } },
  },
  async handler(request, h) {
    const xml = xmlFromPayload(request.payload);
    const { decisions, created } = await new DecisionDefinitionService(request.app.em, request.server.app.compiler).deploy(
      xml,
      actorOf(principalOf(request)),
    );
    return h.response({ decisions: decisions.map(presentDecision), created }).code(created ? 201 : 200);
  },
};
