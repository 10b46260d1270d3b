import Joi from 'joi';
import type { ServerRoute } from '@hapi/hapi';
import { principalOf } from '../../identity/auth-plugin';
import { actorOf } from '../../identity/domain/principal';
import { ProcessInstanceOperations } from '../domain/process-instance-operations';
import { presentChanged } from '../presenters';
import { OWNER_SCOPES } from '../route-scopes';
import { instanceChanged, instanceIdParams, reasonField, variables } from '../schemas';

export const setProcessVariables: ServerRoute = {
  method: 'PUT',
  path: '/process-instances/{id}/variables',
  options: {
    auth: { access: { scope: OWNER_SCOPES } },
    tags: ['api', 'processes'],
    description: 'Set (merge) variables of a running instance, at process level or in one element instance’s scope',
    notes:
      'The previous values, the new ones, who and why go to the audit log. 422 when scopeKey is not an active element instance; 409 the instance has ended.',
    validate: {
      params: instanceIdParams,
      payload: Joi.object({
        variables: variables.min(1).required(),
        scopeKey: Joi.number()
          .integer()
          .min(0)
          .description('an active element instance key (see `scopes` in the detail); absent: process level'),
        reason: reasonField.required(),
      }).label('SetProcessVariables'),
    },
    response: { schema: instanceChanged },
  },
  async handler(request) {
    const id = request.params.id as string;
    const body = request.payload as { variables: Record<string, unknown>; scopeKey?: number; reason: string };
    const view = await new ProcessInstanceOperations(request.app.em, request.server.app.engine).setVariables(
      id,
      body,
      actorOf(principalOf(request)),
    );
    return presentChanged(id, view);
  },
};
