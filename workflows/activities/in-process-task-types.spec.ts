import type { Orm } from '../../service-catalog/db/orm';
import type { TicketServices } from '../../service-catalog/tickets/ticket-services';
import { createActivities } from '.';
import { IN_PROCESS_TASK_TYPES } from './in-process-task-types';

describe('IN_PROCESS_TASK_TYPES', () => {
  it('names exactly the activities the worker registers, so no served type is mistaken for an external job', () => {
    // The factories only close over their dependencies; nothing is called while building them.
    const names = Object.keys(createActivities({ orm: {} as Orm, tickets: {} as TicketServices }));
    expect([...IN_PROCESS_TASK_TYPES].sort()).toEqual(names.sort());
  });
});
