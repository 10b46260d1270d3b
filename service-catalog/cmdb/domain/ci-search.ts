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
  const words = search.q ? searchWords(search.q) : [];
  if (words.length) {
    // Each word as the literal lexeme (how it is indexed inside "db-host-6e4f9c42") or as the parser
    // reads it alone ("6e4f9c42" alone is the number "6e4" and the word "f9c42"); either matches.
    const eitherForm = words.map(() => `(?::tsquery || to_tsquery('simple', ?))`).join(' && ');
    const params = words.flatMap((w) => [`'${w}':*`, `${w}:*`]);
    where[raw((alias: string) => `${alias}.search_vector @@ (${eitherForm})`, params) as symbol] = [];
  } else if (search.q) return Promise.resolve([[], 0] as [ConfigurationItem[], number]);
  return em.findAndCount(ConfigurationItem, where as FilterQuery<ConfigurationItem>, {
    orderBy: { name: 'asc', id: 'asc' },
    limit: search.limit,
    offset: search.offset,
  });
}

/**
 * The words of free text (letters and digits, lower-cased, at most ten), each matched as a prefix and
 * all required. Only letters and digits reach tsquery syntax, so no input is a 500.
 */
export function searchWords(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 10);
}
