import type { ServerRoute } from '@hapi/hapi';
import { MAX_BPMN_BYTES } from '../../../engine/compiler';
import { ProcessDefinitionService } from '../domain/process-definition-service';
import { OWNER_SCOPES } from '../route-scopes';
import { deployPayload, validateResponse } from '../schemas';

export const validateProcessDefinition: ServerRoute = {
  method: 'POST',
  path: '/process-definitions/validate',
  options: {
    auth: { access: { scope: OWNER_SCOPES } },
    tags: ['api', 'processes'],
    description: 'Check BPMN XML as a deploy would, storing nothing',
    notes: '200 with `valid`, the `errors` that would refuse a deploy and the lint `warnings`, each with its element id; 400 when the text is not BPMN XML at all.',
    payload: { maxBytes: MAX_BPMN_BYTES + 4096, allow: ['application/json', 'application/xml', 'text/xml'], parse: true },
    validate: { payload: deployPayload },
    response: { schema: validateResponse },
  },
  async handler(request) {
    const body = request.payload as { xml: string } | string | Buffer;
    const xml = typeof body === 'string' ? body : Buffer.isBuffer(body) ? body.toString('utf8') : body.xml;
    return new ProcessDefinitionService(request.app.em, request.server.app.compiler).validate(xml);
  },
};
