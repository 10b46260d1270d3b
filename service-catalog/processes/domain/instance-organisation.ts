import type { EntityManager } from '@mikro-orm/postgresql';
import { isUuid } from '../../text/uuid';

/**
 * The organisation process instance `instanceId` acts for (null: an internal instance), or undefined
 * when there is no such instance. Read by primary key: comparing `id::text` instead made every read a
 * scan of every instance ever started, once per new instance on a worker. An id that is no UUID names
 * no instance (the column is a uuid), and is not sent as one, which would be a database error.
 *
 * Raw SQL through `em` as given: callers read this across tenants on purpose, and say so in the scope
 * they set.
 */
export async function instanceOrganisation(em: EntityManager, instanceId: string): Promise<{ organizationId: string | null } | undefined> {
  if (!isUuid(instanceId)) return undefined;
  const rows = await em.execute<Array<{ organization_id: string | null }>>(
    'select organization_id from process_instance where id = ?::uuid',
    [instanceId],
  );
  return rows[0] ? { organizationId: rows[0].organization_id ?? null } : undefined;
}
