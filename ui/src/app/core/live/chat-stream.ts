import { Chat, ChatMessage } from '../api/chat-api';

/** What a chat's event stream delivers (GET /chats/{id}/events). */
export interface ChatStreamHandlers {
  message(m: ChatMessage): void;
  state?(chat: Chat): void;
  typing?(who: string): void;
}

/**
 * Follows one chat's server-sent events with fetch (so the access token goes in the header), reconnecting
 * after a drop with `after=<last message id>` so nothing is lost, until `signal` aborts. Shared by the
 * desk's chat view and the portal's chat.
 */
export async function followChat(
  chatId: string,
  accessToken: () => string | null,
  lastMessageId: () => string | undefined,
  on: ChatStreamHandlers,
  signal: AbortSignal,
): Promise<void> {
  while (!signal.aborted) {
    try {
      const last = lastMessageId();
      const res = await fetch(`/chats/${chatId}/events${last ? `?after=${last}` : ''}`, {
        headers: { authorization: `Bearer ${accessToken() ?? ''}` },
        signal,
        cache: 'no-store',
      });
      if (!res.ok || !res.body) throw new Error(`chat stream answered ${res.status}`);
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const event = /^event: (.*)$/m.exec(frame)?.[1];
          const data = /^data: (.*)$/m.exec(frame)?.[1];
          if (!event || !data) continue;
          const parsed: unknown = JSON.parse(data);
          if (event === 'message') on.message(parsed as ChatMessage);
          else if (event === 'state') on.state?.(parsed as Chat);
          else if (event === 'typing') on.typing?.((parsed as { who: string }).who);
        }
      }
    } catch {
      if (signal.aborted) return;
    }
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}
