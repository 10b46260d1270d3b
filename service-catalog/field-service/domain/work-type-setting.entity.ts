import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { RequiredSkill } from './work-order.entity';

/**
 * How the provider handles one work type: whether new jobs of it go to the top suggestion without a dispatcher,
 * and what a new work order of it takes when its creator leaves it out — the window's length and the skills.
 */
export const WorkTypeSetting = defineEntity({
  name: 'WorkTypeSetting',
  tableName: 'work_type_setting',
  properties: {
    workType: p.string().primary(),
    autoDispatch: p.boolean(),
    /** Minutes from the window's start to its end when a new work order gives only the start; null: it must give both. */
    defaultDurationMinutes: p.integer().nullable(),
    requiredSkills: p.json<RequiredSkill[]>(),
    updatedAt: p.datetime(),
  },
});
export type WorkTypeSetting = InferEntity<typeof WorkTypeSetting>;
