import Joi from 'joi';
import type { ServerRoute } from '@hapi/hapi';
import { MAX_BPMN_BYTES } from '../../../engine/compiler';
import { InvalidInput } from '../../errors';
import { presentDeployedRequirements } from '../../decisions/camunda-presenters';
import { principalOf } from '../../identity/auth-plugin';
import { actorOf } from '../../identity/domain/principal';
import { readFormResource } from '../domain/form-definition-service';
import { ProcessDefinitionService } from '../domain/process-definition-service';
import { OWNER_SCOPES } from '../route-scopes';

const MAX_RESOURCES = 20;

/** One file part as hapi hands it over with `multipart: { output: 'annotated' }`. */
interface FilePart {
  filename?: string;
  payload?: Buffer;
}

/**
 * Each deployed item names one kind of thing and the others as null, as Camunda's `DeploymentMetadataResult`
 * has them (its generated clients require every one present). Flowdesk deploys no plain resources.
 */
const NOTHING_ELSE = { processDefinition: null, decisionDefinition: null, decisionRequirements: null, form: null, resource: null };

const deploymentResponse = Joi.object({
  deploymentKey: Joi.string().required(),
  tenantId: Joi.string().required(),
  deployments: Joi.array()
    .items(
      Joi.object({
        processDefinition: Joi.object({
          processDefinitionId: Joi.string().required(),
          processDefinitionVersion: Joi.number().integer().required(),
          resourceName: Joi.string().required(),
          tenantId: Joi.string().required(),
          processDefinitionKey: Joi.string().required(),
        })
          .allow(null)
          .required(),
        form: Joi.object({
          formId: Joi.string().required(),
          version: Joi.number().integer().required(),
          resourceName: Joi.string().required(),
          tenantId: Joi.string().required(),
          formKey: Joi.string().required(),
        })
          .allow(null)
          .required(),
        decisionDefinition: Joi.object({
          decisionDefinitionId: Joi.string().required(),
          version: Joi.number().integer().required(),
          name: Joi.string().allow(null).required(),
          tenantId: Joi.string().required(),
          decisionRequirementsId: Joi.string().required(),
          decisionDefinitionKey: Joi.string().required(),
          decisionRequirementsKey: Joi.string().required(),
        })
          .allow(null)
          .required(),
        decisionRequirements: Joi.object({
          decisionRequirementsId: Joi.string().required(),
          decisionRequirementsName: Joi.string().required(),
          version: Joi.number().integer().required(),
          resourceName: Joi.string().required(),
          tenantId: Joi.string().required(),
          decisionRequirementsKey: Joi.string().required(),
        })
          .allow(null)
          .required(),
        resource: Joi.valid(null).required(),
      }).label('DeploymentResource'),
    )
    .required(),
}).label('DeploymentResult');

/**
 * Camunda 8's `POST /v2/deployments`: `.bpmn`, `.dmn` and `.form` files as multipart parts named
 * `resources`, deployed as one atomic deployment (every executable process, decision and form of every
 * file, or nothing), so Camunda's own clients and tools, Camunda Modeler's deploy button among them,
 * deploy to Flowdesk unchanged. A deployment may hold decisions or forms alone.
 */
