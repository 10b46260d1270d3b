import { Chat, ChatMessage } from '../api/chat-api';
import { readEventStream } from './event-stream-reader';

/** What a chat's event stream delivers (GET /chats/{id}/events). */
export interface ChatStreamHandlers {
  message(m: ChatMessage): void;
  state?(chat: Chat): void;
  typing?(who: string): void;
}

/**
 * Follows one chat's server-sent events with fetch (so the access token goes in the header), reconnecting
 * after a drop with `after=<last message id>` so nothing is lost, until `signal` aborts. The portal's chat
 * follows its one chat this way; the desk follows all of an agent's chats on one stream ({@link followDeskChats}).
 */
export async function followChat(
  chatId: string,
  accessToken: () => string | null,
  lastMessageId: () => string | undefined,
  on: ChatStreamHandlers,
  signal: AbortSignal,
): Promise<void> {
  await followEvents(
    () => {
      const last = lastMessageId();
      return `/chats/${chatId}/events${last ? `?after=${last}` : ''}`;
    },
    accessToken,
    (event, data) => {
      if (event === 'message') on.message(data as ChatMessage);
      else if (event === 'state') on.state?.(data as Chat);
      else if (event === 'typing') on.typing?.((data as { who: string }).who);
    },
    signal,
  );
}

/** What the desk's stream of several chats delivers (GET /chats/events): each event names its chat. */
export interface DeskChatStreamHandlers {
  message(chatId: string, m: ChatMessage): void;
  typing(chatId: string, who: string): void;
}

/**
 * Follows the chats an agent holds on one stream: a browser opens at most six connections to one origin,
 * and a stream per chat would leave none for the desk's other requests once five chats are open. Each
 * reconnect names every chat with the last message the page has of it, so nothing is lost.
 */
export async function followDeskChats(
  chats: () => Array<{ chatId: string; lastMessageId: string | undefined }>,
  accessToken: () => string | null,
  on: DeskChatStreamHandlers,
  signal: AbortSignal,
): Promise<void> {
  await followEvents(
    () =>
      `/chats/events?${chats()
        .map((c) => `chat=${c.chatId}${c.lastMessageId ? `:${c.lastMessageId}` : ''}`)
        .join('&')}`,
    accessToken,
    (event, data) => {
      const { chatId } = data as { chatId: string };
      if (event === 'message') on.message(chatId, (data as { message: ChatMessage }).message);
      else if (event === 'typing') on.typing(chatId, (data as { who: string }).who);
    },
    signal,
  );
}

/** Reads a server-sent event stream, opening it again two seconds after it ends or fails, until `signal` aborts. */
async function followEvents(
  url: () => string,
  accessToken: () => string | null,
  on: (event: string, data: unknown) => void,
  signal: AbortSignal,
): Promise<void> {
  while (!signal.aborted) {
    try {
      const res = await fetch(url(), { headers: { authorization: `Bearer ${accessToken() ?? ''}` }, signal, cache: 'no-store' });
      if (!res.ok || !res.body) throw new Error(`event stream answered ${res.status}`);
      await readEventStream(res.body, on);
    } catch {
      if (signal.aborted) return;
    }
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}
