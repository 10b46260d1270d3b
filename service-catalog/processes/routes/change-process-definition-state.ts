import Joi from 'joi';
import type { ServerRoute } from '@hapi/hapi';
import { principalOf } from '../../identity/auth-plugin';
import { actorOf } from '../../identity/domain/principal';
import { ProcessDefinitionService } from '../domain/process-definition-service';
import { presentDefinition } from '../presenters';
import { OWNER_SCOPES } from '../route-scopes';
import { definitionSummary, uuid } from '../schemas';

export const activateProcessDefinition: ServerRoute = {
  method: 'POST',
  path: '/process-definitions/{id}/activate',
  options: {
    auth: { access: { scope: OWNER_SCOPES } },
    tags: ['api', 'processes'],
    description: 'Make this version the one new instances of its process start on (e.g. roll back to an older one)',
    notes: 'Holds until another version is activated or a newer one is deployed. 404 unknown; 409 archived.',
    validate: { params: Joi.object({ id: uuid.required() }) },
    response: { schema: definitionSummary },
  },
  async handler(request) {
    const service = new ProcessDefinitionService(request.app.em);
    const definition = await service.activate(request.params.id as string, actorOf(principalOf(request)));
    return presentDefinition(definition, true);
  },
};

export const archiveProcessDefinition: ServerRoute = {
  method: 'POST',
  path: '/process-definitions/{id}/archive',
  options: {
    auth: { access: { scope: OWNER_SCOPES } },
    tags: ['api', 'processes'],
    description: 'Archive a version: it starts no new instances; instances running on it finish on it',
    notes: 'Idempotent. If it was the active version, the newest unarchived version becomes active. 404 unknown.',
    validate: { params: Joi.object({ id: uuid.required() }) },
    response: { schema: definitionSummary },
  },
  async handler(request) {
    const service = new ProcessDefinitionService(request.app.em);
    const definition = await service.archive(request.params.id as string, actorOf(principalOf(request)));
    return presentDefinition(definition, false);
  },
};
