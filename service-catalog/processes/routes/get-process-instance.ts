import Joi from 'joi';
import type { ServerRoute } from '@hapi/hapi';
import { principalOf } from '../../identity/auth-plugin';
import { TicketPeople } from '../../tickets/domain/ticket-people';
import { ticketsOfInstances } from '../../tickets/domain/ticket-tasks';
import { waitGroupKeys } from '../../tickets/domain/ticket-waits';
import { ProcessInstanceService } from '../domain/process-instance-service';
import { presentInstanceDetail } from '../presenters';
import { readerTimeZone, timeZoneQuery } from '../reader-time-zone';
import { instanceDetail, uuid } from '../schemas';

export const getProcessInstance: ServerRoute = {
  method: 'GET',
  path: '/process-instances/{id}',
  options: {
    tags: ['api', 'processes'],
    description: 'One instance: status, active elements, open user tasks, variables, element history and what it waits for',
    notes:
      '`waits` names everything the instance waits for now, each with a sentence: candidate groups by name, times in `timeZone` (default: the zone on your profile, else UTC); the ISO fields stay UTC.',
    validate: { params: Joi.object({ id: uuid.required() }), query: Joi.object({ timeZone: timeZoneQuery }) },
    response: { schema: instanceDetail },
  },
  async handler(request) {
    const detail = await new ProcessInstanceService(request.app.em, request.server.app.engine).get(request.params.id as string);
    const tickets = await ticketsOfInstances(request.app.em, [{ id: detail.instance.id, definitionId: detail.instance.definition.id }]);
    const people = await TicketPeople.load(request.app.em, principalOf(request), [], [], waitGroupKeys(detail.view?.waits ?? []));
    return presentInstanceDetail(detail, tickets.get(detail.instance.id), {
      groupName: people.groupName,
      timeZone: await readerTimeZone(request),
    });
  },
};
