import Joi from 'joi';
import type { ServerRoute } from '@hapi/hapi';
import { principalOf } from '../../identity/auth-plugin';
import { presentWaits } from '../../processes/presenters';
import { readerTimeZone, timeZoneQuery } from '../../processes/reader-time-zone';
import { waits } from '../../processes/wait-schemas';
import { TicketPeople } from '../domain/ticket-people';
import { ticketWaits, waitGroupKeys } from '../domain/ticket-waits';
import { ticketsOf } from '../ticket-services';
import { ticketNumber } from '../schemas';

export const getTicketWaits: ServerRoute = {
  method: 'GET',
  path: '/tickets/{number}/waits',
  options: {
    tags: ['api', 'tickets'],
    description: 'Why the ticket waits: everything its process waits for now, each in words',
    notes:
      'Open user tasks with their candidates, timers with their due time and what they do, messages with name and key, workers, called processes and incidents. `state`: waiting, ended, unavailable (no worker answered in time) or none (no process). Staff only; 404 for tickets you may not see. Times in the sentences are in `timeZone` (default: the zone on your profile, `PATCH /me`, else UTC); the ISO fields stay UTC.',
    auth: { access: { scope: ['agent', 'process-owner', 'technician', 'admin'] } },
    validate: {
      params: Joi.object({ number: ticketNumber.required() }),
      query: Joi.object({ timeZone: timeZoneQuery }),
    },
    response: {
      schema: Joi.object({
        number: ticketNumber.required(),
        state: Joi.string().valid('waiting', 'ended', 'unavailable', 'none').required(),
        waits: waits.required(),
      }).label('TicketWaits'),
    },
  },
  async handler(request) {
    const ticket = await ticketsOf(request).get(request.params.number as string);
    const found = await ticketWaits(request.server.app.tickets.processes(), ticket);
    const principal = principalOf(request);
    const people = await TicketPeople.load(request.app.em, principal, [], [], waitGroupKeys(found.waits));
    return { number: ticket.number, state: found.state, waits: presentWaits(found.waits, people.groupName, await readerTimeZone(request)) };
  },
};
