import type { ServerRoute } from '@hapi/hapi';
import { principalOf } from '../../identity/auth-plugin';
import { idempotencyHeaders } from '../../tickets/schemas';
import { ticketsOf } from '../../tickets/ticket-services';
import { WorkOrderActions, type WorkOrderAction } from '../domain/work-order-actions';
import { WorkOrderSync, type QueuedAction } from '../domain/work-order-sync';
import { WorkOrderService, type NewWorkOrder, type WorkOrderSearch } from '../domain/work-order-service';
import { presentWorkOrder } from '../presenters';
import {
  createWorkOrderPayload,
  listWorkOrdersQuery,
  numberParams,
  syncPayload,
  syncResults,
  workOrder,
  workOrderActionPayload,
  workOrderList,
} from '../schemas';
import { DISPATCHERS, STAFF } from './access';

const tags = ['api', 'field-service'];

export const createWorkOrder: ServerRoute = {
  method: 'POST',
  path: '/work-orders',
  options: {
    tags,
    description:
      'Open a work order (a WO ticket, running the work-order process) from an incident or request: the customer’s site and assets, work type, required skills, priority and time window',
    notes:
      'The parent must be an incident or request you may see (404 otherwise, 422 for another type); site and assets must be the customer’s (422 naming the field). `Idempotency-Key` makes retries safe.',
    auth: DISPATCHERS,
    validate: { payload: createWorkOrderPayload, headers: idempotencyHeaders },
    response: { status: { 201: workOrder } },
  },
  async handler(request, h) {
    const key = request.headers['idempotency-key'] as string | undefined;
    const { workOrder: created } = await new WorkOrderService(request.app.em, ticketsOf(request)).create(
      principalOf(request),
      request.payload as NewWorkOrder,
      key,
    );
    return h.response(presentWorkOrder(created)).code(201).header('location', `/work-orders/${created.ticketNumber}`);
  },
};

export const listWorkOrders: ServerRoute = {
  method: 'GET',
  path: '/work-orders',
  options: {
    tags,
    description: 'Work orders by time window; a technician sees only the jobs assigned to them',
    auth: STAFF,
    validate: { query: listWorkOrdersQuery },
    response: { schema: workOrderList },
  },
  async handler(request) {
    const [items, total] = await new WorkOrderService(request.app.em, ticketsOf(request)).list(
      principalOf(request),
      request.query as unknown as WorkOrderSearch,
    );
    return { items: items.map(presentWorkOrder), total };
  },
};

export const getWorkOrder: ServerRoute = {
  method: 'GET',
  path: '/work-orders/{number}',
  options: {
    tags,
    description: 'One work order by its ticket number (404 for another customer’s, or for a technician another technician’s)',
    auth: STAFF,
    validate: { params: numberParams },
    response: { schema: workOrder },
  },
  async handler(request) {
    return presentWorkOrder(
      await new WorkOrderService(request.app.em, ticketsOf(request)).get(principalOf(request), request.params.number as string),
    );
  },
};

export const actOnWorkOrder: ServerRoute = {
  method: 'POST',
  path: '/work-orders/{number}/actions',
  options: {
    tags,
    description:
      'Move a work order on through its process: a dispatcher schedules it (technicianId) or, until someone is on site, reassigns it to another technician (`reassign`, technicianId); the assigned technician accepts or rejects it, starts travelling, checks in (time and position), has it signed off and checks out',
    notes:
      '409 when the process does not wait for that action now (the message says where it waits); 403 when another technician than the assigned one acts, or a technician schedules.',
    auth: STAFF,
    validate: { params: numberParams, payload: workOrderActionPayload },
    response: { schema: workOrder },
  },
  async handler(request) {
    const em = request.app.em;
    const workOrders = new WorkOrderService(em, ticketsOf(request));
    const done = await new WorkOrderActions(em, request.server.app.engine, workOrders).perform(
      principalOf(request),
      request.params.number as string,
      request.payload as WorkOrderAction,
    );
    return presentWorkOrder(done);
  },
};

export const syncWorkOrders: ServerRoute = {
  method: 'POST',
  path: '/work-orders/sync',
  options: {
    tags,
    description:
      'A technician’s phone sends what it queued offline: each action under its own id, applied once, in the order done (`at`); reassigned work orders are conflicts',
    notes:
      'Results come in the batch’s order: `applied`, `conflict` (the work order is no longer yours) or `rejected` (with the reason); `duplicate` when the id was sent before (nothing applied again).',
    auth: { access: { scope: ['technician'] } },
    validate: { payload: syncPayload },
    response: { schema: syncResults },
  },
  async handler(request) {
    const em = request.app.em;
    const { actions } = request.payload as { actions: QueuedAction[] };
    const results = await new WorkOrderSync(em, request.server.app.engine, new WorkOrderService(em, ticketsOf(request))).apply(
      principalOf(request),
      actions,
    );
    return { results };
  },
};
