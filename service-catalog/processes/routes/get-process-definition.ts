import Joi from 'joi';
import type { ServerRoute } from '@hapi/hapi';
import { ProcessDefinitionService } from '../domain/process-definition-service';
import { presentDefinition } from '../presenters';
import { definitionDetail, uuid } from '../schemas';

export const getProcessDefinition: ServerRoute = {
  method: 'GET',
  path: '/process-definitions/{id}',
  options: {
    tags: ['api', 'processes'],
    description: 'One deployed version, with its BPMN XML',
    validate: { params: Joi.object({ id: uuid.required() }) },
    response: { schema: definitionDetail },
  },
  async handler(request) {
    const service = new ProcessDefinitionService(request.app.em);
    const definition = await service.get(request.params.id as string);
    return { ...presentDefinition(definition, await service.isActive(definition)), xml: definition.xml };
  },
};
