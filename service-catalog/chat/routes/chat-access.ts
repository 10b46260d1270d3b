import Boom from '@hapi/boom';
import type { Request } from '@hapi/hapi';
import type { EntityManager } from '@mikro-orm/postgresql';
import { NotFound } from '../../errors';
import { hasRole, type Principal } from '../../identity/domain/principal';
import { STAFF_ROLES } from '../../identity/domain/roles';
import { ChatService, everyTenant, organizationScope, visitorPrincipal, type ChatDeps } from '../domain/chat-service';
import { Chat } from '../domain/chat.entities';
import type { ChatTokens } from '../domain/chat-tokens';

/** Who opens a chat, and with which unit of work: its visitor (by token or signed in) or a member of staff. */
export interface ChatAccess {
  chat: Chat;
  side: 'visitor' | 'agent';
  principal: Principal;
  service: ChatService;
  em: EntityManager;
}

/**
 * A chat route's caller: an `X-Chat-Token` naming this chat (the widget's visitor, scoped to the chat's
 * organisation), or a signed-in user who may see it — its requester as the visitor, staff as agents.
 * Anyone else learns nothing (404 for a chat out of their scope, 401 without any credential).
 */
export async function chatAccess(request: Request, tokens: ChatTokens, deps: ChatDeps): Promise<ChatAccess> {
  const id = request.params.id as string;
  const token = request.headers['x-chat-token'] as string | undefined;
  if (token) {
    tokens.verify(token, id, new Date());
    const found = await everyTenant(request.app.em, `chat token of chat ${id}`).findOne(Chat, { id });
    if (!found?.organizationId) throw new NotFound('CHAT_NOT_FOUND', `chat ${id} does not exist`);
    const em = organizationScope(request.app.em, found.organizationId);
    const service = new ChatService(em, deps);
    const chat = await service.get(id);
    const principal = chat.requesterId
      ? { ...visitorPrincipal(chat), userId: chat.requesterId, via: 'jwt' as const }
      : visitorPrincipal(chat);
    return { chat, side: 'visitor', principal, service, em };
  }
  const principal = request.auth.credentials?.user as Principal | undefined;
  if (!principal) throw Boom.unauthorized('send the chat token (X-Chat-Token) or sign in', 'Bearer');
  const em = request.app.em;
  const service = new ChatService(em, deps);
  const chat = await service.get(id);
  if (hasRole(principal, ...STAFF_ROLES)) return { chat, side: 'agent', principal, service, em };
  if (chat.requesterId !== principal.userId) throw new NotFound('CHAT_NOT_FOUND', `chat ${id} does not exist`);
  return { chat, side: 'visitor', principal, service, em };
}
