import type { ServerRoute } from '@hapi/hapi';
import { principalOf } from '../../identity/auth-plugin';
import { actorOf } from '../../identity/domain/principal';
import { owningOrganization } from '../../identity/domain/owning-organization';
import { MessageService } from '../domain/message-service';
import { broadcastSignal as broadcastSignalResponse, broadcastSignalPayload } from '../schemas';

export const broadcastSignal: ServerRoute = {
  method: 'POST',
  path: '/signals',
  options: {
    tags: ['api', 'messages'],
    auth: { access: { scope: ['agent', 'process-owner', 'admin'] } },
    description: 'Broadcast a BPMN signal to every instance waiting for it now; processes with a signal start event of that name start',
    notes: 'Only instances of organisations you serve are reached. Signals are not buffered.',
    validate: { payload: broadcastSignalPayload },
    response: { schema: broadcastSignalResponse },
  },
  async handler(request) {
    const { name, variables } = request.payload as { name: string; variables: Record<string, unknown> };
    const principal = principalOf(request);
    const organizationId = await owningOrganization(request.app.em, principal, undefined);
    return new MessageService(request.app.em, request.server.app.engine).broadcastSignal(
      { name, variables },
      actorOf(principal),
      organizationId,
    );
  },
};
