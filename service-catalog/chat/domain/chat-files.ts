import type { AttachmentSettings, IncomingFile } from '../../attachments/domain/attachment-service';
import { AttachmentService } from '../../attachments/domain/attachment-service';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Principal } from '../../identity/domain/principal';
import { ChatService, type ChatDeps, type ChatMessage } from './chat-service';
import type { Chat } from './chat.entities';
import { chatFileView } from './chat-file-view';

/** Who sends, in which chat, with the unit of work of their access (routes/chat-access.ts). */
export interface ChatSender {
  chat: Chat;
  side: 'visitor' | 'agent';
  principal: Principal;
  service: ChatService;
  em: EntityManager;
}

/** The form part a chat's file comes in (named in every refusal). */
export const CHAT_FILE_FIELD = 'payload.file';

/**
 * Files in a chat, both ways (issue 25): the visitor's to the agent and the agent's to the visitor go
 * through the checks of ticket attachments (size, type sniffed from the bytes, pixel limit, images
 * written anew without EXIF/GPS) and become attachments of a public reply on the chat's ticket, so the
 * ticket keeps them once the chat is over. The reply and its attachment are written in one transaction:
 * the NOTIFY of the reply reaches the other side's stream (on any API node) only once the file is there.
 */
export class ChatFiles {
  constructor(
    private readonly settings: AttachmentSettings,
    private readonly deps: ChatDeps,
  ) {}

  async send(access: ChatSender, file: IncomingFile, caption: string | undefined): Promise<ChatMessage> {
    const { chat, side, principal, em } = access;
    const files = new AttachmentService(em, this.settings.store, this.settings);
    try {
      ChatService.assertMaySay(chat, side, principal);
    } catch (err) {
      await files.discardSource(file);
      throw err;
    }
    const prepared = await files.prepare(file, CHAT_FILE_FIELD);
    if (!prepared.ok) throw prepared.error;
    try {
      const overQuota = await files.quotaRefusal(principal, prepared.file, CHAT_FILE_FIELD);
      if (overQuota) throw overQuota;
      const ticket = await access.service.ticketOf(chat);
      const { entry, attachment } = await em.transactional(async (tx) => {
        const entry = await this.deps.tickets
          .tickets(tx)
          .addEntry(
            principal,
            ticket.number,
            { kind: 'reply', body: caption || prepared.file.filename },
            { toProcess: chat.state === 'ticket' },
          );
        const attachment = await new AttachmentService(tx, this.settings.store, this.settings).keep(
          ticket,
          principal,
          prepared.file,
          entry.id,
        );
        return { entry, attachment };
      });
      return {
        id: entry.id,
        author: side,
        name: entry.authorName,
        body: entry.body,
        at: entry.createdAt.toISOString(),
        attachments: [chatFileView(chat, attachment)],
      };
    } finally {
      // Gone once kept; a refusal or a failure leaves nothing behind either.
      await files.discard(prepared.file);
    }
  }
}
