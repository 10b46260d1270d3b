import type { EntityManager } from '@mikro-orm/postgresql';
import { ChecklistTemplate } from './checklist-template.entity';
import type { ChecklistEntry } from './work-order.entity';

/** A work order takes a copy of its work type's checklist when it is opened, nothing ticked. */
export async function checklistFor(em: EntityManager, workType: string): Promise<ChecklistEntry[]> {
  const template = await em.findOne(ChecklistTemplate, { workType });
  return (template?.items ?? []).map((i) => ({ ...i, done: false, note: null }));
}
