import Joi from 'joi';
import type { ServerRoute } from '@hapi/hapi';
import { variables } from '../../processes/schemas';
import { DecisionEvaluationService } from '../domain/decision-evaluation-service';

/** Staff who run processes and read their results; a requester has no business rules to evaluate. */
const SCOPES = ['agent', 'process-owner', 'technician', 'admin'];

/**
 * Camunda 8's `POST /v2/decision-definitions/evaluation`: a deployed decision evaluated on the variables
 * given, outside any process, as a business rule task would evaluate it. A decision that cannot produce a
 * result answers 200 naming the decision that failed and why, as Zeebe answers it.
 */
export const evaluateCamundaDecision: ServerRoute = {
  method: 'POST',
  path: '/v2/decision-definitions/evaluation',
  options: {
    auth: { access: { scope: SCOPES } },
    tags: ['api', 'decisions'],
    description: 'Evaluate a deployed decision (Camunda 8 REST shape)',
    notes:
      'By `decisionDefinitionId` (its latest version) or `decisionDefinitionKey` (one version), not both. `output` and every value are JSON text. 404 DECISION_NOT_FOUND when nothing is deployed under that id or key. A decision that fails (a FEEL error, a UNIQUE table matching twice, the FEEL budget spent) answers 200 with `failedDecisionDefinitionId` and `failureMessage`.',
    validate: {
      payload: Joi.object({
        decisionDefinitionId: Joi.string().max(255),
        decisionDefinitionKey: Joi.string().uuid(),
        variables: variables.allow(null),
        tenantId: Joi.string().max(256).description('decisions are the whole desk’s: any tenant evaluates the same one'),
      })
        .xor('decisionDefinitionId', 'decisionDefinitionKey')
        .label('DecisionEvaluationInstruction'),
    },
  },
  async handler(request) {
    const body = request.payload as {
      decisionDefinitionId?: string;
      decisionDefinitionKey?: string;
      variables?: Record<string, unknown> | null;
    };
    return new DecisionEvaluationService(request.app.em).evaluate(
      body.decisionDefinitionKey ? { key: body.decisionDefinitionKey } : { decisionId: body.decisionDefinitionId! },
      body.variables ?? {},
    );
  },
};
