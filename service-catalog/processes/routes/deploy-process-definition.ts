import type { ServerRoute } from '@hapi/hapi';
import { BPMN_CONTENT_TYPES, xmlFromPayload, xmlOrJsonBody } from '../../http/xml-payload';
import { MAX_BPMN_BYTES } from '../../../engine/compiler';
import { principalOf } from '../../identity/auth-plugin';
import { actorOf } from '../../identity/domain/principal';
import { InvalidInput } from '../../errors';
import { readFormResource } from '../domain/form-definition-service';
import { ProcessDefinitionService } from '../domain/process-definition-service';
import { presentDefinition } from '../presenters';
import { deployPayload, deployResponse } from '../schemas';

export const deployProcessDefinition: ServerRoute = {
  method: 'POST',
  path: '/process-definitions',
  options: {
    auth: { access: { scope: ['process-owner', 'admin'] } },
    tags: ['api', 'processes'],
    description: 'Deploy BPMN 2.0 XML as the next version of its process id',
    notes:
      'Send `{ "xml": "..." }` as JSON, the .bpmn file itself as application/xml, text/xml or application/bpmn+xml, or `{ "resources": [{ "name", "xml" } | { "name", "form" }] }` for several files deployed atomically (`form`: the JSON of a Camunda .form file, whose field problems 422 names as `payload.resources[i].form.components.…`). Every executable process of a file becomes the next version of its own process id (`processes` lists them). 400: not BPMN XML; 413: over the byte or flow element limit; 422: BPMN that cannot run, with every problem and its element id in `details` (nothing of the deployment is stored then).',
    ...xmlOrJsonBody(MAX_BPMN_BYTES + 4096, BPMN_CONTENT_TYPES),
    validate: { payload: deployPayload },
    response: { status: { 200: deployResponse, 201: deployResponse } },
  },
  async handler(request, h) {
    const payload = request.payload as { resources?: Array<{ name?: string; xml?: string; form?: Record<string, unknown> }> };
    const resources = payload && typeof payload === 'object' && payload.resources ? payload.resources : undefined;
    const xmls = resources ? resources.flatMap((r) => (r.xml !== undefined ? [r.xml] : [])) : [xmlFromPayload(payload)];
    if (!xmls.length)
      throw new InvalidInput(
        'NO_PROCESS',
        'a deployment here needs at least one .bpmn resource; deploy forms alone with POST /v2/deployments',
        [{ field: 'payload.resources', message: 'has no xml resource' }],
      );
    const forms = (resources ?? []).flatMap((r, i) => (r.form ? [readFormResource(r.form, `payload.resources[${i}].form`, r.name)] : []));
    const names = resources ? resources.flatMap((r) => (r.xml !== undefined ? [r.name] : [])) : [];
    const deployed = await new ProcessDefinitionService(request.app.em, request.server.app.compiler).deployResources(
      xmls,
      forms,
      actorOf(principalOf(request)),
      [],
      { bpmn: names },
    );
    const results = deployed.processes;
    for (const { definition, created, previous } of results) {
      // A new version takes over the timer start events; an identical redeploy changes nothing.
      if (created && (definition.graph.timerStartEvents?.length || previous?.graph.timerStartEvents?.length)) {
        await request.server.app.engine.scheduleTimerStarts(definition, previous?.graph);
      }
    }
    const processes = results.map(({ definition, warnings, created }) => ({ ...presentDefinition(definition), warnings, created }));
    const deployedForms = deployed.forms.map(({ definition: f, created }) => ({
      id: f.id,
      formId: f.formId,
      version: f.version,
      versionTag: f.versionTag ?? null,
      deployedAt: f.deployedAt,
      created,
    }));
    const created = results.some((r) => r.created) || deployed.forms.some((f) => f.created);
    return h.response({ ...processes[0]!, processes, ...(deployedForms.length ? { forms: deployedForms } : {}) }).code(created ? 201 : 200);
  },
};
