import Joi from 'joi';
import type { ServerRoute } from '@hapi/hapi';
import { principalOf } from '../../identity/auth-plugin';
import { actorOf } from '../../identity/domain/principal';
import { ProcessInstanceOperations } from '../domain/process-instance-operations';
import { parseElementInstanceRef } from '../domain/user-task-id';
import { OWNER_SCOPES } from '../route-scopes';
import { variables } from '../schemas';

/**
 * Camunda 8.8's `POST /v2/element-instances/ad-hoc-activities/{key}/activation`: activates inner elements
 * of a running ad-hoc sub-process, each with variables of its own. The key names the ad-hoc sub-process's
 * element instance the way a user task's id names its task.
 */
export const activateAdHocElements: ServerRoute = {
  method: 'POST',
  path: '/v2/element-instances/ad-hoc-activities/{adHocSubProcessInstanceKey}/activation',
  options: {
    auth: { access: { scope: OWNER_SCOPES } },
    tags: ['api', 'processes'],
    description: 'Activate inner elements of a running ad-hoc sub-process (Camunda 8.8)',
    notes:
      'The key is `<process instance id>.<element instance key>` of the ad-hoc sub-process (the instance detail lists its element instances). ' +
      '204 once they are active; 404 when it names no active ad-hoc sub-process of an instance the caller may operate; 400 naming ' +
      '`payload.elements[i].elementId` for an element it may not activate; 409 once its completion condition held or the instance ended. ' +
      '`cancelRemainingInstances` ends the inner elements still running first. Audited with who asked.',
    validate: {
      params: Joi.object({
        adHocSubProcessInstanceKey: Joi.string().max(64).required().description('<process instance id>.<element instance key>'),
      }),
      payload: Joi.object({
        elements: Joi.array()
          .items(
            Joi.object({
              elementId: Joi.string().max(255).required(),
              variables: variables.description('local variables of the activated element'),
            }).label('AdHocSubProcessActivateActivityReference'),
          )
          .min(1)
          .max(100)
          .required(),
        cancelRemainingInstances: Joi.boolean().default(false),
      }).label('AdHocSubProcessActivateActivitiesInstruction'),
    },
  },
  async handler(request, h) {
    const { processInstanceId, elementInstanceKey } = parseElementInstanceRef(
      request.params.adHocSubProcessInstanceKey as string,
      'params.adHocSubProcessInstanceKey',
    );
    const body = request.payload as {
      elements: Array<{ elementId: string; variables?: Record<string, unknown> }>;
      cancelRemainingInstances: boolean;
    };
    await new ProcessInstanceOperations(request.app.em, request.server.app.engine).activateAdHocElements(
      processInstanceId,
      { elementInstanceKey, elements: body.elements, cancelRemainingInstances: body.cancelRemainingInstances },
      actorOf(principalOf(request)),
    );
    return h.response().code(204);
  },
};
