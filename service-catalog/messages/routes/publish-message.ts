import type { ServerRoute } from '@hapi/hapi';
import { addIsoDuration } from '../../../engine/runtime/timer-schedule';
import { principalOf } from '../../identity/auth-plugin';
import { actorOf } from '../../identity/domain/principal';
import { owningOrganization } from '../../identity/domain/owning-organization';
import { MessageService } from '../domain/message-service';
import { publishMessagePayload, publishedMessage } from '../schemas';

/** At most this long in the buffer: a message older than a month is a mistake, not a late reply. */
const MAX_TTL_MS = 30 * 24 * 3600_000;

export const publishMessage: ServerRoute = {
  method: 'POST',
  path: '/messages',
  options: {
    tags: ['api', 'messages'],
    auth: { access: { scope: ['agent', 'process-owner', 'admin'] } },
    description:
      'Publish a BPMN message: the instances waiting for its name and correlation key get it; processes with a message start event of that name start',
    notes:
      'Only instances of organisations you serve are considered. When none waits, the message is buffered for timeToLive (default PT1H, at most 30 days) and delivered to the first instance that starts waiting for it.',
    validate: { payload: publishMessagePayload },
    response: { schema: publishedMessage },
  },
  async handler(request) {
    const { name, correlationKey, variables, timeToLive } = request.payload as {
      name: string;
      correlationKey: string | number;
      variables: Record<string, unknown>;
      timeToLive: string;
    };
    const timeToLiveMs = Math.min(addIsoDuration(timeToLive, 0), MAX_TTL_MS);
    const principal = principalOf(request);
    // An instance a message starts belongs to the publisher's own organisation (none for staff: internal).
    const organizationId = await owningOrganization(request.app.em, principal, undefined);
    return new MessageService(request.app.em, request.server.app.engine).publish(
      { name, correlationKey: String(correlationKey), variables, timeToLiveMs },
      actorOf(principal),
      organizationId,
    );
  },
};
