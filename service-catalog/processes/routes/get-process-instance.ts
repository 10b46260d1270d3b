import Joi from 'joi';
import type { ServerRoute } from '@hapi/hapi';
import { ticketsOfInstances } from '../../tickets/domain/ticket-tasks';
import { ProcessInstanceService } from '../domain/process-instance-service';
import { presentInstanceDetail } from '../presenters';
import { instanceDetail, uuid } from '../schemas';

export const getProcessInstance: ServerRoute = {
  method: 'GET',
  path: '/process-instances/{id}',
  options: {
    tags: ['api', 'processes'],
    description: 'One instance: status, active elements, open user tasks, variables and element history',
    validate: { params: Joi.object({ id: uuid.required() }) },
    response: { schema: instanceDetail },
  },
  async handler(request) {
    const detail = await new ProcessInstanceService(request.app.em, request.server.app.engine).get(request.params.id as string);
    const tickets = await ticketsOfInstances(request.app.em, [{ id: detail.instance.id, definitionId: detail.instance.definition.id }]);
    return presentInstanceDetail(detail, tickets.get(detail.instance.id));
  },
};
