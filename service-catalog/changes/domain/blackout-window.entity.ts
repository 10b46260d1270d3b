import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { tenantOwned } from '../../db/tenant';

/**
 * A period in which no change may be implemented (a sales peak, a year-end close): on the named
 * services, or on every service when none is named. A change planned inside one is flagged to its
 * approvers. Tenant-owned; an internal one (no organisation) applies to internal changes.
 */
export const BlackoutWindow = defineEntity({
  name: 'BlackoutWindow',
  tableName: 'change_blackout_window',
  properties: {
    id: p.uuid().primary(),
    name: p.string(),
    startsAt: p.datetime(),
    endsAt: p.datetime(),
    services: p.array().$type<string[]>(),
    createdBy: p.string(),
    createdAt: p.datetime(),
    ...tenantOwned.properties,
  },
  filters: tenantOwned.filters,
});
export type BlackoutWindow = InferEntity<typeof BlackoutWindow>;
