import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { RoutingStrategy } from '../../routing/domain/choose-assignee';

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
    /** How a ticket routed here gets an assignee (see choose-assignee.ts); `manual` leaves it in the queue. */
    routingStrategy: p.string().$type<RoutingStrategy>().default('manual'),
    /** Round-robin: the username of the member chosen last, written under a row lock on this group. */
    roundRobinCursor: p.string().nullable(),
    /** OLA: how long a ticket may stay with this group (ISO 8601 hours and minutes, e.g. PT4H); null: no target. */
    olaTarget: p.string().nullable(),
    /** The group's lead (a member of staff): whom an SLA escalation level `group-lead` mails. */
    leadId: p.uuid().nullable(),
    createdAt: p.datetime(),
  },
});
export type Group = InferEntity<typeof Group>;
