import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** How the provider handles one work type: whether new jobs of it go to the top suggestion without a dispatcher. */
export const WorkTypeSetting = defineEntity({
  name: 'WorkTypeSetting',
  tableName: 'work_type_setting',
  properties: {
    workType: p.string().primary(),
    autoDispatch: p.boolean(),
    updatedAt: p.datetime(),
  },
});
export type WorkTypeSetting = InferEntity<typeof WorkTypeSetting>;
