import type { EntityManager } from '@mikro-orm/core';
import { AuditLog } from './audit-log.entity';

/** Who did it: a signed-in user, or the system itself (seed, worker). */
export interface Actor {
  id: string | null;
  name: string;
}

export const systemActor = (name: string): Actor => ({ id: null, name: `system:${name}` });

/**
 * Queues an audit row on `em`; the caller's next flush writes it with the mutation, atomically.
 * Secrets never reach it: pass a presenter's view of the entity, not the entity.
 */
export function recordAudit(
  em: EntityManager,
  actor: Actor,
  entry: { action: string; entity: string; entityId: string; before?: object | null; after?: object | null },
): void {
  em.create(AuditLog, {
    actorId: actor.id,
    actorName: actor.name,
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId,
    before: (entry.before ?? null) as Record<string, unknown> | null,
    after: (entry.after ?? null) as Record<string, unknown> | null,
    at: new Date(),
  });
}
