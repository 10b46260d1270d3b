import Joi from 'joi';
import type { ServerRoute } from '@hapi/hapi';
import { FormDefinitionReads } from '../domain/form-definition-reads';

const formIdParam = Joi.string()
  .pattern(/^[A-Za-z_][\w.-]{0,254}$/, 'form id')
  .required()
  .description('the form’s `id`, which user tasks name in zeebe:formDefinition formId');

const summary = Joi.object({
  formId: Joi.string().required(),
  latestVersion: Joi.number().integer().required(),
  versions: Joi.array().items(Joi.number().integer()).required().description('every deployed version, newest first'),
  versionTag: Joi.string().allow(null).required().description('the newest version’s tag'),
  deployedAt: Joi.date().iso().required().description('when the newest version was deployed'),
}).label('FormDefinitionSummary');

const detail = Joi.object({
  id: Joi.string().guid().required(),
  formId: Joi.string().required(),
  version: Joi.number().integer().required(),
  versionTag: Joi.string().allow(null).required(),
  deployedAt: Joi.date().iso().required(),
  schema: Joi.object().unknown(true).required().description('the form-js JSON, as deployed (a .form file)'),
}).label('FormDefinition');

/**
 * The deployed Camunda forms, for the studio to reopen one (issue 16): read like process definitions,
 * by everyone signed in; deploying stays with process owners (POST /process-definitions, /v2/deployments).
 */
export const listFormDefinitions: ServerRoute = {
  method: 'GET',
  path: '/form-definitions',
  options: {
    tags: ['api', 'processes'],
    description: 'List the deployed Camunda forms: each form id with its versions, newest first',
    response: { schema: Joi.object({ items: Joi.array().items(summary).required() }).label('FormDefinitionList') },
  },
  async handler(request) {
    const items = await new FormDefinitionReads(request.app.em).list();
    return { items: items.map((f) => ({ ...f, deployedAt: f.deployedAt.toISOString() })) };
  },
};

export const getFormDefinition: ServerRoute = {
  method: 'GET',
  path: '/form-definitions/{formId}',
  options: {
    tags: ['api', 'processes'],
    description: 'One deployed form with its form-js schema: the newest version, or `version`',
    notes: '404 FORM_NOT_FOUND naming the form id when none is deployed; 404 FORM_VERSION_NOT_FOUND when it has no such version.',
    validate: {
      params: Joi.object({ formId: formIdParam }),
      query: Joi.object({ version: Joi.number().integer().min(1).max(2_147_483_647).description('absent: the newest') }),
    },
    response: { schema: detail },
  },
  async handler(request) {
    const { version } = request.query as { version?: number };
    const form = await new FormDefinitionReads(request.app.em).get(request.params.formId as string, version);
    return {
      id: form.id,
      formId: form.formId,
      version: form.version,
      versionTag: form.versionTag ?? null,
      deployedAt: form.deployedAt.toISOString(),
      schema: form.schema,
    };
  },
};
