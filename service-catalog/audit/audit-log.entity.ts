import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * One mutation made through the API: who (actor), what (action on entity + id), and the entity
 * before and after. Written in the same flush as the change itself, so a rolled-back change leaves
 * no entry and a committed one always has it. Process business events live in `audit_entry`.
 */
export const AuditLog = defineEntity({
  name: 'AuditLog',
  tableName: 'audit_log',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    actorId: p.uuid().nullable().index(),
    actorName: p.string(),
    action: p.string(),
    entity: p.string(),
    entityId: p.string().index(),
    before: p.json<Record<string, unknown>>().nullable(),
    after: p.json<Record<string, unknown>>().nullable(),
    at: p.datetime(),
  },
});
export type AuditLog = InferEntity<typeof AuditLog>;
