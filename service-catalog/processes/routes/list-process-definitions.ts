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
    description:
      'List deployed process definitions, newest version first within each process; `active` marks the version new instances use',
    validate: { query: Joi.object({ processId: processIdParam, includeArchived: Joi.boolean().default(true), ...pagination }) },
    response: { schema: definitionList },
  },
  async handler(request) {
    const { processId, includeArchived, limit, offset } = request.query as {
      processId?: string;
      includeArchived: boolean;
      limit: number;
      offset: number;
    };
    const { items, total, activeIds } = await new ProcessDefinitionService(request.app.em).list({
      ...(processId ? { processId } : {}),
      includeArchived,
      limit,
      offset,
    });
    return { items: items.map((d) => presentDefinition(d, activeIds.has(d.id))), total };
  },
};
