import Joi from 'joi';
import type { ServerRoute } from '@hapi/hapi';
import { principalOf } from '../../identity/auth-plugin';
import { ProcessInstanceService } from '../domain/process-instance-service';
import { prefillOf } from '../domain/task-forms';

/**
 * An open user task's Camunda form (issue 16) for the desk and operate to render with form-js:
 * the schema, the deployed form it came from, and the data it is prefilled with (the values of the
 * variables its fields name, nothing more). `form` is null for a task without a Camunda form.
 */
export const getTaskForm: ServerRoute = {
  method: 'GET',
  path: '/tasks/{id}/form',
  options: {
    tags: ['api', 'tasks'],
    description: 'The Camunda form of an open user task, prefilled from the process variables it names',
    notes:
      'For whoever may complete the task: 404 when it does not exist or belongs to an organisation you may not see; 409 TASK_NOT_OPEN when it is no longer open; 403 when its assignee, candidate users and candidate groups do not include you. `form` is null when the task has no Camunda form, or its linked form is not deployed. Completing the task (POST /tasks/{id}/complete) checks the variables against the same schema.',
    validate: {
      params: Joi.object({ id: Joi.string().max(64).required().description('<process instance id>.<element instance key>') }),
    },
    response: {
      schema: Joi.object({
        taskId: Joi.string().required(),
        formKey: Joi.string().allow(null).required().description('as the diagram names it: a form id, or camunda-forms:bpmn:<id>'),
        form: Joi.object({
          schema: Joi.object().unknown(true).required().description('the form-js schema'),
          formId: Joi.string().description('a linked (deployed) form: its id'),
          version: Joi.number().integer().description('a linked form: the version shown'),
          data: Joi.object().unknown(true).required().description('the values of the variables the form names'),
        })
          .allow(null)
          .required()
          .label('TaskFormSchema'),
      }).label('TaskForm'),
    },
  },
  async handler(request) {
    const taskId = request.params.id as string;
    const { task, form } = await new ProcessInstanceService(request.app.em, request.server.app.engine).taskForm(
      taskId,
      principalOf(request),
    );
    return {
      taskId,
      formKey: task.formKey ?? null,
      form: form
        ? {
            schema: form.form.schema,
            ...(form.form.formId ? { formId: form.form.formId, version: form.form.version } : {}),
            data: prefillOf(form),
          }
        : null,
    };
  },
};
