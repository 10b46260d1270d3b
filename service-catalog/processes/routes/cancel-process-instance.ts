import Joi from 'joi';
import type { ServerRoute } from '@hapi/hapi';
import { principalOf } from '../../identity/auth-plugin';
import { actorOf } from '../../identity/domain/principal';
import { ProcessInstanceOperations } from '../domain/process-instance-operations';
import { presentCancel } from '../presenters';
import { OWNER_SCOPES } from '../route-scopes';
import { instanceChanged, instanceIdParams, reasonField } from '../schemas';

export const cancelProcessInstance: ServerRoute = {
  method: 'POST',
  path: '/process-instances/{id}/cancel',
  options: {
    auth: { access: { scope: OWNER_SCOPES } },
    tags: ['api', 'processes'],
    description: 'Cancel a running instance: every token is terminated and its running work stopped',
    notes:
      '404 unknown or another organisation’s instance; 409 already ended. The reason is audited. When the workflow cannot take the cancel ' +
      '(its workflow task keeps failing, or no worker runs it within 10 s) the execution is terminated instead: still 200, with `termination` ' +
      'saying why, audited as processInstance.terminated.',
    validate: { params: instanceIdParams, payload: Joi.object({ reason: reasonField.required() }).label('CancelProcessInstance') },
    response: { schema: instanceChanged },
  },
  async handler(request) {
    const id = request.params.id as string;
    const { reason } = request.payload as { reason: string };
    const result = await new ProcessInstanceOperations(request.app.em, request.server.app.engine).cancel(
      id,
      reason,
      actorOf(principalOf(request)),
    );
    return presentCancel(id, result);
  },
};
