import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** One weekly on-call shift: ISO weekday (1 = Monday), local `HH:MM` times; an end at or before the start runs past midnight. */
export interface OnCallShift {
  userId: string;
  weekday: number;
  start: string;
  end: string;
}

/** A group's weekly on-call rota, in its time zone. */
export const OnCallRota = defineEntity({
  name: 'OnCallRota',
  tableName: 'on_call_rota',
  properties: {
    groupKey: p.string().primary(),
    timeZone: p.string(),
    shifts: p.json<OnCallShift[]>(),
    updatedAt: p.datetime(),
    updatedBy: p.string(),
  },
});
export type OnCallRota = InferEntity<typeof OnCallRota>;

/** Someone on call for a group from `startsAt` until `endsAt`, whatever the rota says (a swap, holiday cover). */
export const OnCallOverride = defineEntity({
  name: 'OnCallOverride',
  tableName: 'on_call_override',
  properties: {
    id: p.uuid().primary(),
    groupKey: p.string(),
    userId: p.uuid(),
    startsAt: p.datetime(),
    endsAt: p.datetime(),
    reason: p.string().nullable(),
    createdBy: p.string(),
    createdAt: p.datetime(),
  },
});
export type OnCallOverride = InferEntity<typeof OnCallOverride>;
