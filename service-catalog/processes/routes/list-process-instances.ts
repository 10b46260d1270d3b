import type { ServerRoute } from '@hapi/hapi';
import { ticketsOfInstances } from '../../tickets/domain/ticket-tasks';
import type { InstanceSearch } from '../domain/process-instance-search';
import { ProcessInstanceService } from '../domain/process-instance-service';
import { presentInstance } from '../presenters';
import { instanceList, instanceSearchQuery } from '../schemas';

export const listProcessInstances: ServerRoute = {
  method: 'GET',
  path: '/process-instances',
  options: {
    tags: ['api', 'processes'],
    description: 'Search process instances with their active elements, open user tasks and incidents',
    notes:
      'Filters and sorts in one SQL query: live fields (status, hasIncident, activeElementId, ended range) come from the instance projection the workflow writes at every wait state, so no worker is asked per row. Rows not yet projected are read live (`stateSource`).',
    validate: { query: instanceSearchQuery },
    response: { schema: instanceList },
  },
  async handler(request) {
    const { items, total } = await new ProcessInstanceService(request.app.em, request.server.app.engine).list(
      request.query as unknown as InstanceSearch,
    );
    // A ticket's tasks are done on the ticket: the list says which instances drive one, and with which actions.
    const tickets = await ticketsOfInstances(
      request.app.em,
      items.map(({ instance }) => ({ id: instance.id, definitionId: instance.definition.id })),
    );
    return { items: items.map((item) => presentInstance(item, tickets.get(item.instance.id))), total };
  },
};
