import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * An assignment group (Service desk, Network…). Its `key` is what BPMN user tasks name in
 * `zeebe:assignmentDefinition candidateGroups`, so a diagram and the directory agree on one string.
 */
export const Group = defineEntity({
  name: 'Group',
  tableName: 'assignment_group',
  properties: {
    id: p.uuid().primary(),
    key: p.string().unique(),
    name: p.string(),
    createdAt: p.datetime(),
  },
});
export type Group = InferEntity<typeof Group>;
