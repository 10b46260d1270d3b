import type { ServerRoute } from '@hapi/hapi';
import { MAX_BPMN_BYTES } from '../../../engine/compiler';
import { BPMN_CONTENT_TYPES, xmlFromPayload, xmlOrJsonBody } from '../../http/xml-payload';
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
    notes:
      'Send `{ "xml": "..." }` as JSON, or the file itself as application/xml, text/xml or application/bpmn+xml. 200 with `valid`, the `errors` that would refuse a deploy and the lint `warnings`, each with its element id; 400 when the text is not BPMN XML at all; 413 over the byte or flow element limit.',
    ...xmlOrJsonBody(MAX_BPMN_BYTES + 4096, BPMN_CONTENT_TYPES),
    validate: { payload: deployPayload },
    response: { schema: validateResponse },
  },
  async handler(request) {
    return new ProcessDefinitionService(request.app.em, request.server.app.compiler).validate(xmlFromPayload(request.payload));
  },
};
