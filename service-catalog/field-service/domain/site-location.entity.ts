import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { tenantOwned } from '../../db/tenant';

/**
 * Where a customer's site is on the map and which territory it falls in: what dispatch measures
 * travel from. Beside the site (identity owns the site), tenant-owned like it.
 */
export const SiteLocation = defineEntity({
  name: 'SiteLocation',
  tableName: 'site_location',
  properties: {
    siteId: p.uuid().primary(),
    ...tenantOwned.properties,
    latitude: p.double(),
    longitude: p.double(),
    territory: p.string().nullable(),
    updatedAt: p.datetime(),
  },
  filters: tenantOwned.filters,
});
export type SiteLocation = InferEntity<typeof SiteLocation>;