export const createDeployment: ServerRoute = {
  method: 'POST',
  path: '/v2/deployments',
  options: {
    auth: { access: { scope: OWNER_SCOPES } },
    tags: ['api', 'processes'],
    description: 'Deploy .bpmn, .dmn and .form files as one atomic deployment (Camunda 8 REST shape)',
    notes: `multipart/form-data with up to ${MAX_RESOURCES} parts named \`resources\`. 400 names a part that is not a .bpmn, .dmn or .form file, or a .form that is not JSON; 422 as for POST /process-definitions and POST /decision-definitions (a decision id in two files: \`DUPLICATE_DECISION_ID\`), or a form the server cannot check (each field path in \`details\`, e.g. \`payload.resources[1].components.0.key\`), and nothing is stored.`,
    payload: {
      output: 'data',
      parse: true,
      multipart: { output: 'annotated' },
      allow: 'multipart/form-data',
      maxBytes: MAX_RESOURCES * (MAX_BPMN_BYTES + 4096),
    },
    plugins: { 'hapi-swagger': { payloadType: 'form' } },
    validate: { payload: Joi.object({ resources: Joi.any().required(), tenantId: Joi.string().max(256) }).unknown(true) },
    response: { schema: deploymentResponse },
  },
  async handler(request) {
    const { resources, tenantId } = request.payload as { resources: FilePart | FilePart[]; tenantId?: string };
    const parts = (Array.isArray(resources) ? resources : [resources]).slice(0, MAX_RESOURCES + 1);
    if (parts.length > MAX_RESOURCES) {
      throw new InvalidInput('TOO_MANY_RESOURCES', `at most ${MAX_RESOURCES} resources per deployment`, [
        { field: 'payload.resources', message: `at most ${MAX_RESOURCES}` },
      ]);
    }
    const refused = parts.flatMap((p, i) =>
      Buffer.isBuffer(p.payload) && /\.(bpmn|dmn|form)$/i.test(p.filename ?? '')
        ? []
        : [{ field: `payload.resources[${i}]`, message: `${p.filename ?? 'the part'} is not a .bpmn, .dmn or .form file` }],
    );
    if (refused.length) throw new InvalidInput('UNSUPPORTED_RESOURCE', 'only .bpmn, .dmn and .form resources can be deployed', refused);
    const isForm = (p: FilePart) => /\.form$/i.test(p.filename ?? '');
    const isDmn = (p: FilePart) => /\.dmn$/i.test(p.filename ?? '');
    const text = (p: FilePart) => p.payload!.toString('utf8').replace(/^\uFEFF/, '');
    const bpmnParts = parts.filter((p) => !isForm(p) && !isDmn(p));
    const dmnParts = parts.filter(isDmn);
    const formParts = parts.flatMap((p, i) => (isForm(p) ? [{ part: p, index: i }] : []));
    const forms = formParts.map(({ part, index }) =>
      readFormResource(part.payload!.toString('utf8'), `payload.resources[${index}]`, part.filename),
    );
    const deployed = await new ProcessDefinitionService(request.app.em, request.server.app.compiler).deployResources(
      bpmnParts.map(text),
      forms,
      actorOf(principalOf(request)),
      dmnParts.map(text),
      { bpmn: bpmnParts.map((p) => p.filename), dmn: dmnParts.map((p) => p.filename) },
    );
    const results = deployed.processes;
    for (const { definition, created, previous } of results) {
      // A new version takes over the timer start events, as for POST /process-definitions.
      if (created && (definition.graph.timerStartEvents?.length || previous?.graph.timerStartEvents?.length)) {
        await request.server.app.engine.scheduleTimerStarts(definition, previous?.graph);
      }
    }
    const tenant = tenantId ?? '<default>';
    return {
      deploymentKey: (results[0]?.definition ?? deployed.decisions[0]?.decisions[0] ?? deployed.forms[0]!.definition).id,
      tenantId: tenant,
      deployments: [
        ...results.map(({ definition, fileIndex }) => ({
          ...NOTHING_ELSE,
          processDefinition: {
            processDefinitionId: definition.processId,
            processDefinitionVersion: definition.version,
            resourceName: definition.resourceName ?? bpmnParts[fileIndex]!.filename!,
            tenantId: tenant,
            processDefinitionKey: definition.id,
          },
        })),
        ...deployed.decisions.flatMap(({ decisions, requirements }) => [
          ...decisions.map((decision) => ({
            ...NOTHING_ELSE,
            decisionDefinition: {
              decisionDefinitionId: decision.decisionId,
              version: decision.version,
              // Camunda's clients require a name; a decision without one is named by its id, as its evaluation is
              name: decision.name ?? decision.decisionId,
              tenantId: tenant,
              decisionRequirementsId: requirements.requirementsId,
              decisionDefinitionKey: decision.id,
              decisionRequirementsKey: decision.requirementsKey,
            },
          })),
          { ...NOTHING_ELSE, decisionRequirements: presentDeployedRequirements(requirements, tenant) },
        ]),
        ...deployed.forms.map(({ definition, resourceIndex }) => ({
          ...NOTHING_ELSE,
          form: {
            formId: definition.formId,
            version: definition.version,
            resourceName: formParts[resourceIndex]!.part.filename!,
            tenantId: tenant,
            formKey: definition.id,
          },
        })),
      ],
    };
  },
};
