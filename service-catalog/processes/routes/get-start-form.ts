import Joi from 'joi';
import type { ServerRoute } from '@hapi/hapi';
import { ProcessDefinitionService } from '../domain/process-definition-service';
import { startFormOf } from '../domain/start-forms';
import { STAFF_SCOPES } from '../route-scopes';
import { uuid } from '../schemas';

const startFormAnswer = Joi.object({
  definitionId: Joi.string().required(),
  formKey: Joi.string().allow(null).required().description('as the diagram names it: a form id, or camunda-forms:bpmn:<id>'),
  form: Joi.object({
    schema: Joi.object().unknown(true).required().description('the form-js JSON'),
    formId: Joi.string(),
    version: Joi.number().integer(),
  })
    .allow(null)
    .required()
    .description('null when the version has no start form, or its linked form is not deployed'),
}).label('StartForm');

/**
 * The start form of a deployed version (Camunda 8's start event `zeebe:formDefinition`), for whoever
 * may start an instance: operate shows it instead of a JSON box, and `POST /process-instances` with
 * `startForm: true` checks the answers against it.
 */
export const getStartForm: ServerRoute = {
  method: 'GET',
  path: '/process-definitions/{id}/start-form',
  options: {
    auth: { access: { scope: STAFF_SCOPES } },
    tags: ['api', 'processes'],
    description: 'The start form of a deployed process version',
    notes:
      'For staff. A linked form resolves by its binding as a user task’s does (latest, deployment, versionTag); an embedded one is the process’s zeebe:userTaskForm. `formKey` and `form` are null for a version without one; 404 for an unknown version.',
    validate: { params: Joi.object({ id: uuid.required() }) },
    response: { schema: startFormAnswer },
  },
  async handler(request) {
    const em = request.app.em;
    const definition = await new ProcessDefinitionService(em).get(request.params.id as string);
    const startForm = await startFormOf(em, definition);
    const form = startForm?.form;
    return {
      definitionId: definition.id,
      formKey: startForm?.formKey ?? null,
      form: form ? { schema: form.schema, ...(form.formId ? { formId: form.formId, version: form.version } : {}) } : null,
    };
  },
};
