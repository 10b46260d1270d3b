import type { EntityManager } from '@mikro-orm/postgresql';
import { NotFound } from '../../errors';
import { graphAround, walkFrom, type ReachedCi } from './impact-analysis';

/** At most this many CIs per direction: an answer the desk can still read, and a bound on the work. */
export const IMPACT_CAP = 5000;

export type CiSummary = Omit<ReachedCi, 'depth'>;

export interface Impact {
  ci: CiSummary;
  depth: number;
  /** What is hit when this CI fails: the CIs that need it, directly or not. */
  upstream: ReachedCi[];
  /** What this CI needs, directly or not. */
  downstream: ReachedCi[];
  /** The business services among the upstream CIs: the blast radius in the customer's words. */
  services: ReachedCi[];
  /** True when a direction reached its cap of CIs and stopped there. */
  truncated: boolean;
}

/** Impact analysis and the neighbourhood graph of a CI, within what the caller may see. */
export class ImpactService {
  constructor(private readonly em: EntityManager) {}

  /** The CI and both walks: one statement, one round trip (see walkFrom). */
  async impact(id: string, depth: number, directions: { upstream: boolean; downstream: boolean }, cap = IMPACT_CAP): Promise<Impact> {
    const { self, upstream, downstream } = await walkFrom(
      this.em,
      id,
      { upstream: directions.upstream ? depth : 0, downstream: directions.downstream ? depth : 0 },
      cap,
    );
    if (!self) throw new NotFound('CI_NOT_FOUND', `there is no configuration item ${id}`);
    const { depth: _self, ...ci } = self;
    return {
      ci,
      depth,
      upstream,
      downstream,
      services: upstream.filter((c) => c.classKey === 'business_service'),
      truncated: upstream.length >= cap || downstream.length >= cap,
    };
  }

  /**
   * Nodes and edges for the UI: the CI, what is within `depth` of it either way (each node marked
   * with its side and distance), at most `cap` nodes, and every relation among them. One round trip.
   */
  async graph(id: string, depth: number, cap: number) {
    const { nodes, edges } = await graphAround(this.em, id, depth, cap);
    if (!nodes.some((n) => n.side === 'self')) throw new NotFound('CI_NOT_FOUND', `there is no configuration item ${id}`);
    // The walk stops a side once it has seen `cap` CIs; reaching the cap in nodes means there may be more.
    return { nodes, edges, truncated: nodes.length >= cap };
  }
}
