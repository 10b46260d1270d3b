import type { EntityManager } from '@mikro-orm/postgresql';
import { NotFound } from '../../errors';
import { TicketAttachment } from '../../attachments/domain/ticket-attachment.entity';
import { TicketEntry } from '../../tickets/domain/ticket-entry.entity';
import type { Chat } from './chat.entities';

/** A file sent in a chat, as both sides see it: downloaded through the chat, never through the ticket. */
export interface ChatFile {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  /** Relative to the API; the chat's credential (X-Chat-Token or a sign-in) opens it. */
  url: string;
}

export const chatFileView = (chat: Pick<Chat, 'id'>, a: TicketAttachment): ChatFile => ({
  id: a.id,
  filename: a.filename,
  contentType: a.contentType,
  size: a.size,
  url: `/chats/${chat.id}/attachments/${a.id}`,
});

/** The files of these transcript lines (public replies of the chat's ticket), by line id. */
export async function filesOfMessages(em: EntityManager, chat: Chat, entryIds: string[]): Promise<Map<string, ChatFile[]>> {
  const byEntry = new Map<string, ChatFile[]>();
  if (!entryIds.length) return byEntry;
  const found = await em.find(
    TicketAttachment,
    { ticketId: chat.ticketId, entryId: { $in: entryIds } },
    { orderBy: { createdAt: 'asc', id: 'asc' } },
  );
  for (const a of found) byEntry.set(a.entryId!, [...(byEntry.get(a.entryId!) ?? []), chatFileView(chat, a)]);
  return byEntry;
}

/**
 * A file of the chat's transcript, or 404: it must belong to the chat's own ticket and to one of its public
 * replies. So a visitor's token reaches only the files of that chat, never an internal note's nor another
 * ticket's, whatever id it tries (`em` is already scoped to the chat's organisation).
 */
export async function chatFile(em: EntityManager, chat: Chat, attachmentId: string): Promise<TicketAttachment> {
  const attachment = await em.findOne(TicketAttachment, { id: attachmentId, ticketId: chat.ticketId, entryId: { $ne: null } });
  const entry = attachment ? await em.findOne(TicketEntry, { id: attachment.entryId!, ticketId: chat.ticketId, kind: 'reply' }) : null;
  if (!attachment || !entry) throw new NotFound('ATTACHMENT_NOT_FOUND', `chat ${chat.id} has no file ${attachmentId}`);
  return attachment;
}
