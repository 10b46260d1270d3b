import Joi from 'joi';
import type { ServerRoute } from '@hapi/hapi';
import { ProcessInstanceService } from '../domain/process-instance-service';
import { presentInstance } from '../presenters';
import { instanceList, pagination, processIdParam } from '../schemas';

export const listProcessInstances: ServerRoute = {
  method: 'GET',
  path: '/process-instances',
  options: {
    tags: ['api', 'processes'],
    description: 'List process instances, newest first, with their active elements and open user tasks',
    validate: { query: Joi.object({ processId: processIdParam, businessKey: Joi.string().max(255), ...pagination }) },
    response: { schema: instanceList },
  },
  async handler(request) {
    const query = request.query as { processId?: string; businessKey?: string; limit: number; offset: number };
    const { items, total } = await new ProcessInstanceService(request.app.em, request.server.app.engine).list(query);
    return { items: items.map(presentInstance), total };
  },
};
