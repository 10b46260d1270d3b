import type { ServerRoute } from '@hapi/hapi';
import { BPMN_CONTENT_TYPES, xmlFromPayload, xmlOrJsonBody } from '../../http/xml-payload';
import { MAX_BPMN_BYTES } from '../../../engine/compiler';
import { principalOf } from '../../identity/auth-plugin';
import { actorOf } from '../../identity/domain/principal';
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
      'Send `{ "xml": "..." }` as JSON, the .bpmn file itself as application/xml, text/xml or application/bpmn+xml, or `{ "resources": [{ "name", "xml" }] }` for several files deployed atomically. Every executable process of a file becomes the next version of its own process id (`processes` lists them). 400: not BPMN XML; 413: over the byte or flow element limit; 422: BPMN that cannot run, with every problem and its element id in `details` (nothing of the deployment is stored then).',
    ...xmlOrJsonBody(MAX_BPMN_BYTES + 4096, BPMN_CONTENT_TYPES),
    validate: { payload: deployPayload },
    response: { status: { 200: deployResponse, 201: deployResponse } },
  },
  async handler(request, h) {
    const payload = request.payload as { resources?: Array<{ xml: string }> };
    const xmls =
      payload && typeof payload === 'object' && payload.resources ? payload.resources.map((r) => r.xml) : [xmlFromPayload(payload)];
    const results = await new ProcessDefinitionService(request.app.em, request.server.app.compiler).deployAll(
      xmls,
      actorOf(principalOf(request)),
    );
    for (const { definition, created, previous } of results) {
      // A new version takes over the timer start events; an identical redeploy changes nothing.
      if (created && (definition.graph.timerStartEvents?.length || previous?.graph.timerStartEvents?.length)) {
        await request.server.app.engine.scheduleTimerStarts(definition, previous?.graph);
      }
    }
    const processes = results.map(({ definition, warnings, created }) => ({ ...presentDefinition(definition), warnings, created }));
    return h.response({ ...processes[0]!, processes }).code(results.some((r) => r.created) ? 201 : 200);
  },
};
