import type { EntityManager } from '@mikro-orm/postgresql';

/** A publisher's own id of a message (Camunda's `messageId`) within its tenant, name and correlation key. */
export interface PublishedMessageId {
  /** The tenant's organisation; null for internal work. */
  organizationId: string | null;
  name: string;
  correlationKey: string;
  messageId: string;
}

const params = (id: PublishedMessageId) => [id.organizationId ?? '', id.name, id.correlationKey, id.messageId];

/**
 * Claims `id` for `ttlMs` from now, as Zeebe keeps a message with an id in its buffer for its time
 * to live: true when no live claim of the same id exists (an expired one is taken over), false when
 * one does. One statement, so two publishers racing with the same id cannot both win. Expired claims
 * of the caller's scope are purged on the way.
 */
export async function claimMessageId(em: EntityManager, id: PublishedMessageId, ttlMs: number): Promise<boolean> {
  await em.execute('delete from published_message_id where expires_at <= now()');
  const claimed = await em.execute<Array<{ claimed: number }>>(
    `insert into published_message_id (organization_key, name, correlation_key, message_id, expires_at)
     values (?, ?, ?, ?, now() + (? || ' milliseconds')::interval)
     on conflict (organization_key, name, correlation_key, message_id) do update set expires_at = excluded.expires_at
       where published_message_id.expires_at <= now()
     returning 1 as claimed`,
    [...params(id), String(ttlMs)],
  );
  return claimed.length > 0;
}

/** Gives a claim back: the publication it was made for failed, so a retry with the same id must be accepted. */
export async function releaseMessageId(em: EntityManager, id: PublishedMessageId): Promise<void> {
  await em.execute(
    'delete from published_message_id where organization_key = ? and name = ? and correlation_key = ? and message_id = ?',
    params(id),
  );
}
