import { createHash, createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { Gone, NotPermitted } from '../../errors';

/** How long a survey link stays answerable. */
export const SURVEY_LINK_DAYS = 14;

export interface SurveyClaim {
  ticketId: string;
  /** Single use: the answer stores it under a unique index, so a second answer is refused. */
  nonce: string;
  expiresAt: Date;
  /** The CSAT score a one-click score link carries (signed with it); absent on a plain link. */
  score?: number;
}

/** CSAT scores, best first as the mail lists them. */
export const CSAT_SCORES = [5, 4, 3, 2, 1] as const;

/**
 * The one-click survey link a caller gets after resolution: no login, so the link itself proves
 * which ticket it is about — `<ticket id>.<nonce>.<expiry>.<HMAC-SHA256>` with a key derived from
 * the JWT secret (the reply addresses' way), compared in constant time. A changed byte is refused,
 * an expired link is gone, and a used one is refused by the answer's unique nonce.
 */
export class SurveyLinks {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = createHmac('sha256', secret).update('flowdesk survey link v1').digest();
  }

  issue(ticketId: string, now: Date, days = SURVEY_LINK_DAYS): string {
    const body = `${ticketId}.${randomUUID()}.${Math.floor(now.getTime() / 1000) + days * 86_400}`;
    return `${body}.${this.sign(body)}`;
  }

  /**
   * One-click CSAT: a link per score, all of one survey (one nonce, so one answer), each signing its
   * score — `<ticket id>.<nonce>.<expiry>.<score>.<HMAC>` — so a changed score is a changed link.
   */
  issueScores(ticketId: string, now: Date, days = SURVEY_LINK_DAYS): Map<number, string> {
    const body = `${ticketId}.${randomUUID()}.${Math.floor(now.getTime() / 1000) + days * 86_400}`;
    return new Map(CSAT_SCORES.map((score) => [score, `${body}.${score}.${this.sign(`${body}.${score}`)}`]));
  }

  verify(token: string, now: Date): SurveyClaim {
    const parts = token.split('.');
    const scored = parts.length === 5;
    const [ticketId, nonce, exp] = parts;
    const score = scored ? parts[3] : undefined;
    const signature = parts.at(-1);
    const expected = this.sign(parts.slice(0, -1).join('.'));
    const given = Buffer.from(signature ?? '', 'utf8');
    if (
      (parts.length !== 4 && !scored) ||
      given.length !== expected.length ||
      !timingSafeEqual(given, Buffer.from(expected, 'utf8')) ||
      !/^\d+$/.test(exp!) ||
      (scored && !/^[1-5]$/.test(score!))
    )
      throw new NotPermitted('SURVEY_LINK_INVALID', 'this survey link is not one we sent; use the link from the mail as it is');
    const expiresAt = new Date(Number(exp) * 1000);
    if (expiresAt <= now) throw new Gone('SURVEY_LINK_EXPIRED', `this survey link expired on ${expiresAt.toISOString()}`);
    return { ticketId: ticketId!, nonce: nonce!, expiresAt, ...(scored ? { score: Number(score) } : {}) };
  }

  private sign(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}

/** The nonce of the one answer a caller gives on the portal's ticket page: derived from the ticket, so single use. */
export function portalNonce(ticketId: string): string {
  const hex = createHash('sha256').update(`flowdesk portal survey ${ticketId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
