import { createHmac, timingSafeEqual } from 'node:crypto';
import { NotPermitted } from '../../errors';

/** How long a visitor's chat token opens the chat (its stream, its messages). */
export const CHAT_TOKEN_HOURS = 24;

/**
 * The visitor's key to one chat, and nothing else: `<chat id>.<expiry>.<HMAC-SHA256>` with a key derived
 * from the token secret (the survey links' way), compared in constant time. Chat ids are random UUIDs
 * and never enough on their own: every visitor route asks for the token that names the chat.
 */
export class ChatTokens {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = createHmac('sha256', secret).update('flowdesk chat token v1').digest();
  }

  issue(chatId: string, now: Date, hours = CHAT_TOKEN_HOURS): string {
    const body = `${chatId}.${Math.floor(now.getTime() / 1000) + hours * 3600}`;
    return `${body}.${this.sign(body)}`;
  }

  /** The chat id the token opens; refused (403) when changed, made for another chat or expired. */
  verify(token: string, chatId: string, now: Date): string {
    const [id, exp, signature, ...rest] = token.split('.');
    const expected = this.sign(`${id}.${exp}`);
    const given = Buffer.from(signature ?? '', 'utf8');
    const valid =
      rest.length === 0 && given.length === expected.length && timingSafeEqual(given, Buffer.from(expected, 'utf8')) && /^\d+$/.test(exp!);
    if (!valid || id !== chatId) throw new NotPermitted('CHAT_TOKEN_INVALID', 'this chat token does not open this chat');
    if (Number(exp) * 1000 < now.getTime()) throw new NotPermitted('CHAT_TOKEN_EXPIRED', 'this chat token has expired; start a new chat');
    return id;
  }

  private sign(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}
