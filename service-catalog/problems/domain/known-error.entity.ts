import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { tenantOwned } from '../../db/tenant';

/**
 * A problem's root-cause analysis and workaround — once either is known, the known-error record the
 * desk searches when a new incident looks familiar (ITIL: a problem with a documented root cause or
 * workaround). One per problem ticket; tenant-owned like the ticket.
 */
export const KnownError = defineEntity({
  name: 'KnownError',
  tableName: 'known_error',
  properties: {
    id: p.uuid().primary(),
    problemTicketId: p.uuid().unique(),
    problemNumber: p.string(),
    title: p.string(),
    symptoms: p.text().default(''),
    rootCause: p.text().nullable(),
    workaround: p.text().nullable(),
    /** Set by the problem's process once the latest workaround reached every linked incident. */
    workaroundPublishedAt: p.datetime().nullable(),
    analysedBy: p.string().nullable(),
    service: p.string().nullable(),
    category: p.string().nullable(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
    ...tenantOwned.properties,
  },
  filters: tenantOwned.filters,
});
export type KnownError = InferEntity<typeof KnownError>;
