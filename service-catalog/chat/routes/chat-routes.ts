// Over 300 lines because the visitor's, the desk's and the stream's routes share one access rule and one set of limits.
import type { PassThrough } from 'node:stream';
import Boom from '@hapi/boom';
import type { Request, RouteExtObject, RouteOptionsCors, ServerRoute } from '@hapi/hapi';
import { InvalidInput } from '../../errors';
import { principalOf, tooManyRequests } from '../../identity/auth-plugin';
import type { Principal } from '../../identity/domain/principal';
import { STAFF_ROLES } from '../../identity/domain/roles';
import type { RateLimits } from '../../identity/domain/rate-limits';
import type { LiveFeed } from '../../live/domain/live-feed';
import { ChatService, organizationScope, visitorPrincipal, type ChatDeps } from '../domain/chat-service';
import type { ChatTokens } from '../domain/chat-tokens';
import {
  availability,
  availabilityQuery,
  chatId,
  chatTokenHeaders,
  chatView,
  chatWithTranscript,
  chatMessage,
  deskChats,
  eventsQuery,
  messagePayload,
  startChatPayload,
  startedChat,
} from '../schemas';
import { chatAccess } from './chat-access';
import { chatEventStream, chatFollower, readQueue } from './chat-follower';

export interface ChatRouteDeps extends ChatDeps {
  tokens: ChatTokens;
  feed: LiveFeed;
  /** Where the API itself is served from: its own pages need no allowed origin. */
  ownOrigin: string;
  limits: { start: RateLimits; message: RateLimits; contact: RateLimits };
  /** Open streams, ended when the server stops. */
  open: Set<PassThrough>;
}

const tags = ['api', 'chat'];
/**
 * The widget runs on other origins: the browser may call these routes from anywhere, and the site key's
 * allowed origins are checked by the route itself (a token-bound route needs the token, whatever the origin).
 */
export const WIDGET_CORS: RouteOptionsCors = { origin: ['*'], additionalHeaders: ['x-chat-token'], credentials: false };

export async function limit(limits: RateLimits, request: Request, key: string, what: string): Promise<void> {
  const wait = await limits.take(request.app.em, key);
  if (wait > 0) throw tooManyRequests(wait, `too many ${what}`);
}

export const clientAddress = (request: Request) => request.info.remoteAddress;

/**
 * A chat's own routes take a chat token or a sign-in; with neither the answer is 401 before the request
 * is even validated, as on every route that needs a sign-in.
 */
const noChatCredential = () => Boom.unauthorized('send the chat token (X-Chat-Token) or sign in', 'Bearer');

export const CHAT_CREDENTIAL: RouteExtObject = {
  method(request, h) {
    if (!request.headers['x-chat-token'] && !request.auth.isAuthenticated) throw noChatCredential();
    return h.continue;
  },
};

/**
 * The same refusal before the payload is read, for an upload route: hapi parses the payload before
 * onPostAuth, so a caller sending neither credential would otherwise learn about the body (415, 413)
 * first. Only whether a credential was sent is known here; {@link CHAT_CREDENTIAL} checks it after.
 */
export const CHAT_CREDENTIAL_SENT: RouteExtObject = {
  method(request, h) {
    if (!request.headers['x-chat-token'] && !request.headers.authorization) throw noChatCredential();
    return h.continue;
  },
};

