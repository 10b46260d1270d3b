import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { ChecklistItem } from './work-order.entity';

/** What a technician checks on a job of one work type; the provider's, not a customer's. */
export const ChecklistTemplate = defineEntity({
  name: 'ChecklistTemplate',
  tableName: 'checklist_template',
  properties: {
    workType: p.string().primary(),
    items: p.json<ChecklistItem[]>(),
    updatedAt: p.datetime(),
  },
});
export type ChecklistTemplate = InferEntity<typeof ChecklistTemplate>;
