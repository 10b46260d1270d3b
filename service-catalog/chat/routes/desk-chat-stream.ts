import Joi from 'joi';
import type { ServerRoute } from '@hapi/hapi';
import { STAFF_ROLES } from '../../identity/domain/roles';
import type { Chat } from '../domain/chat.entities';
import { ChatService } from '../domain/chat-service';
import { chatEventStream, chatFollower, readQueue } from './chat-follower';
import type { ChatRouteDeps } from './chat-routes';

/** How many chats one stream follows: more than an agent can hold at once. */
const MAX_FOLLOWED = 20;
const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

const deskEventsQuery = Joi.object({
  chat: Joi.array()
    .items(
      Joi.string()
        .pattern(new RegExp(`^${UUID}(:${UUID})?$`))
        .messages({ 'string.pattern.base': '{{#label}} must be <chat id> or <chat id>:<last message id>' }),
    )
    .single()
    .min(1)
    .max(MAX_FOLLOWED)
    .unique((a: string, b: string) => a.slice(0, 36) === b.slice(0, 36))
    .required(),
});

/**
 * `GET /chats/events?chat=<id>[:<last message id>]&chat=…`: the events of every chat an agent holds on one
 * connection. A browser opens at most six HTTP/1.1 connections to one origin; a stream per chat held
 * five of them with five chats open, and with the live ticket feed every other request of the desk
 * waited for a free connection (its article suggestions among them). Each event's data names its chat.
 */
export function deskChatStreamRoute(deps: ChatRouteDeps): ServerRoute {
  return {
    method: 'GET',
    path: '/chats/events',
    options: {
      // An event stream stays open for minutes: it must not hold one of the places of admission control.
      plugins: { admission: 'exempt' },
      tags: ['api', 'chat'],
      description: 'Server-sent events of the chats you hold, on one stream (the desk)',
      notes:
        'text/event-stream. As `GET /chats/{id}/events`, for up to 20 chats: `message` (`{ chatId, message }`), `state` (the Chat), `typing` (`{ chatId, who }`). Name each chat as `chat=<id>`, or `chat=<id>:<last message id>` when reconnecting: what came after that message is sent first. 404 for a chat out of your scope. Ends after five minutes; reconnect.',
      auth: { access: { scope: [...STAFF_ROLES] } },
      validate: { query: deskEventsQuery },
    },
    async handler(request, h) {
      const service = new ChatService(request.app.em, deps);
      const wanted = (request.query as { chat: string[] }).chat.map((c) => ({ id: c.slice(0, 36), last: c.slice(37) || undefined }));
      // Every chat is read before the stream opens: one out of scope is a 404, not a silent gap.
      const chats: Array<{ chat: Chat; last: string | undefined }> = [];
      for (const w of wanted) chats.push({ chat: await service.get(w.id), last: w.last });
      const queue = readQueue();
      return chatEventStream(request, h, deps, (stream) =>
        chats.map(({ chat, last }) =>
          chatFollower(
            chat,
            service,
            'agent',
            last,
            (event, data) => {
              const labelled =
                event === 'state'
                  ? data
                  : event === 'message'
                    ? { chatId: chat.id, message: data }
                    : { chatId: chat.id, ...(data as object) };
              stream.write(`event: ${event}\ndata: ${JSON.stringify(labelled)}\n\n`);
            },
            queue,
          ),
        ),
      );
    },
  };
}
