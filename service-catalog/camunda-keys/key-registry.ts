import type { EntityManager } from '@mikro-orm/postgresql';
import { kindOf, type KeyedRef } from './key-fields';

/** How long a job's key is kept: past the longest timeout a worker may ask for (24 h), with room. */
const JOB_KEY_DAYS = 7;

/**
 * Flowdesk's references and Camunda's numeric keys (table `camunda_key`). Each reference gets one key
 * for good, the first time an answer carries it; both statements run in the request's own tenant scope.
 */
export class CamundaKeyRegistry {
  constructor(private readonly em: EntityManager) {}

  /**
   * The key of every reference, given one when it has none. Most answers repeat references answered
   * before (a search's pages, a job's instance), so the keys are looked up first and only the new ones
   * inserted. A reference the caller's scope cannot see is left out.
   */
  async keysOf(refs: readonly KeyedRef[]): Promise<Map<string, string>> {
    const unique = new Map<string, KeyedRef>();
    for (const r of refs) if (!unique.has(r.ref)) unique.set(r.ref, r);
    if (!unique.size) return new Map();
    const keys = await this.lookUp([...unique.keys()]);
    const missing = [...unique.values()].filter((r) => !keys.has(r.ref));
    if (!missing.length) return keys;
    const rows = missing.map((r) => ({ ref: r.ref, organization_id: r.organizationId, kind: kindOf(r.field) }));
    const added = await this.em.execute<Array<{ key: string; ref: string }>>(
      `insert into camunda_key (ref, organization_id, kind)
       select ref, organization_id, kind from jsonb_to_recordset(?::jsonb) as x(ref text, organization_id uuid, kind text)
       on conflict (ref) do nothing
       returning key::text as key, ref`,
      [JSON.stringify(rows)],
    );
    for (const row of added) keys.set(row.ref, row.key);
    // another request gave some of them their keys in between
    const raced = missing.filter((r) => !keys.has(r.ref)).map((r) => r.ref);
    if (raced.length) for (const [ref, key] of await this.lookUp(raced)) keys.set(ref, key);
    return keys;
  }

  private async lookUp(refs: readonly string[]): Promise<Map<string, string>> {
    const found = await this.em.execute<Array<{ key: string; ref: string }>>(
      'select key::text as key, ref from camunda_key where ref in (select jsonb_array_elements_text(?::jsonb))',
      [JSON.stringify(refs)],
    );
    return new Map(found.map((row) => [row.ref, row.key]));
  }

  /** The reference and kind of every key the caller's scope can see; an unknown or hidden key is not in the answer. */
  async refsOf(keys: readonly string[]): Promise<Map<string, { ref: string; kind: string }>> {
    const wanted = [...new Set(keys)].filter((k) => /^\d{1,19}$/.test(k) && BigInt(k) <= 9_223_372_036_854_775_807n);
    if (!wanted.length) return new Map();
    const found = await this.em.execute<Array<{ key: string; ref: string; kind: string }>>(
      'select key::text as key, ref, kind from camunda_key where key in (select jsonb_array_elements_text(?::jsonb)::bigint)',
      [JSON.stringify(wanted)],
    );
    return new Map(found.map((row) => [row.key, { ref: row.ref, kind: row.kind }]));
  }

  /** Drops the keys of jobs activated more than a week ago: a job lives at most as long as its timeout (24 h). */
  async forgetOldJobKeys(): Promise<number> {
    const gone = await this.em.execute<Array<{ key: string }>>(
      `delete from camunda_key where kind = 'job' and created_at < now() - interval '${JOB_KEY_DAYS} days' returning key`,
    );
    return gone.length;
  }
}
