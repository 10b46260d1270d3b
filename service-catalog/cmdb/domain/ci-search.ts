import { raw, type EntityManager, type FilterQuery } from '@mikro-orm/postgresql';
import { ConfigurationItem } from './configuration-item.entity';

export interface CiSearch {
  q?: string;
  /** Exactly this key (in each organisation the caller sees). */
  key?: string;
  classKey?: string;
  lifecycleState?: string;
  organizationId?: string;
  siteId?: string;
  limit: number;
  offset: number;
}

/**
 * CIs by name, narrowed by class, state, customer or site, and by full text (`q`) over name, key,
 * model, serial number and attribute values (the generated `search_vector`, GIN-indexed). Each word
 * matches as a prefix, so a picker finds "web-prod-01" from "web pro". Within the tenant scope.
 */
export function searchCis(em: EntityManager, search: CiSearch) {
  const where: Record<string | symbol, unknown> = {};
  if (search.key) where.key = search.key;
  if (search.classKey) where.classKey = search.classKey;
  if (search.lifecycleState) where.lifecycleState = search.lifecycleState;
  if (search.organizationId) where.organizationId = search.organizationId;
  if (search.siteId) where.siteId = search.siteId;
  const query = search.q ? prefixQuery(search.q) : null;
  if (query) where[raw((alias: string) => `${alias}.search_vector @@ to_tsquery('simple', ?)`, [query]) as symbol] = [];
  else if (search.q) return Promise.resolve([[], 0] as [ConfigurationItem[], number]);
  return em.findAndCount(ConfigurationItem, where as FilterQuery<ConfigurationItem>, {
    orderBy: { name: 'asc', id: 'asc' },
    limit: search.limit,
    offset: search.offset,
  });
}

/**
 * A tsquery from free text: its words (letters and digits, as the `simple` parser splits them), each
 * as a prefix, all required. Nothing of the user's text reaches tsquery syntax, so no input is a 500.
 */
export function prefixQuery(text: string): string | null {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.length
    ? words
        .slice(0, 10)
        .map((w) => `${w}:*`)
        .join(' & ')
    : null;
}
