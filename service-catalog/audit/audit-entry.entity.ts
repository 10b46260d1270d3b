import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * A business event a process recorded (`incident.logged`, `incident.closed`…). Unique per
 * (instance, element instance) so an activity retried by Temporal writes it once.
 */
export const AuditEntry = defineEntity({
  name: 'AuditEntry',
  tableName: 'audit_entry',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    processInstanceId: p.uuid().index(),
    processId: p.string(),
    elementId: p.string(),
    elementInstanceKey: p.integer(),
    action: p.string(),
    data: p.json<Record<string, unknown>>(),
    createdAt: p.datetime(),
  },
  uniques: [{ properties: ['processInstanceId', 'elementInstanceKey'] }],
});
export type AuditEntry = InferEntity<typeof AuditEntry>;
