import Joi from 'joi';
import type { ServerRoute } from '@hapi/hapi';
import { ProcessDefinitionService } from '../domain/process-definition-service';
import { presentDefinition } from '../presenters';
import { definitionList, pagination, processIdParam } from '../schemas';

export const listProcessDefinitions: ServerRoute = {
  method: 'GET',
  path: '/process-definitions',
  options: {
    tags: ['api', 'processes'],
    description: 'List deployed process definitions, newest version first within each process',
    validate: { query: Joi.object({ processId: processIdParam, ...pagination }) },
    response: { schema: definitionList },
  },
  async handler(request) {
    const { processId, limit, offset } = request.query as { processId?: string; limit: number; offset: number };
    const { items, total } = await new ProcessDefinitionService(request.app.em).list({ ...(processId ? { processId } : {}), limit, offset });
    return { items: items.map(presentDefinition), total };
  },
};
