import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { tenantOwned } from '../../db/tenant';

/** A service contract with a customer organisation, e.g. "4-hour on-site response". Tenant-owned. */
export const Contract = defineEntity({
  name: 'Contract',
  tableName: 'contract',
  properties: {
    id: p.uuid().primary(),
    ...tenantOwned.properties,
    name: p.string(),
    responseHours: p.integer().nullable(),
    validFrom: p.string(),
    validTo: p.string().nullable(),
    /** The business calendar the SLA targets count on; without one the contract has no SLA deadlines. */
    calendarId: p.uuid().nullable(),
    /** Business time from the request to a technician dispatched (`PT2H`). */
    responseTarget: p.string().nullable(),
    /** Business time from the request to a technician on site (`PT4H`). */
    onSiteTarget: p.string().nullable(),
    createdAt: p.datetime(),
  },
  filters: tenantOwned.filters,
});
export type Contract = InferEntity<typeof Contract>;
