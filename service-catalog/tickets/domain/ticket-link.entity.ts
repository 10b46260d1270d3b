import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { tenantOwned } from '../../db/tenant';

/** How one ticket relates to another: a major incident `caused_by` its problem, a `duplicate_of`, or just `related`. */
export const TICKET_LINK_KINDS = ['caused_by', 'duplicate_of', 'related'] as const;
export type TicketLinkKind = (typeof TICKET_LINK_KINDS)[number];

/** A directed link between two tickets; tenant-owned like the ticket it starts from. */
export const TicketLink = defineEntity({
  name: 'TicketLink',
  tableName: 'ticket_link',
  properties: {
    id: p.uuid().primary(),
    ticketId: p.uuid().index(),
    linkedTicketId: p.uuid(),
    kind: p.string().$type<TicketLinkKind>(),
    createdBy: p.string(),
    createdAt: p.datetime(),
    ...tenantOwned.properties,
  },
  filters: tenantOwned.filters,
});
export type TicketLink = InferEntity<typeof TicketLink>;
