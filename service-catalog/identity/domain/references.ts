import type { EntityManager } from '@mikro-orm/postgresql';
import { InvalidInput } from '../../errors';

/**
 * Checks that every id names an existing row, or fails naming the field: memberships are id lists,
 * so this is their referential integrity.
 */
export async function assertExist(em: EntityManager, entity: unknown, ids: readonly string[], field: string): Promise<void> {
  if (ids.length === 0) return;
  const found: unknown[] = await em.find(entity as never, { id: { $in: [...ids] } } as never, { filters: false });
  const known = new Set(found.map((row) => (row as { id: string }).id));
  const missing = ids.filter((id) => !known.has(id));
  if (missing.length) {
    throw new InvalidInput(
      'UNKNOWN_REFERENCE',
      `${field}: ${missing.join(', ')} does not exist`,
      missing.map((id) => ({ field, message: `${id} does not exist` })),
    );
  }
}
