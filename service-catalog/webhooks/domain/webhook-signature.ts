import { createHmac, timingSafeEqual } from 'node:crypto';

/** Receivers refuse a signed body older than this (replayed captures). */
export const SIGNATURE_TOLERANCE_SEC = 300;

/**
 * `X-Flowdesk-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` — the scheme Stripe and
 * GitHub made familiar: the timestamp is signed with the body, so a captured request cannot be replayed
 * later, and `v1` leaves room to rotate the algorithm.
 */
export function signWebhook(secret: string, body: string, atSec: number): string {
  return `t=${atSec},v1=${hmac(secret, atSec, body)}`;
}

/** What a receiver does with the header (exported for receivers written in TypeScript, and for the tests). */
export function verifyWebhook(secret: string, body: string, header: string, nowSec: number): boolean {
  const parts = new Map(header.split(',').map((kv) => kv.split('=', 2) as [string, string]));
  const t = Number(parts.get('t'));
  const v1 = parts.get('v1');
  if (!Number.isInteger(t) || !v1 || Math.abs(nowSec - t) > SIGNATURE_TOLERANCE_SEC) return false;
  const expected = Buffer.from(hmac(secret, t, body), 'hex');
  const given = Buffer.from(v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const hmac = (secret: string, atSec: number, body: string) => createHmac('sha256', secret).update(`${atSec}.${body}`).digest('hex');
