import type { Plugin } from '@hapi/hapi';
import { addTicketEntry } from './routes/add-ticket-entry';
import { createTicket } from './routes/create-ticket';
import { getTicket } from './routes/get-ticket';
import { getTicketWaits } from './routes/get-ticket-waits';
import { followUpTicket, reopenOptionsRoute, reopenTicket } from './routes/reopen-ticket';
import { listTicketEntries } from './routes/list-ticket-entries';
import { listTickets } from './routes/list-tickets';
import {
  assignTicket,
  awaitCaller,
  categoriseTicket,
  confirmMajorIncident,
  implementChange,
  reviewChange,
  confirmResolution,
  linkTicket,
  listTicketLinks,
  resolveTicket,
} from './routes/ticket-actions';
import { getAssignmentOptions, listTicketAssignments } from './routes/ticket-assignment';
import { updateTicket } from './routes/update-ticket';
import type { TicketsOptions } from './options';

/** Incidents, problems, changes, requests and work orders: the records the desk works on. */
export const ticketsPlugin: Plugin<TicketsOptions> = {
  name: 'flowdesk-tickets',
  register(server, opts) {
    server.route([
      createTicket(opts),
      listTickets,
      getTicket,
      getTicketWaits,
      updateTicket,
      addTicketEntry(opts),
      listTicketEntries,
      resolveTicket,
      awaitCaller(opts),
      categoriseTicket,
      confirmMajorIncident,
      implementChange,
      reviewChange,
      assignTicket,
      listTicketAssignments,
      getAssignmentOptions,
      confirmResolution,
      linkTicket,
      listTicketLinks,
      reopenOptionsRoute(opts),
      reopenTicket(opts),
      followUpTicket(opts),
    ]);
  },
};
