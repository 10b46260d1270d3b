import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { tenantOwned } from '../../db/tenant';

/**
 * A file on a ticket (uploaded, or attached to a mail to the desk). Tenant-owned like its ticket, so
 * guessing another organisation's attachment id finds nothing. The bytes live in the attachment
 * store under `storageKey` (content-addressed by `sha256`); this row exists only once they are there.
 */
export const TicketAttachment = defineEntity({
  name: 'TicketAttachment',
  tableName: 'ticket_attachment',
  properties: {
    id: p.uuid().primary(),
    ticketId: p.uuid().index(),
    /** The reply or note it came with; an attachment of an internal note is staff-only like the note. */
    entryId: p.uuid().nullable(),
    /** Sanitised: no path, no control characters. */
    filename: p.string(),
    /** The accepted type its bytes were checked against. */
    contentType: p.string(),
    size: p.bigint('number'),
    sha256: p.string().length(64),
    storageKey: p.string(),
    uploadedById: p.uuid().nullable(),
    uploadedByName: p.string(),
    createdAt: p.datetime(),
    ...tenantOwned.properties,
  },
  filters: tenantOwned.filters,
});
export type TicketAttachment = InferEntity<typeof TicketAttachment>;