export function chatRoutes(deps: ChatRouteDeps): ServerRoute[] {
  return [
    {
      method: 'GET',
      path: '/chat/availability',
      options: {
        tags,
        auth: false,
        cors: WIDGET_CORS,
        description: 'Whether a widget’s chats reach an agent now (no login), and otherwise when the desk is back',
        notes: '403 `UNKNOWN_SITE_KEY` for a key the desk did not issue, `ORIGIN_NOT_ALLOWED` from a page the key is not allowed on.',
        validate: { query: availabilityQuery },
        response: { schema: availability },
      },
      async handler(request) {
        const { siteKey } = request.query as { siteKey: string };
        const site = await ChatService.siteByKey(request.app.em, siteKey, request.headers.origin as string | undefined, deps.ownOrigin);
        const { open, backAt } = await new ChatService(organizationScope(request.app.em, site.organizationId!), deps).availability(
          site.organizationId ?? null,
        );
        return { open, backAt };
      },
    },
    {
      method: 'POST',
      path: '/chat/sessions',
      options: {
        tags,
        auth: { mode: 'try' },
        cors: WIDGET_CORS,
        description: 'Start a chat: a ticket on the chat channel, offered to the routed group’s available agents',
        notes:
          'A signed-in requester sends `message` (name defaults to theirs); an anonymous visitor of a widget sends `siteKey`, `name`, `email` and `message`. Answers 201 with the chat, its queue position and wait estimate, and the `token` that opens it (send it as `X-Chat-Token`). Outside the group’s business hours the chat is a ticket at once (`state: ticket`, `backAt`). 403 unknown site key or origin, 429 too many chats from one address.',
        validate: { payload: startChatPayload },
        response: { status: { 201: startedChat } },
      },
      async handler(request, h) {
        const input = request.payload as { siteKey?: string; name?: string; email?: string; message: string };
        const signedIn = request.auth.credentials?.user as Principal | undefined;
        await limit(deps.limits.start, request, `${clientAddress(request)}|${input.siteKey ?? signedIn?.userId ?? ''}`, 'chats started');
        let view;
        if (input.siteKey) {
          const missing = (['name', 'email'] as const).filter((f) => !input[f]);
          if (missing.length)
            throw new InvalidInput(
              'VISITOR_DETAILS_MISSING',
              `a visitor gives ${missing.join(' and ')}`,
              missing.map((f) => ({ field: `payload.${f}`, message: 'required with a site key' })),
            );
          const site = await ChatService.siteByKey(
            request.app.em,
            input.siteKey,
            request.headers.origin as string | undefined,
            deps.ownOrigin,
          );
          const visitor = visitorPrincipal({ visitorName: input.name!, organizationId: site.organizationId ?? null });
          view = await new ChatService(organizationScope(request.app.em, site.organizationId!), deps).start(visitor, site, {
            name: input.name!,
            email: input.email!,
            message: input.message,
          });
        } else {
          if (!signedIn)
            throw new InvalidInput('SITE_KEY_MISSING', 'sign in, or start the chat from a widget with its site key', [
              { field: 'payload.siteKey', message: 'required without a sign-in' },
            ]);
          view = await new ChatService(request.app.em, deps).start(signedIn, null, {
            name: input.name ?? signedIn.displayName,
            email: input.email ?? null,
            message: input.message,
          });
        }
        return h.response({ ...view, token: deps.tokens.issue(view.chatId, new Date()) }).code(201);
      },
    },
    {
      method: 'GET',
      path: '/chats/{id}',
      options: {
        tags,
        auth: { mode: 'try' },
        ext: { onPostAuth: CHAT_CREDENTIAL },
        cors: WIDGET_CORS,
        description: 'A chat and its transcript: its visitor (X-Chat-Token or signed in) or the desk',
        validate: { params: chatId, headers: chatTokenHeaders },
        response: { schema: chatWithTranscript },
      },
      async handler(request) {
        const { chat, service } = await chatAccess(request, deps.tokens, deps);
        return { ...(await service.view(chat)), messages: await service.transcript(chat) };
      },
    },
    {
      method: 'POST',
      path: '/chats/{id}/messages',
      options: {
        tags,
        auth: { mode: 'try' },
        ext: { onPostAuth: CHAT_CREDENTIAL },
        cors: WIDGET_CORS,
        description: 'Say something in a chat: its visitor, or the agent who took it',
        notes: `At most 2,000 characters (400 naming \`payload.body\`); text is kept as text, never rendered as HTML. 429 after 20 messages in quick succession. 409 once the chat has ended.`,
        validate: { params: chatId, headers: chatTokenHeaders, payload: messagePayload },
        response: { status: { 201: chatMessage } },
      },
      async handler(request, h) {
        const access = await chatAccess(request, deps.tokens, deps);
        await limit(deps.limits.message, request, `${access.chat.id}|${access.side}`, 'messages in this chat');
        const message = await access.service.post(access.chat, access.side, access.principal, (request.payload as { body: string }).body);
        return h.response(message).code(201);
      },
    },
    {
      method: 'POST',
      path: '/chats/{id}/typing',
      options: {
        tags,
        auth: { mode: 'try' },
        ext: { onPostAuth: CHAT_CREDENTIAL },
        cors: WIDGET_CORS,
        description: 'Tell the other side of a chat that you are typing (pushed on its stream, not stored)',
        validate: { params: chatId, headers: chatTokenHeaders },
      },
      async handler(request, h) {
        const access = await chatAccess(request, deps.tokens, deps);
        await limit(deps.limits.message, request, `${access.chat.id}|typing|${access.side}`, 'typing signals');
        await access.service.typing(access.chat, access.side);
        return h.response().code(204);
      },
    },
    {
      method: 'POST',
      path: '/chats/{id}/end',
      options: {
        tags,
        auth: { mode: 'try' },
        ext: { onPostAuth: CHAT_CREDENTIAL },
        cors: WIDGET_CORS,
        description: 'End a chat (its visitor, or the agent who took it); the ticket goes on as usual',
        validate: { params: chatId, headers: chatTokenHeaders },
        response: { schema: chatView },
      },
      async handler(request) {
        const access = await chatAccess(request, deps.tokens, deps);
        return access.service.view(await access.service.end(access.chat, access.side, access.principal));
      },
    },
    {
      method: 'GET',
      path: '/chats/{id}/events',
      options: {
        // An event stream stays open for minutes: it must not hold one of the places of admission control.
        plugins: { admission: 'exempt' },
        tags,
        auth: { mode: 'try' },
        ext: { onPostAuth: CHAT_CREDENTIAL },
        cors: WIDGET_CORS,
        description: 'Server-sent events of one chat: its messages, its state and typing, for its visitor or the desk',
        notes:
          'text/event-stream. `message` (a ChatMessage, `id:` its id), `state` (the Chat), `typing` (`{ who }`). Pass `after=<last message id>` (or the `Last-Event-ID` header) when reconnecting: what came meanwhile is sent first, so nothing is lost. Ends after five minutes; reconnect.',
        validate: { params: chatId, headers: chatTokenHeaders, query: eventsQuery },
      },
      async handler(request, h) {
        const access = await chatAccess(request, deps.tokens, deps);
        const { service, chat } = access;
        const last = ((request.query as { after?: string }).after ?? request.headers['last-event-id']) as string | undefined;
        return chatEventStream(request, h, deps, (stream) => [
          chatFollower(
            chat,
            service,
            access.side,
            last,
            (event, data, id) => stream.write(`${id ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`),
            readQueue(),
          ),
        ]);
      },
    },
    {
      method: 'GET',
      path: '/chats',
      options: {
        tags,
        description: 'The desk’s chats: those waiting in your groups (while you are available) and those you have taken',
        auth: { access: { scope: [...STAFF_ROLES] } },
        response: { schema: deskChats },
      },
      async handler(request) {
        const principal = principalOf(request);
        return new ChatService(request.app.em, deps).desk(principal);
      },
    },
    {
      method: 'POST',
      path: '/chats/{id}/take',
      options: {
        tags,
        description:
          'Take a waiting chat of your group: the first agent wins (409 `CHAT_TAKEN` for the next), the ticket is assigned to you',
        auth: { access: { scope: [...STAFF_ROLES] } },
        validate: { params: chatId },
        response: { schema: chatView },
      },
      async handler(request) {
        const principal = principalOf(request);
        const service = new ChatService(request.app.em, deps);
        return service.view(await service.take(principal, request.params.id as string));
      },
    },
  ];
}
