import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * A create request seen before, per caller and `Idempotency-Key`: a retried POST (a flaky mobile
 * link, a mail gateway resending) gets the ticket the first one made instead of a duplicate.
 */
export const IdempotencyRecord = defineEntity({
  name: 'IdempotencyRecord',
  tableName: 'idempotency_record',
  properties: {
    id: p.uuid().primary(),
    actorId: p.string(),
    key: p.string(),
    requestHash: p.string(),
    resourceId: p.uuid(),
    createdAt: p.datetime(),
  },
  uniques: [{ properties: ['actorId', 'key'] }],
});
export type IdempotencyRecord = InferEntity<typeof IdempotencyRecord>;
