import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { tenantOwned } from '../../db/tenant';

/** A customer location (branch, office) where work orders are carried out. Tenant-owned. */
export const Site = defineEntity({
  name: 'Site',
  tableName: 'site',
  properties: {
    id: p.uuid().primary(),
    ...tenantOwned.properties,
    name: p.string(),
    address: p.string().nullable(),
    createdAt: p.datetime(),
  },
  filters: tenantOwned.filters,
});
export type Site = InferEntity<typeof Site>;
