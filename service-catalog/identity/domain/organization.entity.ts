import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** A B2B customer organisation: the tenant that sites, contracts, tickets and instances belong to. */
export const Organization = defineEntity({
  name: 'Organization',
  tableName: 'organization',
  properties: {
    id: p.uuid().primary(),
    name: p.string().unique(),
    createdAt: p.datetime(),
  },
});
export type Organization = InferEntity<typeof Organization>;
