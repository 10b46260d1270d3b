import type { Plugin } from '@hapi/hapi';
import type { OutgoingMailDeps } from '../mail/domain/outgoing-mail';
import { addTicketEntry } from './routes/add-ticket-entry';
import { createTicket } from './routes/create-ticket';
import { getTicket } from './routes/get-ticket';
import { listTicketEntries } from './routes/list-ticket-entries';
import { listTickets } from './routes/list-tickets';
import { assignTicket, awaitCaller, categoriseTicket, confirmMajorIncident, confirmResolution, rateSatisfaction, linkTicket, listTicketLinks, resolveTicket } from './routes/ticket-actions';
import { updateTicket } from './routes/update-ticket';

export interface TicketsOptions {
  /** Links in canned responses and mails point here. */
  publicUrl: string;
  /** Outgoing mail: agents' public replies are mailed to the caller. Unset: they are not. */
  mail?: OutgoingMailDeps;
}

/** Incidents, problems, changes, requests and work orders: the records the desk works on. */
export const ticketsPlugin: Plugin<TicketsOptions> = {
  name: 'flowdesk-tickets',
  register(server, opts) {
    server.route([createTicket, listTickets, getTicket, updateTicket, addTicketEntry(opts), listTicketEntries, resolveTicket, awaitCaller(opts), categoriseTicket, confirmMajorIncident, assignTicket, confirmResolution, rateSatisfaction, linkTicket, listTicketLinks]);
  },
};
