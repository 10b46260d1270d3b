import type { EntityManager } from '@mikro-orm/postgresql';
import { WrongState } from '../../errors';
import { ProcessDefinition } from '../../processes/domain/process-definition.entity';
import { KNOWLEDGE_REVIEW_PROCESS_ID } from './article-decisions';

/**
 * A knowledge review task is decided with POST /kb/articles/{id}/versions/{version}/review, never
 * completed as a bare task: only there is the rule kept that an author does not review their own
 * version. 409 `KB_REVIEW_TASK`.
 */
export async function refuseKnowledgeReviewTask(
  em: EntityManager,
  instance: { id: string; definitionId: string },
  task: { elementId: string; name?: string },
): Promise<void> {
  const definition = await em.findOne(ProcessDefinition, { id: instance.definitionId });
  if (definition?.processId !== KNOWLEDGE_REVIEW_PROCESS_ID) return;
  throw new WrongState(
    'KB_REVIEW_TASK',
    `“${task.name ?? task.elementId}” reviews a knowledge article version: decide it with POST /kb/articles/{id}/versions/{version}/review`,
  );
}
