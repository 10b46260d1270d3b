import Joi from 'joi';
import type { ServerRoute } from '@hapi/hapi';
import { principalOf } from '../../identity/auth-plugin';
import { ticketsOf } from '../../tickets/ticket-services';
import { CannedResponseService } from '../domain/canned-response-service';
import type { CannedResponsesOptions } from '../options';
import { cannedResponseId, renderedResponse, renderPayload } from '../schemas';
import { DESK } from './canned-responses';

export const renderCannedResponse = (opts: CannedResponsesOptions): ServerRoute => ({
  method: 'POST',
  path: '/canned-responses/{id}/render',
  options: {
    tags: ['api', 'canned-responses'],
    description: 'The canned response filled in for a ticket, to edit before sending (nothing is sent)',
    auth: DESK,
    validate: { params: Joi.object({ id: cannedResponseId.required() }), payload: renderPayload },
    response: { schema: renderedResponse },
  },
  async handler(request) {
    const principal = principalOf(request);
    const ticket = await ticketsOf(request).get((request.payload as { ticketNumber: string }).ticketNumber);
    const { response, body } = await new CannedResponseService(request.app.em).render(
      principal,
      request.params.id as string,
      ticket,
      opts.publicUrl,
    );
    return { id: response.id, ticketNumber: ticket.number, title: response.title, body };
  },
});
