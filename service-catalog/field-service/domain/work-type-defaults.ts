import type { EntityManager } from '@mikro-orm/postgresql';
import { RuleViolation } from '../../errors';
import type { RequiredSkill } from './work-order.entity';
import { WorkTypeSetting } from './work-type-setting.entity';

/** What a new work order leaves to its work type: the window's end and the skills it needs. */
export interface WorkTypeDefaultable {
  workType: string;
  window: { startsAt: string; endsAt?: string };
  requiredSkills?: RequiredSkill[];
}

/**
 * The window's end and the required skills of a new work order: what its creator gave, else what the work type
 * says (PUT /work-types/{workType}). Skills given, even none, win: a dispatcher may know this job is simpler.
 */
export async function workTypeDefaults(
  em: EntityManager,
  input: WorkTypeDefaultable,
): Promise<{ windowEndsAt: Date; requiredSkills: RequiredSkill[] }> {
  const needed = input.window.endsAt === undefined || input.requiredSkills === undefined;
  const setting = needed ? await em.findOne(WorkTypeSetting, { workType: input.workType }) : null;
  const requiredSkills = input.requiredSkills ?? setting?.requiredSkills ?? [];
  if (input.window.endsAt !== undefined) return { windowEndsAt: new Date(input.window.endsAt), requiredSkills };
  const minutes = setting?.defaultDurationMinutes;
  if (!minutes) {
    throw new RuleViolation('WINDOW_END_NEEDED', `work type ${input.workType} has no default duration: give the window's end`, [
      { field: 'payload.window.endsAt', message: `is required: work type ${input.workType} has no default duration` },
    ]);
  }
  return { windowEndsAt: new Date(new Date(input.window.startsAt).getTime() + minutes * 60_000), requiredSkills };
}
