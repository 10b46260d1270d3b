import Joi from 'joi';
import type { ServerRoute } from '@hapi/hapi';
import { principalOf } from '../../identity/auth-plugin';
import { actorOf } from '../../identity/domain/principal';
import { ProcessInstanceOperations } from '../domain/process-instance-operations';
import { parseElementInstanceRef } from '../domain/user-task-id';
import { OWNER_SCOPES } from '../route-scopes';
import { variables } from '../schemas';
import { isUuid } from '../../text/uuid';

/**
 * Camunda 8's `PUT /v2/element-instances/{elementInstanceKey}/variables`: the key is a process instance
 * (its variables) or one of its element instances (`<id>.<key>`, that scope). `local` writes into that
 * scope; otherwise each variable goes where it exists, nearest first, else to the process level, as Zeebe
 * merges. Audited as PUT /process-instances/{id}/variables, with a reason saying where it came from.
 */
export const setCamundaElementVariables: ServerRoute = {
  method: 'PUT',
  path: '/v2/element-instances/{elementInstanceKey}/variables',
  options: {
    auth: { access: { scope: OWNER_SCOPES } },
    tags: ['api', 'processes'],
    description: 'Set variables of a process instance or one of its element instances (Camunda 8 REST shape)',
    notes:
      '204. The key is a process instance id, or `<process instance id>.<element instance key>`; 400 naming `params.elementInstanceKey` for anything else. 404 unknown or another organisation’s instance; 422 when the element instance is not active; 409 the instance has ended.',
    validate: {
      params: Joi.object({ elementInstanceKey: Joi.string().max(64).required() }),
      payload: Joi.object({
        variables: variables.min(1).required(),
        local: Joi.boolean().default(false),
        operationReference: Joi.number().integer(),
      }).label('SetVariableRequest'),
    },
  },
  async handler(request, h) {
    const key = request.params.elementInstanceKey as string;
    const { variables: values, local } = request.payload as { variables: Record<string, unknown>; local: boolean };
    const { processInstanceId, elementInstanceKey } = isUuid(key)
      ? { processInstanceId: key.toLowerCase(), elementInstanceKey: undefined }
      : parseElementInstanceRef(key, 'params.elementInstanceKey', 'a process instance id or <process instance id>.<element instance key>');
    await new ProcessInstanceOperations(request.app.em, request.server.app.engine).setVariables(
      processInstanceId,
      {
        variables: values,
        ...(elementInstanceKey !== undefined ? { scopeKey: elementInstanceKey } : {}),
        propagate: !local && elementInstanceKey !== undefined,
        reason: 'set through the Camunda API',
      },
      actorOf(principalOf(request)),
    );
    return h.response().code(204);
  },
};

/**
 * Camunda 8's `POST /v2/incidents/{incidentKey}/resolution`: resolves the incident and runs its element
 * again, as POST /process-instances/{id}/incidents/{key}/retry does (a job's retries start afresh).
 */
export const resolveCamundaIncident: ServerRoute = {
  method: 'POST',
  path: '/v2/incidents/{incidentKey}/resolution',
  options: {
    auth: { access: { scope: OWNER_SCOPES } },
    tags: ['api', 'processes'],
    description: 'Resolve an incident (Camunda 8 REST shape)',
    notes:
      '204. The key is `<process instance id>.<incident key>` (an incident’s `key` in the instance detail); 404 unknown instance or no open incident with that key; 409 the instance has ended.',
    validate: {
      params: Joi.object({ incidentKey: Joi.string().max(64).required() }),
      payload: Joi.object({ operationReference: Joi.number().integer() }).allow(null).label('IncidentResolutionRequest'),
    },
  },
  async handler(request, h) {
    const { processInstanceId, elementInstanceKey: incidentKey } = parseElementInstanceRef(
      request.params.incidentKey as string,
      'params.incidentKey',
      'an incident key',
    );
    await new ProcessInstanceOperations(request.app.em, request.server.app.engine).retryIncident(
      processInstanceId,
      incidentKey,
      actorOf(principalOf(request)),
    );
    return h.response().code(204);
  },
};

const elementId = Joi.string().max(255).required();

/**
 * Camunda 8's `POST /v2/process-instances/{processInstanceKey}/migration`: the instance moves to another
 * version of its process, each active element on the element its instruction names, as POST
 * /process-instances/{id}/migrate does (an element named by none keeps its id, where Zeebe would refuse).
 */
export const migrateCamundaProcessInstance: ServerRoute = {
  method: 'POST',
  path: '/v2/process-instances/{processInstanceKey}/migration',
  options: {
    auth: { access: { scope: OWNER_SCOPES } },
    tags: ['api', 'processes'],
    description: 'Migrate a running process instance to another version (Camunda 8 REST shape)',
    notes:
      '`{targetProcessDefinitionKey, mappingInstructions: [{sourceElementId, targetElementId}], operationReference?}` → 204. An active element no instruction names continues on the element with its own id. 404 unknown or another organisation’s instance, or no such version; 409 ended or already on that version; 422 naming every active element that has no target (or one of another kind or scope) and every instruction naming an unknown element, nothing moved. Audited as a migration.',
    validate: {
      params: Joi.object({ processInstanceKey: Joi.string().uuid().required() }),
      payload: Joi.object({
        targetProcessDefinitionKey: Joi.string().uuid().required(),
        mappingInstructions: Joi.array()
          .items(Joi.object({ sourceElementId: elementId, targetElementId: elementId }).label('MigrateProcessInstanceMappingInstruction'))
          .max(1000)
          .required(),
        operationReference: Joi.number().integer(),
      }).label('ProcessInstanceMigrationInstruction'),
    },
  },
  async handler(request, h) {
    const { targetProcessDefinitionKey, mappingInstructions } = request.payload as {
      targetProcessDefinitionKey: string;
      mappingInstructions: Array<{ sourceElementId: string; targetElementId: string }>;
    };
    await new ProcessInstanceOperations(request.app.em, request.server.app.engine).migrate(
      request.params.processInstanceKey as string,
      targetProcessDefinitionKey,
      mappingInstructions.map((m) => ({ from: m.sourceElementId, to: m.targetElementId })),
      actorOf(principalOf(request)),
    );
    return h.response().code(204);
  },
};
