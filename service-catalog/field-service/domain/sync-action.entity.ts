import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { tenantOwned } from '../../db/tenant';

export const SYNC_OUTCOMES = ['pending', 'applied', 'conflict', 'rejected'] as const;
export type SyncOutcome = (typeof SYNC_OUTCOMES)[number];

/**
 * One action an offline phone queued, under the id the phone gave it, with what became of it. The id
 * is the idempotency key: a batch sent again is answered from these rows, never applied twice.
 * Tenant-owned like the work order it was about (none when the phone named one it may not see).
 */
export const SyncAction = defineEntity({
  name: 'SyncAction',
  tableName: 'sync_action',
  properties: {
    id: p.uuid().primary(),
    ...tenantOwned.properties,
    userId: p.uuid(),
    workOrderNumber: p.string(),
    action: p.string(),
    happenedAt: p.datetime(),
    outcome: p.string().$type<SyncOutcome>(),
    code: p.string().nullable(),
    message: p.text().nullable(),
    receivedAt: p.datetime(),
  },
  filters: tenantOwned.filters,
});
export type SyncAction = InferEntity<typeof SyncAction>;
