import Joi from 'joi';
import type { ServerRoute } from '@hapi/hapi';
import { principalOf } from '../../identity/auth-plugin';
import { actorOf } from '../../identity/domain/principal';
import { ProcessInstanceOperations } from '../domain/process-instance-operations';
import { presentChanged } from '../presenters';
import { OWNER_SCOPES } from '../route-scopes';
import { instanceChanged, uuid } from '../schemas';

export const retryIncident: ServerRoute = {
  method: 'POST',
  path: '/process-instances/{id}/incidents/{key}/retry',
  options: {
    auth: { access: { scope: OWNER_SCOPES } },
    tags: ['api', 'processes'],
    description: 'Resolve an incident and run its element again (after fixing the cause, e.g. with PUT …/variables)',
    notes: '404 unknown instance or no open incident with that key; 409 the instance has ended.',
    validate: { params: Joi.object({ id: uuid.required(), key: Joi.number().integer().min(0).required() }) },
    response: { schema: instanceChanged },
  },
  async handler(request) {
    const id = request.params.id as string;
    const view = await new ProcessInstanceOperations(request.app.em, request.server.app.engine).retryIncident(
      id,
      Number(request.params.key),
      actorOf(principalOf(request)),
    );
    return presentChanged(id, view);
  },
};
