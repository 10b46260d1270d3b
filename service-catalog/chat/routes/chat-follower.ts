import { PassThrough } from 'node:stream';
import type { Request, ResponseObject, ResponseToolkit } from '@hapi/hapi';
import type { TicketChanged } from '../../live/domain/live-event';
import type { LiveFeed } from '../../live/domain/live-feed';
import { eventStreamResponse, isInjected, keepStreamOpen } from '../../live/routes/event-stream';
import type { Chat } from '../domain/chat.entities';
import type { ChatService } from '../domain/chat-service';

/** Writes one server-sent event; `id` is the event's id line (a message's id), when it has one. */
export type WriteEvent = (event: string, data: unknown, id?: string) => void;

/** Runs reads one after another, in order: a stream's reads share one entity manager. */
export type ReadQueue = (read: () => Promise<void>) => Promise<void>;

export function readQueue(): ReadQueue {
  let reading: Promise<void> = Promise.resolve();
  return (read) => (reading = reading.then(read).catch(() => undefined));
}

export interface ChatFollower {
  /** Sends what came since the last message sent (and the chat's state first, when asked). */
  catchUp(withState: boolean): Promise<void>;
  /** A change on the live feed: this chat's messages, state or the other side typing. */
  hear(event: TicketChanged): void;
}

/**
 * What one chat's event stream sends, for the visitor's stream of her chat and for the desk's stream of
 * all the chats an agent holds alike. `last` is the message the reader already has: what came after it is
 * sent first, so a reconnect loses nothing. The live feed only hints; every message is read again here.
 */
export function chatFollower(
  chat: Chat,
  service: ChatService,
  side: 'visitor' | 'agent',
  last: string | undefined,
  write: WriteEvent,
  queue: ReadQueue,
): ChatFollower {
  const catchUp = (withState: boolean) =>
    queue(async () => {
      if (withState) write('state', await service.view(await service.get(chat.id)));
      for (const m of await service.transcript(chat, last)) {
        write('message', m, m.id);
        last = m.id;
      }
    });
  return {
    catchUp,
    hear(event) {
      if (event.id !== chat.ticketId) return;
      if (event.kind === 'typing') {
        if (event.who !== side) write('typing', { who: event.who });
      } else if (event.kind === 'reply' || event.kind === 'chat') void catchUp(event.kind === 'chat');
    },
  };
}

/**
 * The response of a chat event stream, for the visitor's one chat and the desk's several alike: `followersOf`
 * builds the followers writing to it; they hear the live feed, catch up after a gap in it, and send what is
 * there first. An injected request gets only that (see event-stream.ts).
 */
export async function chatEventStream(
  request: Request,
  h: ResponseToolkit,
  deps: { feed: LiveFeed; open: Set<PassThrough> },
  followersOf: (stream: PassThrough) => ChatFollower[],
): Promise<ResponseObject> {
  const stream = new PassThrough();
  const followers = followersOf(stream);
  const catchUp = () => Promise.all(followers.map((f) => f.catchUp(true)));
  const unsubscribe = await deps.feed.subscribe(
    (event) => followers.forEach((f) => f.hear(event)),
    () => void catchUp(),
  );
  const end = keepStreamOpen(request, stream, deps.open, unsubscribe);
  stream.write('retry: 2000\n\n');
  const caughtUp = catchUp();
  if (isInjected(request)) void caughtUp.then(end);
  return eventStreamResponse(h, stream);
}
