import { createHmac, timingSafeEqual } from 'node:crypto';

/** A reply address found among a mail's recipients: which ticket it names, and the token it carries. */
export interface ReplyToken {
  number: string;
  token: string;
}

/** 96 bits: guessing one takes a mail per try, and a wrong one only makes the mail count as unverified. */
const TOKEN_HEX_CHARS = 24;
const TICKET_NUMBER = /^[A-Z]{2,3}\d{7,}$/;

/**
 * Per-ticket, per-recipient reply addresses: every mail about a ticket goes out with
 * `Reply-To: desk+INC0001042.<token>@domain`, the token an HMAC of the ticket id and the recipient's
 * address under a key derived from the server secret. A reply through that address proves the sender
 * received that mail — which a forged `From:` alone does not — and only for that ticket and that
 * recipient: a token forwarded to a colleague does not vouch for the colleague.
 *
 * Only Reply-To carries it, never the Message-ID: the desk threads every mail of a ticket on its
 * earlier ones (References), so a Message-ID of a mail to an agent reaches the caller's mail client.
 * The MTA must deliver `desk+anything@domain` to the desk's intake (subaddressing).
 */
export class ReplyAddresses {
  private readonly key: Buffer;
  private readonly local: string;
  private readonly domain: string;

  /** @param deskAddress the desk's own address (`MAIL_FROM`), e.g. `desk@flowdesk.example` */
  constructor(secret: string, deskAddress: string) {
    // A key of its own, so a reply token can never be mistaken for (or help forge) anything signed with the secret itself.
    this.key = createHmac('sha256', secret).update('flowdesk mail reply token v1').digest();
    const [, local = 'desk', domain = 'flowdesk.localhost'] = /^([^@\s<>]+)@([^@\s<>]+)$/.exec(deskAddress.trim()) ?? [];
    this.local = local.split('+')[0]!;
    this.domain = domain.toLowerCase();
  }

  /** The Reply-To of a mail about `ticket` to `recipient`. */
  addressFor(ticket: { id: string; number: string }, recipient: string): string {
    return `${this.local}+${ticket.number}.${this.token(ticket.id, recipient)}@${this.domain}`;
  }

  /** The ticket number and token of one of our reply addresses; null for any other address. */
  parse(address: string): ReplyToken | null {
    const match = /^([^@+\s]+)\+([A-Za-z]{2,3}\d{7,})\.([0-9a-f]+)@([^@\s]+)$/i.exec(address.trim());
    if (!match || match[1]!.toLowerCase() !== this.local.toLowerCase() || match[4]!.toLowerCase() !== this.domain) return null;
    const number = match[2]!.toUpperCase();
    // Mail systems may lower-case a local part: the number and the hex token survive that.
    return TICKET_NUMBER.test(number) ? { number, token: match[3]!.toLowerCase() } : null;
  }

  /** `<local>+<tag>@<domain>` of the desk's address: a reply address of another kind (an approval mail's). */
  subaddress(tag: string): string {
    return `${this.local}+${tag}@${this.domain}`;
  }

  /** The tag of one of the desk's subaddresses, lower-cased; null for any other address. */
  subaddressTag(address: string): string | null {
    const match = /^([^@+\s]+)\+([^@\s]+)@([^@\s]+)$/.exec(address.trim());
    if (!match || match[1]!.toLowerCase() !== this.local.toLowerCase() || match[3]!.toLowerCase() !== this.domain) return null;
    return match[2]!.toLowerCase();
  }

  /** Whether `token` was issued for `ticketId` to `sender` (compared in constant time). */
  verify(ticketId: string, sender: string, token: string): boolean {
    const expected = Buffer.from(this.token(ticketId, sender));
    const given = Buffer.from(token.toLowerCase());
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private token(ticketId: string, recipient: string): string {
    return createHmac('sha256', this.key).update(`${ticketId}\n${recipient.trim().toLowerCase()}`).digest('hex').slice(0, TOKEN_HEX_CHARS);
  }
}
