import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { BusinessCalendar } from './business-calendar';

/** A named set of business hours (a group's, a contract's) that SLA clocks count in. */
export const BusinessCalendarRecord = defineEntity({
  name: 'BusinessCalendarRecord',
  tableName: 'business_calendar',
  properties: {
    id: p.uuid().primary(),
    name: p.string().unique(),
    definition: p.json<BusinessCalendar>(),
    createdAt: p.datetime(),
  },
});
export type BusinessCalendarRecord = InferEntity<typeof BusinessCalendarRecord>;
