import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { tenantOwned } from '../../db/tenant';

/**
 * The relation types. Every one reads "source needs target": an application `runs_on` a server, a
 * database is `hosted_on` one, a service `depends_on` an application, a workstation is `connected_to`
 * a switch and `part_of` a location. So when a target fails, its sources (upstream) are hit, and
 * what a CI needs is downstream of it: the impact walk follows one direction for every type.
 */
export const RELATION_TYPES = ['depends_on', 'runs_on', 'hosted_on', 'connected_to', 'part_of'] as const;
export type RelationType = (typeof RELATION_TYPES)[number];

/** A typed, directed relation between two CIs of one customer (or with an internal CI). Tenant-owned. */
export const CiRelation = defineEntity({
  name: 'CiRelation',
  tableName: 'ci_relation',
  properties: {
    id: p.uuid().primary(),
    ...tenantOwned.properties,
    sourceId: p.uuid(),
    type: p.string().$type<RelationType>(),
    targetId: p.uuid(),
    createdAt: p.datetime(),
  },
  filters: tenantOwned.filters,
});
export type CiRelation = InferEntity<typeof CiRelation>;
