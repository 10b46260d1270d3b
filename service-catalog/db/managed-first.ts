import { helper, ReferenceKind, type EntityManager, type EntityName } from '@mikro-orm/postgresql';

/**
 * Entities by primary key, taking those this entity manager already holds from its identity map and
 * loading only the rest, in one query. A request that looked a row up (the caller it mailed, the
 * organisation it checked) then presents it without reading it again. The identity map is this
 * entity manager's own, filled under the same tenant scope, so nothing comes back that a query made
 * here would not have returned; an entity loaded with only some fields is read again in full.
 */
export async function findByIds<T extends object>(em: EntityManager, entity: EntityName<T>, ids: readonly string[]): Promise<T[]> {
  const uow = em.getUnitOfWork();
  const found: T[] = [];
  const missing: string[] = [];
  for (const id of ids) {
    const managed = uow.getById<T>(entity, id as never);
    if (managed && fullyLoaded(managed)) found.push(managed);
    else missing.push(id);
  }
  if (!missing.length) return found;
  return [...found, ...(await em.find(entity, { id: { $in: missing } } as never))];
}

function fullyLoaded(entity: object): boolean {
  const wrapped = helper(entity);
  if (!wrapped.__initialized) return false;
  return wrapped.__meta.props.every((p) => p.kind !== ReferenceKind.SCALAR || p.lazy || wrapped.__loadedProperties.has(p.name));
}
