/** Which way a ticket came in, in words, with a short glyph: the desk's one inbox across channels (issue 25). */
export const TICKET_CHANNELS: ReadonlyArray<{ value: string; label: string; glyph: string }> = [
  { value: 'mail', label: 'E-mail', glyph: '✉' },
  { value: 'portal', label: 'Portal', glyph: '⌂' },
  { value: 'chat', label: 'Live chat', glyph: '💬' },
  { value: 'phone', label: 'Phone', glyph: '☎' },
  { value: 'form', label: 'Contact form', glyph: '✎' },
  { value: 'slack', label: 'Slack', glyph: '#' },
  { value: 'teams', label: 'Teams', glyph: 'T' },
  { value: 'whatsapp', label: 'WhatsApp', glyph: 'W' },
  { value: 'messenger', label: 'Messenger', glyph: 'M' },
  { value: 'messaging', label: 'Messaging', glyph: '↔' },
  { value: 'api', label: 'API', glyph: '⚙' },
];

/** Channels whose replies go back through the messaging bridge's outbound webhook. */
export const MESSAGING_CHANNELS = ['slack', 'teams', 'whatsapp', 'messenger', 'messaging'];

export function channelLabel(channel: string | null): string {
  return TICKET_CHANNELS.find((c) => c.value === channel)?.label ?? 'Portal';
}

export function channelGlyph(channel: string | null): string {
  return TICKET_CHANNELS.find((c) => c.value === channel)?.glyph ?? '⌂';
}

/**
 * Where an agent's public reply goes, in words: back on the channel the ticket came from. A bridged
 * message goes back through the bridge; a chat's reply is a chat message (mailed once the chat is over);
 * everything else reaches the caller by mail.
 */
export function replyRoute(channel: string | null): string {
  if (channel && MESSAGING_CHANNELS.includes(channel)) return `Replies go back to ${channelLabel(channel)} through the messaging bridge.`;
  if (channel === 'chat') return 'Replies appear in the live chat while it is open, and go by e-mail to a requester with an address.';
  if (channel === 'mail') return 'Replies go by e-mail to the requester, in the same mail thread.';
  return `Came in by ${channelLabel(channel).toLowerCase()}: replies go by e-mail to the requester.`;
}
