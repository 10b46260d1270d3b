import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { recordAudit } from '../../audit/audit-log';
import { NotFound } from '../../errors';
import { actorOf, type Principal } from '../../identity/domain/principal';
import { MessagingConnection } from './messaging.entities';
import { signatureProblem } from './phone-calls';

/** The longest grace an admin may give the replaced secret (a week: time enough to redeploy any bridge). */
export const MAX_GRACE_MINUTES = 7 * 24 * 60;
/** The grace when the admin names none: a day, so a bridge redeployed within office hours never drops a message. */
export const DEFAULT_GRACE_MINUTES = 24 * 60;

export const newInboundSecret = () => `fdmsg_${randomBytes(32).toString('base64url')}`;

/**
 * What is wrong with a bridge's signed body: checked against the current secret, and after a rotation
 * against the replaced one until its grace ends. A body signed with a replaced secret past its grace is
 * `forged`, as one signed with any other secret.
 */
export function inboundSignatureProblem(
  connection: MessagingConnection,
  timestamp: string,
  rawBody: string,
  given: string,
  now: Date,
): 'forged' | 'stale' | null {
  const current = signatureProblem(connection.inboundSecret, timestamp, rawBody, given, now);
  if (current !== 'forged') return current;
  const previous = connection.previousInboundSecret;
  if (!previous || !connection.previousSecretUntil || connection.previousSecretUntil <= now) return current;
  return signatureProblem(previous, timestamp, rawBody, given, now);
}

/**
 * A new inbound secret for a connection, shown once. The one it replaces stays valid for `graceMinutes`
 * (0: refused at once, when the old one leaked); a secret replaced before that is dropped for good, so at
 * most two are ever valid. `em` sees the connection (an admin's).
 */
export async function rotateInboundSecret(
  em: EntityManager,
  principal: Principal,
  id: string,
  graceMinutes: number,
  now = new Date(),
): Promise<{ connection: MessagingConnection; secret: string }> {
  const connection = await em.findOne(MessagingConnection, { id }, { populate: ['inboundSecret'] });
  if (!connection) throw new NotFound('UNKNOWN_MESSAGING_CONNECTION', `params.id: there is no messaging connection ${id}`);
  const secret = newInboundSecret();
  connection.previousInboundSecret = graceMinutes > 0 ? connection.inboundSecret : null;
  connection.previousSecretUntil = graceMinutes > 0 ? new Date(now.getTime() + graceMinutes * 60_000) : null;
  connection.inboundSecret = secret;
  connection.secretRotatedAt = now;
  recordAudit(em, actorOf(principal), {
    action: 'messagingConnection.secretRotated',
    entity: 'MessagingConnection',
    entityId: connection.id,
    after: { graceMinutes, previousSecretUntil: connection.previousSecretUntil?.toISOString() ?? null },
  });
  await em.flush();
  return { connection, secret };
}
