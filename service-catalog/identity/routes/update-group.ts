import type { ServerRoute } from '@hapi/hapi';
import type { RoutingStrategy } from '../../routing/domain/choose-assignee';
import { principalOf } from '../auth-plugin';
import { GroupService } from '../domain/group-service';
import { actorOf } from '../domain/principal';
import { adminOnly } from '../identity-context';
import { presentGroup } from '../presenters';
import { group, groupKeyParams, updateGroupPayload } from '../schemas';

export const updateGroup: ServerRoute = {
  method: 'PATCH',
  path: '/groups/{key}',
  options: {
    auth: adminOnly,
    tags: ['api', 'directory'],
    description:
      'Rename a group, change its routing strategy (admin): manual, round-robin, least-loaded or skills, or its OLA target, or its lead (whom escalation level group-lead mails)',
    notes: 'The key is what diagrams name and never changes. The strategy applies to tickets routed from now on.',
    validate: { params: groupKeyParams, payload: updateGroupPayload },
    response: { schema: group },
  },
  async handler(request) {
    const updated = await new GroupService(request.app.em).update(
      actorOf(principalOf(request)),
      request.params.key as string,
      request.payload as { name?: string; routingStrategy?: RoutingStrategy; olaTarget?: string | null; leadId?: string | null },
    );
    return presentGroup(updated);
  },
};
