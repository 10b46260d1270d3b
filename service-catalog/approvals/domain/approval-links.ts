import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ApprovalDecision } from './approval.entity';
import { isUuid } from '../../text/uuid';

/** How long a mailed link works: a working week and a weekend, the longest an approval usually waits. */
export const APPROVAL_LINK_DAYS = 9;

export interface ApprovalLink {
  approvalId: string;
  decision: ApprovalDecision;
  /** Who the link was mailed to, and who decides with it. */
  username: string;
  expiresAt: Date;
}

/** Why a link is refused; the route maps each to its status. */
export type LinkProblem = 'malformed' | 'tampered' | 'expired';

const DECISIONS: Record<string, ApprovalDecision> = { a: 'approved', r: 'rejected' };

/**
 * The approve and reject links of an approval mail, which decide without signing in:
 * `<approval id>.<a|r>.<expiry, epoch seconds>.<username>.<HMAC>`. The HMAC (under a key derived from
 * the server secret, of its own) also covers who holds the approval when the mail is sent, so a link
 * stops working when the approval is delegated; once the approval is decided it is not pending any
 * more, which makes every link of it single-use. Nothing is stored per link.
 */
export class ApprovalLinks {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = createHmac('sha256', secret).update('flowdesk approval link v1').digest();
  }

  /** @param holder who holds the approval now: its approver's username, or `group:<key>`. */
  sign(link: ApprovalLink, holder: string): string {
    const expires = Math.floor(link.expiresAt.getTime() / 1000);
    const letter = link.decision === 'approved' ? 'a' : 'r';
    const body = `${link.approvalId}.${letter}.${expires}.${encodeURIComponent(link.username)}`;
    return `${body}.${this.mac(body, holder)}`;
  }

  /** The link a token stands for, if well formed; its signature is checked by `verify` against the approval's holder. */
  parse(token: string): ApprovalLink | null {
    const parts = token.split('.');
    if (parts.length !== 5) return null;
    const [approvalId, letter, expires, username] = parts as [string, string, string, string, string];
    const decision = DECISIONS[letter];
    if (!isUuid(approvalId) || !decision || !/^\d{1,12}$/.test(expires) || !username) return null;
    try {
      return { approvalId, decision, username: decodeURIComponent(username), expiresAt: new Date(Number(expires) * 1000) };
    } catch {
      return null;
    }
  }

  /** Null when the token is genuine for this holder and not expired; otherwise what is wrong with it. */
  verify(token: string, holder: string, now = new Date()): LinkProblem | null {
    const link = this.parse(token);
    if (!link) return 'malformed';
    const cut = token.lastIndexOf('.');
    const given = Buffer.from(token.slice(cut + 1), 'utf8');
    const expected = Buffer.from(this.mac(token.slice(0, cut), holder), 'utf8');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'tampered';
    return link.expiresAt.getTime() <= now.getTime() ? 'expired' : null;
  }

  /**
   * The token of an approval mail's own reply address (`desk+apr.<approval>.<token>@…`): who it was
   * mailed to and who held the approval then, so a reply through it proves the sender got that mail,
   * and stops counting once the approval is delegated. A key of its own, apart from the links'.
   */
  replyToken(approvalId: string, username: string, holder: string): string {
    return createHmac('sha256', this.key).update(`reply|${approvalId}|${username.toLowerCase()}|${holder}`).digest('hex').slice(0, 20);
  }

  /** Whether `token` was issued for this approval to `username` while `holder` held it (constant time). */
  verifyReplyToken(approvalId: string, username: string, holder: string, token: string): boolean {
    const expected = Buffer.from(this.replyToken(approvalId, username, holder));
    const given = Buffer.from(token.toLowerCase());
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private mac(body: string, holder: string): string {
    return createHmac('sha256', this.key).update(`${body}|${holder}`).digest('base64url');
  }
}

/** Who holds an approval now, as the links sign it. */
export const holderOf = (approval: { approverUsername?: string | null; approverGroup?: string | null }) =>
  approval.approverUsername ?? `group:${approval.approverGroup ?? ''}`;
