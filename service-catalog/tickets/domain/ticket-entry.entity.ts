import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { tenantOwned } from '../../db/tenant';

/**
 * A public reply (the caller sees it) or an internal work note (staff only) on a ticket. Tenant-owned
 * like its ticket, so guessing an entry id of another organisation finds nothing.
 */
export const TicketEntry = defineEntity({
  name: 'TicketEntry',
  tableName: 'ticket_entry',
  properties: {
    id: p.uuid().primary(),
    ticketId: p.uuid().index(),
    kind: p.string().$type<'reply' | 'note'>(),
    authorId: p.uuid().nullable(),
    authorName: p.string(),
    body: p.text(),
    createdAt: p.datetime(),
    ...tenantOwned.properties,
  },
  filters: tenantOwned.filters,
});
export type TicketEntry = InferEntity<typeof TicketEntry>;
