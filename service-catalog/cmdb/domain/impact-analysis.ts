import type { EntityManager } from '@mikro-orm/postgresql';

export type Direction = 'upstream' | 'downstream';

/** A CI reached by the walk, `depth` relations away from where it started (the shortest way). */
export interface ReachedCi {
  id: string;
  key: string;
  name: string;
  classKey: string;
  lifecycleState: string;
  organizationId: string | null;
  depth: number;
}

/**
 * The walk, one level per step of the recursive CTE: each row is a whole frontier (the CIs first
 * reached at that depth) and the set seen so far. The next frontier is every CI one relation away
 * that has not been seen: that is the cycle detection, and it also keeps each CI to one row however
 * many paths lead to it, so the work grows with the CIs reached, not with the paths (which explode
 * in a dense graph). It stops at the depth asked, when nothing new is reached, or once `cap` CIs are seen.
 * Upstream follows relations backwards (who needs this CI: served by the index on target), downstream
 * forwards (what it needs: the unique index's leading source). Row-level security applies to the
 * relations and the CIs read, so a customer's walk never crosses into what it may not see.
 */
const walkStep = (direction: Direction) => {
  const [from, to] = direction === 'upstream' ? ['target_id', 'source_id'] : ['source_id', 'target_id'];
  return `select 0, array[?::uuid], array[?::uuid]
      union all
      select w.depth + 1, step.next, w.seen || step.next
      from ${direction} w
      cross join lateral (
        select coalesce(array_agg(distinct r.${to}), '{}'::uuid[]) as next
        from ci_relation r
        where r.${from} = any (w.frontier) and r.${to} <> all (w.seen)
      ) step
      where w.depth < ? and cardinality(w.frontier) > 0 and cardinality(w.seen) < ?`;
};
const reachedFrom = (
  direction: Direction,
) => `select '${direction}' as direction, c.id, c.key, c.name, c.class_key, c.lifecycle_state, c.organization_id, w.depth
    from ${direction} w
    cross join lateral unnest(w.frontier) as f (id)
    join configuration_item c on c.id = f.id
    where w.depth > 0`;

/** Both walks in one statement (one round trip); a direction not asked for gets depth 0 and yields nothing. */
export const IMPACT_SQL = `with recursive upstream (depth, frontier, seen) as (${walkStep('upstream')}),
    downstream (depth, frontier, seen) as (${walkStep('downstream')})
    ${reachedFrom('upstream')}
    union all
    ${reachedFrom('downstream')}
    order by direction, depth, name, id`;

/** The parameters of {@link IMPACT_SQL}, in order (exported for the benchmark's EXPLAIN of the same query). */
export const impactParams = (ciId: string, depth: { upstream: number; downstream: number }, cap: number) => [
  ciId,
  ciId,
  depth.upstream,
  cap,
  ciId,
  ciId,
  depth.downstream,
  cap,
];

/**
 * Every CI `depth` relations or fewer away from `ciId` in each direction (0: that direction is not
 * walked), nearest first, at most about `cap` per direction.
 */
export async function walkFrom(
  em: EntityManager,
  ciId: string,
  depth: { upstream: number; downstream: number },
  cap: number,
): Promise<Record<Direction, ReachedCi[]>> {
  const rows = await em.execute<
    Array<{
      direction: Direction;
      id: string;
      key: string;
      name: string;
      class_key: string;
      lifecycle_state: string;
      organization_id: string | null;
      depth: number;
    }>
  >(IMPACT_SQL, impactParams(ciId, depth, cap));
  const reached: Record<Direction, ReachedCi[]> = { upstream: [], downstream: [] };
  for (const r of rows)
    reached[r.direction].push({
      id: r.id,
      key: r.key,
      name: r.name,
      classKey: r.class_key,
      lifecycleState: r.lifecycle_state,
      organizationId: r.organization_id,
      depth: Number(r.depth),
    });
  return reached;
}

/** Relations among a set of CIs (for the graph), both ends in the set. */
export async function relationsAmong(em: EntityManager, ids: string[]) {
  if (!ids.length) return [];
  const rows = await em.execute<Array<{ id: string; source_id: string; type: string; target_id: string }>>(
    'select id, source_id, type, target_id from ci_relation where source_id in (?) and target_id in (?) order by id',
    [ids, ids],
  );
  return rows.map((r) => ({ id: r.id, sourceId: r.source_id, type: r.type, targetId: r.target_id }));
}
