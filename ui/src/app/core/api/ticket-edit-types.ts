import type { Level } from './ticket-types';

/** How one ticket relates to another (POST /tickets/{number}/links). */
export type TicketLinkKind = 'related' | 'duplicate_of' | 'caused_by';

/** What the desk changes of a ticket's own fields (PATCH /tickets/{number}, beside the version). */
export interface TicketEdit {
  title?: string;
  description?: string;
  impact?: Level;
  urgency?: Level;
}
