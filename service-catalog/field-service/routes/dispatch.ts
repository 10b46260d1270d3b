import type { ServerRoute } from '@hapi/hapi';
import { principalOf } from '../../identity/auth-plugin';
import { ticketsOf } from '../../tickets/ticket-services';
import { dispatchBoard } from '../domain/dispatch-board';
import { suggestTechnicians } from '../domain/dispatch-suggestions';
import { WorkOrderService } from '../domain/work-order-service';
import { presentBoard, presentSuggestion } from '../presenters';
import { boardQuery, dispatchBoard as boardSchema, suggestionList, suggestionsQuery } from '../dispatch-schemas';
import { numberParams } from '../schemas';
import { DISPATCHERS } from './access';

const tags = ['api', 'field-service'];

export const suggestForWorkOrder: ServerRoute = {
  method: 'GET',
  path: '/work-orders/{number}/suggestions',
  options: {
    tags,
    description:
      'Technicians ranked for a work order: required skills met, available in the window, in the site’s territory, nearest (great-circle from home base), least loaded',
    notes: 'Technicians who turned the job down or do not serve the customer are left out. Assign one with the `schedule` action.',
    auth: DISPATCHERS,
    validate: { params: numberParams, query: suggestionsQuery },
    response: { schema: suggestionList },
  },
  async handler(request) {
    const number = request.params.number as string;
    const workOrder = await new WorkOrderService(request.app.em, ticketsOf(request)).get(principalOf(request), number);
    const rows = await suggestTechnicians(request.app.em, workOrder.id, (request.query as { limit: number }).limit);
    return { workOrder: number, items: rows.map(presentSuggestion) };
  },
};

export const getDispatchBoard: ServerRoute = {
  method: 'GET',
  path: '/dispatch/board',
  options: {
    tags,
    description: 'The dispatcher’s board: technicians × days with their absences and jobs, and the jobs nobody has yet',
    auth: DISPATCHERS,
    validate: { query: boardQuery },
    response: { schema: boardSchema },
  },
  async handler(request) {
    return presentBoard(await dispatchBoard(request.app.em, request.query as { from: string; days: number; territory?: string }));
  },
};
