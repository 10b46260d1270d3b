import type { ServerRoute } from '@hapi/hapi';
import { principalOf } from '../../identity/auth-plugin';
import { CiService } from '../domain/ci-service';
import { TicketCiLinks } from '../domain/ticket-ci-links';
import { presentCiSummary, presentCiTicket } from '../presenters';
import { ciIdParams, ciTicketList, linkCiPayload, linkedCiList, ticketCiParams, ticketParams } from '../schemas';
import { EVERYONE, STAFF } from './access';

const tags = ['api', 'cmdb', 'tickets'];

const present = (items: Awaited<ReturnType<TicketCiLinks['list']>>) => ({
  items: items.map(({ link, ci }) => ({ ...presentCiSummary(ci), linkedBy: link.createdBy, linkedAt: link.createdAt.toISOString() })),
});

export const listTicketCis: ServerRoute = {
  method: 'GET',
  path: '/tickets/{number}/configuration-items',
  options: {
    tags,
    description: 'The CIs the ticket touches (incidents, problems and changes alike)',
    auth: EVERYONE,
    validate: { params: ticketParams },
    response: { schema: linkedCiList },
  },
  async handler(request) {
    return present(await new TicketCiLinks(request.app.em).list(request.params.number as string));
  },
};

export const linkTicketCi: ServerRoute = {
  method: 'POST',
  path: '/tickets/{number}/configuration-items',
  options: {
    tags,
    description: 'Link a CI to the ticket (again: no change); a CI of another customer than the ticket’s is 422',
    auth: STAFF,
    validate: { params: ticketParams, payload: linkCiPayload },
    response: { status: { 201: linkedCiList } },
  },
  async handler(request, h) {
    const { ciId } = request.payload as { ciId: string };
    return h
      .response(present(await new TicketCiLinks(request.app.em).link(principalOf(request), request.params.number as string, ciId)))
      .code(201);
  },
};

export const unlinkTicketCi: ServerRoute = {
  method: 'DELETE',
  path: '/tickets/{number}/configuration-items/{ciId}',
  options: { tags, description: 'Remove a CI from the ticket', auth: STAFF, validate: { params: ticketCiParams } },
  async handler(request, h) {
    await new TicketCiLinks(request.app.em).unlink(principalOf(request), request.params.number as string, request.params.ciId as string);
    return h.response().code(204);
  },
};

export const ciTickets: ServerRoute = {
  method: 'GET',
  path: '/cmdb/cis/{id}/tickets',
  options: {
    tags,
    description: 'The tickets that name the CI, newest first',
    auth: EVERYONE,
    validate: { params: ciIdParams },
    response: { schema: ciTicketList },
  },
  async handler(request) {
    const id = request.params.id as string;
    await new CiService(request.app.em).get(id);
    return { items: (await new TicketCiLinks(request.app.em).ticketsOf(id)).map(presentCiTicket) };
  },
};
