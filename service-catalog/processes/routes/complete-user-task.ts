import Joi from 'joi';
import type { ServerRoute } from '@hapi/hapi';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { OpenUserTask } from '../../../workflows/client';
import { principalOf } from '../../identity/auth-plugin';
import { refuseApprovalTask } from '../../approvals/domain/approval-tasks';
import { refuseKnowledgeReviewTask } from '../../knowledge/domain/knowledge-review-tasks';
import { refuseTicketTask } from '../../tickets/domain/ticket-tasks';
import { ProcessInstanceService } from '../domain/process-instance-service';
import { completeTaskPayload } from '../schemas';

/**
 * A ticket's, an approval's and a knowledge review's tasks are completed by their own actions, which do
 * what a plain completion would skip: the check before a task is completed as a plain one (409 naming the action).
 */
export function refuseTasksOfTheirOwnActions(em: EntityManager) {
  return async (instance: { id: string; definitionId: string }, task: OpenUserTask): Promise<void> => {
    await refuseTicketTask(em, instance, task);
    await refuseApprovalTask(em, instance, task);
    await refuseKnowledgeReviewTask(em, instance, task);
  };
}

export const completeUserTask: ServerRoute = {
  method: 'POST',
  path: '/tasks/{id}/complete',
  options: {
    tags: ['api', 'tasks'],
    description: 'Complete an open user task, merging the given variables into the process',
    notes:
      "404 when the task does not exist or belongs to an organisation you may not see; 409 when it is a ticket's task that a ticket action completes (the message names the action: use it on the ticket) or an approval (APPROVAL_TASK: decide it under /approvals) or a knowledge review (KB_REVIEW_TASK: decide it with the version's review route), or when it is no longer open; 400 INVALID_FORM_ANSWERS naming every field (`payload.variables.<key>`) when the task shows a Camunda form and the variables do not fit its schema (nothing is completed then); 403 when its assignee, candidate users and candidate groups do not include you. Every completion is audited.",
    validate: {
      params: Joi.object({ id: Joi.string().max(64).required().description('<process instance id>.<element instance key>') }),
      payload: completeTaskPayload,
    },
    response: {
      schema: Joi.object({
        id: Joi.string().required(),
        status: Joi.string().required(),
        activeElementIds: Joi.array().items(Joi.string()).required(),
      }).label('CompletedUserTask'),
    },
  },
  async handler(request) {
    const { variables } = request.payload as { variables: Record<string, unknown> };
    const em = request.app.em;
    const view = await new ProcessInstanceService(em, request.server.app.engine).completeUserTask(
      request.params.id as string,
      variables,
      principalOf(request),
      refuseTasksOfTheirOwnActions(em),
    );
    return { id: request.params.id as string, status: view.status, activeElementIds: view.activeElementIds };
  },
};
