import Joi from 'joi';
import type { ServerRoute } from '@hapi/hapi';
import { principalOf } from '../../identity/auth-plugin';
import { ProcessInstanceProjection } from '../../processes/domain/process-instance-projection.entity';
import { ticketsOf } from '../../tickets/ticket-services';
import { idempotencyHeaders, ticketNumber } from '../../tickets/schemas';
import { CatalogOrdering } from '../domain/catalog-ordering';
import { requestProgress } from '../domain/request-progress';
import { presentOrder } from '../presenters';
import { catalogId, order, submitPayload } from '../schemas';

export const submitOrder: ServerRoute = {
  method: 'POST',
  path: '/catalog/items/{id}/requests',
  options: {
    tags: ['api', 'catalog'],
    description:
      "Order a catalog item: the answers are checked against its form (400 INVALID_ANSWERS names each bad field, nothing is stored), then a service request (REQ…) is raised with them and the item's fulfilment process starts",
    notes:
      'Send an `Idempotency-Key` header to make retries safe: the same key, item and body return the first order (200) and never raise a second request; the same key with another item or body is refused (422 IDEMPOTENCY_KEY_REUSED, naming `headers.idempotency-key`). Keys are per requester.',
    validate: { params: Joi.object({ id: catalogId.required() }), payload: submitPayload, headers: idempotencyHeaders },
    response: { status: { 200: order, 201: order } },
  },
  async handler(request, h) {
    const { em } = request.app;
    const {
      ticket,
      request: placed,
      replayed,
    } = await new CatalogOrdering(em, ticketsOf(request)).submit(
      principalOf(request),
      request.params.id as string,
      request.payload as { answers: Record<string, unknown>; organizationId?: string | null; description?: string },
      request.headers['idempotency-key'] as string | undefined,
    );
    return h.response(presentOrder(placed, ticket, null)).code(replayed ? 200 : 201);
  },
};

export const getOrder: ServerRoute = {
  method: 'GET',
  path: '/catalog/requests/{number}',
  options: {
    tags: ['api', 'catalog'],
    description:
      'The catalog order behind a request ticket, for whoever may see the ticket: the item, the answers and where its process stands (the tasks it waits at, its approvals, the fulfilment tasks done)',
    validate: { params: Joi.object({ number: ticketNumber.required() }) },
    response: { schema: order },
  },
  async handler(request) {
    const { em } = request.app;
    const ticket = await ticketsOf(request).get(request.params.number as string);
    const placed = await new CatalogOrdering(em, ticketsOf(request)).ofTicket(ticket);
    const progress = ticket.processInstanceId ? await em.findOne(ProcessInstanceProjection, { instance: ticket.processInstanceId }) : null;
    return presentOrder(placed, ticket, progress, await requestProgress(em, ticket));
  },
};
