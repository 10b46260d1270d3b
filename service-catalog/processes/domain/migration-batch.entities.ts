import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { ElementMapping } from '../../../engine/runtime/migrate-state';
import { tenantOwned } from '../../db/tenant';

export type MigrationItemState = 'pending' | 'migrated' | 'failed';

/** One batch migration: every chosen instance of `sourceDefinitionId` moved to `targetDefinitionId` with `mappings`. */
export const MigrationBatch = defineEntity({
  name: 'MigrationBatch',
  tableName: 'process_migration_batch',
  properties: {
    id: p.uuid().primary(),
    processId: p.string(),
    sourceDefinitionId: p.uuid(),
    targetDefinitionId: p.uuid(),
    mappings: p.json<ElementMapping[]>(),
    state: p.string().$type<'running' | 'finished'>(),
    total: p.integer(),
    requestedBy: p.string(),
    createdAt: p.datetime(),
    finishedAt: p.datetime().nullable(),
    ...tenantOwned.properties,
  },
  filters: tenantOwned.filters,
});
export type MigrationBatch = InferEntity<typeof MigrationBatch>;

/** One instance of a batch and what became of it. */
export const MigrationItem = defineEntity({
  name: 'MigrationItem',
  tableName: 'process_migration_item',
  properties: {
    batchId: p.uuid().primary(),
    instanceId: p.uuid().primary(),
    state: p.string().$type<MigrationItemState>(),
    message: p.text().nullable(),
    problems: p.json<Array<{ elementId?: string; field?: string; message: string }>>().nullable(),
    finishedAt: p.datetime().nullable(),
    ...tenantOwned.properties,
  },
  filters: tenantOwned.filters,
});
export type MigrationItem = InferEntity<typeof MigrationItem>;
