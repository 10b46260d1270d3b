import { createHash, createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { Gone, NotPermitted } from '../../errors';

/** How long a survey link stays answerable. */
export const SURVEY_LINK_DAYS = 14;

export interface SurveyClaim {
  ticketId: string;
  /** Single use: the answer stores it under a unique index, so a second answer is refused. */
  nonce: string;
  expiresAt: Date;
}

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

  verify(token: string, now: Date): SurveyClaim {
    const parts = token.split('.');
    const [ticketId, nonce, exp, signature] = parts;
    const expected = this.sign(`${ticketId}.${nonce}.${exp}`);
    const given = Buffer.from(signature ?? '', 'utf8');
    if (
      parts.length !== 4 ||
      given.length !== expected.length ||
      !timingSafeEqual(given, Buffer.from(expected, 'utf8')) ||
      !/^\d+$/.test(exp!)
    )
      throw new NotPermitted('SURVEY_LINK_INVALID', 'this survey link is not one we sent; use the link from the mail as it is');
    const expiresAt = new Date(Number(exp) * 1000);
    if (expiresAt <= now) throw new Gone('SURVEY_LINK_EXPIRED', `this survey link expired on ${expiresAt.toISOString()}`);
    return { ticketId: ticketId!, nonce: nonce!, expiresAt };
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
