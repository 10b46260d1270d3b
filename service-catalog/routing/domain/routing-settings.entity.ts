import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** The one row (`id` 1) of routing settings: where a ticket goes when no rule matches it. */
export const RoutingSettings = defineEntity({
  name: 'RoutingSettings',
  tableName: 'routing_settings',
  properties: {
    id: p.integer().primary(),
    /** A group key; null means an unmatched ticket cannot be routed (its process raises an incident). */
    defaultGroup: p.string().nullable(),
    updatedAt: p.datetime(),
  },
});
export type RoutingSettings = InferEntity<typeof RoutingSettings>;

export const ROUTING_SETTINGS_ID = 1;
