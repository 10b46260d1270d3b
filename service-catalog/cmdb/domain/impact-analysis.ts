import type { EntityManager } from '@mikro-orm/postgresql';
import { tenantScopeOn, tenantSessionVariables } from '../../db/tenant';

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
 * The walk itself (migrations/Migration20261225000000_cmdb_scoped_walk.ts): an inlined SQL function, so
 * `EXPLAIN` of this shows the recursive CTE's plan. Exported for the benchmark's floor.
 */
export const IMPACT_SQL = 'select * from cmdb_walk(?, ?, ?, ?)';

/** The parameters of {@link IMPACT_SQL}, in order. */
export const impactParams = (ciId: string, depth: { upstream: number; downstream: number }, cap: number) => [
  ciId,
  depth.upstream,
  depth.downstream,
  cap,
];

/**
 * The walk with the tenant scope set by the same statement: one round trip instead of the four (BEGIN,
 * scope, query, COMMIT) of an ORM read outside a transaction. The scope is the entity manager's; row-level
 * security binds the relations and CIs read, so a customer's walk never crosses into what it may not see.
 */
const SCOPED_WALK_SQL = 'select * from cmdb_scoped_walk(?, ?, ?, ?, ?, ?, ?)';
const SCOPED_GRAPH_SQL = 'select * from cmdb_scoped_graph(?, ?, ?, ?, ?, ?)';

/**
 * Runs one of the `cmdb_scoped_*` functions with `em`'s tenant scope as its first three arguments. Fails
 * without a scope rather than read with none. Straight to the connection: `em.execute` would wrap the
 * statement in the scope's own transaction (the round trips this saves); inside a transaction of `em`,
 * the statement joins it.
 */
async function scopedCall<T>(em: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  const scope = tenantScopeOn(em);
  if (!scope) throw new Error('the CMDB walk needs a tenant scope on the entity manager (setTenantScope)');
  const settings = tenantSessionVariables(scope);
  const scoped = [settings['flowdesk.tenant_bypass'], settings['flowdesk.organization_ids'], settings['flowdesk.include_unowned']];
  return em.getConnection().execute<T[]>(sql, [...scoped, ...params], 'all', em.getTransactionContext());
}

type WalkRow = {
  direction: Direction | 'self';
  id: string;
  key: string;
  name: string;
  class_key: string;
  lifecycle_state: string;
  organization_id: string | null;
  depth: number;
};

export interface Walk {
  /** The CI the walk started from; undefined when the caller may not see it (or it does not exist). */
  self: ReachedCi | undefined;
  upstream: ReachedCi[];
  downstream: ReachedCi[];
}

/**
 * The CI and every CI `depth` relations or fewer away from it in each direction (0: that direction is
 * not walked), nearest first, at most about `cap` per direction. Fails without a tenant scope on `em`
 * rather than read with none.
 */
export async function walkFrom(
  em: EntityManager,
  ciId: string,
  depth: { upstream: number; downstream: number },
  cap: number,
): Promise<Walk> {
  const rows = await scopedCall<WalkRow>(em, SCOPED_WALK_SQL, impactParams(ciId, depth, cap));
  const walk: Walk = { self: undefined, upstream: [], downstream: [] };
  for (const r of rows) {
    const ci = reachedOf(r);
    if (r.direction === 'self') walk.self = ci;
    else walk[r.direction].push(ci);
  }
  return walk;
}

export interface CiGraph {
  nodes: Array<ReachedCi & { side: 'self' | Direction }>;
  edges: Array<{ id: string; sourceId: string; type: string; targetId: string }>;
}

/**
 * The neighbourhood of a CI for drawing, in one statement: the CI, the CIs within `depth` either way (each
 * once, on the side where it comes first: upstream before downstream, nearest first), the first `cap` of
 * them, and every relation among those. No nodes when the caller may not see the CI.
 */
export async function graphAround(em: EntityManager, ciId: string, depth: number, cap: number): Promise<CiGraph> {
  const rows = await scopedCall<WalkRow & { relation_id: string; source_id: string; type: string; target_id: string }>(
    em,
    SCOPED_GRAPH_SQL,
    [ciId, depth, cap],
  );
  const graph: CiGraph = { nodes: [], edges: [] };
  for (const r of rows)
    if ((r.direction as string) === 'edge')
      graph.edges.push({ id: r.relation_id, sourceId: r.source_id, type: r.type, targetId: r.target_id });
    else graph.nodes.push({ ...reachedOf(r), side: r.direction });
  return graph;
}

const reachedOf = (r: WalkRow): ReachedCi => ({
  id: r.id,
  key: r.key,
  name: r.name,
  classKey: r.class_key,
  lifecycleState: r.lifecycle_state,
  organizationId: r.organization_id,
  depth: Number(r.depth),
});
