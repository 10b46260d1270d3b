import type { ServerRoute } from '@hapi/hapi';
import { MAX_BPMN_BYTES } from '../../../engine/compiler';
import { ProcessDefinitionService } from '../domain/process-definition-service';
import { STAFF_SCOPES } from '../route-scopes';
import { diffPayload, diffResponse } from '../schemas';

export const diffProcessDefinitions: ServerRoute = {
  method: 'POST',
  path: '/process-definitions/diff',
  options: {
    auth: { access: { scope: STAFF_SCOPES } },
    tags: ['api', 'processes'],
    description: 'Elements added, removed and changed (by id) from a deployed version to another version or to undeployed XML',
    notes:
      'Compares the executable graphs: moving shapes is no change; a changed element lists the properties that differ. 404 unknown version; 400/422 when `xml` is not deployable BPMN; 413 over the flow element limit.',
    payload: { maxBytes: MAX_BPMN_BYTES + 4096 },
    validate: { payload: diffPayload },
    response: { schema: diffResponse },
  },
  async handler(request) {
    const { baseDefinitionId, targetDefinitionId, xml } = request.payload as {
      baseDefinitionId: string;
      targetDefinitionId?: string;
      xml?: string;
    };
    const { base, target, diff } = await new ProcessDefinitionService(request.app.em, request.server.app.compiler).diff(baseDefinitionId, {
      ...(targetDefinitionId ? { definitionId: targetDefinitionId } : { xml: xml! }),
    });
    return { baseDefinitionId: base.id, ...(target ? { targetDefinitionId: target.id } : {}), ...diff };
  },
};
