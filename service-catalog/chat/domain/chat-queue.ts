/** A wait nobody has measured yet (no chat of the group was taken lately). */
export const DEFAULT_TAKE_SECONDS = 60;

/**
 * Where a waiting chat stands and how long it may still wait: `ahead` chats of its group started
 * before it; agents take them in order, `agents` at a time, each after about the group's recent
 * time-to-take (`recentTakeSeconds`, the mean of its last taken chats). Pure, for its spec.
 */
export function queueEstimate(ahead: number, agents: number, recentTakeSeconds: number[]): { position: number; waitSeconds: number } {
  const position = ahead + 1;
  const perChat = recentTakeSeconds.length
    ? recentTakeSeconds.reduce((sum, s) => sum + Math.max(0, s), 0) / recentTakeSeconds.length
    : DEFAULT_TAKE_SECONDS;
  const rounds = Math.ceil(position / Math.max(1, agents));
  return { position, waitSeconds: Math.max(1, Math.round(rounds * perChat)) };
}

/** What a transcript line is, for the widget and the desk: the visitor's, an agent's or the desk's own notice. */
export type ChatAuthor = 'visitor' | 'agent' | 'system';

/** The name the desk's own notices in a chat carry (a visitor may not take it). */
export const SYSTEM_AUTHOR = 'Flowdesk';

export function authorOf(entry: { authorId: string | null; authorName: string }, chat: { requesterId: string | null }): ChatAuthor {
  if (entry.authorId === null) return entry.authorName === SYSTEM_AUTHOR ? 'system' : 'visitor';
  return entry.authorId === chat.requesterId ? 'visitor' : 'agent';
}
