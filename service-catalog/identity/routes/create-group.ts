import type { ServerRoute } from '@hapi/hapi';
import { principalOf } from '../auth-plugin';
import { GroupService } from '../domain/group-service';
import { actorOf } from '../domain/principal';
import { adminOnly } from '../identity-context';
import { presentGroup } from '../presenters';
import { createGroupPayload, group } from '../schemas';

export const createGroup: ServerRoute = {
  method: 'POST',
  path: '/groups',
  options: {
    auth: adminOnly,
    tags: ['api', 'directory'],
    description: 'Create an assignment group (admin); its key is what BPMN candidateGroups name',
    validate: { payload: createGroupPayload },
    response: { status: { 201: group } },
  },
  async handler(request, h) {
    const created = await new GroupService(request.app.em).create(
      actorOf(principalOf(request)),
      request.payload as Parameters<GroupService['create']>[1],
    );
    return h.response(presentGroup(created)).code(201);
  },
};
