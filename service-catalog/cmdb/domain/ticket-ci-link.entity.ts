import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { tenantOwned } from '../../db/tenant';

/** A CI a ticket touches (an incident's failing server, the CIs a change modifies). Tenant-owned like the ticket. */
export const TicketCiLink = defineEntity({
  name: 'TicketCiLink',
  tableName: 'ticket_ci_link',
  properties: {
    id: p.uuid().primary(),
    ...tenantOwned.properties,
    ticketId: p.uuid(),
    ciId: p.uuid(),
    createdBy: p.string(),
    createdAt: p.datetime(),
  },
  filters: tenantOwned.filters,
});
export type TicketCiLink = InferEntity<typeof TicketCiLink>;
