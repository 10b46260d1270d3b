import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * A reply an agent reuses ("Please restart your laptop…"), with placeholders filled from the ticket
 * when used. Internal to the desk, so not tenant-owned; `groupKey` and `category` only help find it.
 */
export const CannedResponse = defineEntity({
  name: 'CannedResponse',
  tableName: 'canned_response',
  properties: {
    id: p.uuid().primary(),
    title: p.string(),
    body: p.text(),
    groupKey: p.string().nullable(),
    category: p.string().nullable(),
    createdById: p.uuid().nullable(),
    createdByName: p.string(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
});
export type CannedResponse = InferEntity<typeof CannedResponse>;
