import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * Response and resolution targets, in business time of a calendar, for the tickets it matches. An
 * empty criterion matches anything; the most specific matching policy applies (customer, then
 * service, then priority).
 */
export const SlaPolicy = defineEntity({
  name: 'SlaPolicy',
  tableName: 'sla_policy',
  properties: {
    id: p.uuid().primary(),
    name: p.string().unique(),
    priority: p.string().nullable(),
    /** The service the policy is for (by id; null: any service). */
    serviceId: p.uuid().nullable(),
    /** The service's name as it is now, read with the row (not stored). */
    service: p
      .string()
      .formula((cols) => `(select s.name from service s where s.id = ${cols.serviceId})`)
      .nullable(),
    organizationId: p.uuid().nullable(),
    calendarId: p.uuid(),
    /** ISO 8601 business-time durations, hours and minutes only (`PT4H`, `PT20H`). */
    responseTarget: p.string(),
    resolutionTarget: p.string(),
    /** When the resolution warning fires, as a share of the resolution target. */
    warningPercent: p.integer(),
    /**
     * Escalation levels, lowest share first: at `percent` of the resolution target (business time) the
     * incident process mails `notify` once (a recipient like a notify task's `to`: `assignee`,
     * `assignee-or-group`, `group:<key>`, `role:<role>` or an address).
     */
    escalations: p.json<SlaEscalation[]>().default([]),
    createdAt: p.datetime(),
  },
});
export type SlaPolicy = InferEntity<typeof SlaPolicy>;

export interface SlaEscalation {
  percent: number;
  notify: string;
}
/** The incident diagram has one timer per level. */
export const MAX_ESCALATION_LEVELS = 3;
