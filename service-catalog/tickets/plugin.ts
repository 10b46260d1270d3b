import type { Plugin } from '@hapi/hapi';
import { addTicketEntry } from './routes/add-ticket-entry';
import { createTicket } from './routes/create-ticket';
import { getTicket } from './routes/get-ticket';
import { listTicketEntries } from './routes/list-ticket-entries';
import { listTickets } from './routes/list-tickets';
import { assignTicket, awaitCaller, categoriseTicket, confirmResolution, linkTicket, listTicketLinks, resolveTicket } from './routes/ticket-actions';
import { updateTicket } from './routes/update-ticket';

/** Incidents, problems, changes, requests and work orders: the records the desk works on. */
export const ticketsPlugin: Plugin<void> = {
  name: 'flowdesk-tickets',
  register(server) {
    server.route([createTicket, listTickets, getTicket, updateTicket, addTicketEntry, listTicketEntries, resolveTicket, awaitCaller, categoriseTicket, assignTicket, confirmResolution, linkTicket, listTicketLinks]);
  },
};
