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
    createdAt: p.datetime(),
  },
  filters: tenantOwned.filters,
});
export type Contract = InferEntity<typeof Contract>;
