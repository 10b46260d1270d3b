import type { EntityManager } from '@mikro-orm/postgresql';
import { CiService } from './ci-service';
import type { ConfigurationItem } from './configuration-item.entity';
import { relationsAmong, walkFrom, type ReachedCi } from './impact-analysis';

/** At most this many CIs per direction: an answer the desk can still read, and a bound on the work. */
export const IMPACT_CAP = 5000;

export interface Impact {
  ci: ConfigurationItem;
  depth: number;
  /** What is hit when this CI fails: the CIs that need it, directly or not. */
  upstream: ReachedCi[];
  /** What this CI needs, directly or not. */
  downstream: ReachedCi[];
  /** The business services among the upstream CIs: the blast radius in the customer's words. */
  services: ReachedCi[];
  /** True when a direction reached {@link IMPACT_CAP} CIs and stopped there. */
  truncated: boolean;
}

/** Impact analysis and the neighbourhood graph of a CI, within what the caller may see. */
export class ImpactService {
  constructor(private readonly em: EntityManager) {}

  /** The CI's read and both walks in one transaction: one tenant-scope setup, not one per statement. */
  async impact(id: string, depth: number, directions: { upstream: boolean; downstream: boolean }): Promise<Impact> {
    return this.em.transactional(async (tx) => {
      const ci = await new CiService(tx).get(id);
      const { upstream, downstream } = await walkFrom(
        tx,
        id,
        { upstream: directions.upstream ? depth : 0, downstream: directions.downstream ? depth : 0 },
        IMPACT_CAP,
      );
      return {
        ci,
        depth,
        upstream,
        downstream,
        services: upstream.filter((c) => c.classKey === 'business_service'),
        truncated: upstream.length >= IMPACT_CAP || downstream.length >= IMPACT_CAP,
      };
    });
  }

  /**
   * Nodes and edges for the UI: the CI, what is within `depth` of it either way (each node marked
   * with its side and distance), and every relation among them.
   */
  async graph(id: string, depth: number, cap: number) {
    const impact = await this.impact(id, depth, { upstream: true, downstream: true });
    const centre = impact.ci;
    const nodes = new Map<string, ReachedCi & { side: 'self' | 'upstream' | 'downstream' }>();
    nodes.set(centre.id, {
      id: centre.id,
      key: centre.key,
      name: centre.name,
      classKey: centre.classKey,
      lifecycleState: centre.lifecycleState,
      organizationId: centre.organizationId ?? null,
      depth: 0,
      side: 'self',
    });
    for (const [side, list] of [
      ['upstream', impact.upstream],
      ['downstream', impact.downstream],
    ] as const)
      for (const n of list) if (!nodes.has(n.id) && nodes.size < cap) nodes.set(n.id, { ...n, side });
    const edges = await relationsAmong(this.em, [...nodes.keys()]);
    return { nodes: [...nodes.values()], edges, truncated: impact.truncated || nodes.size >= cap };
  }
}
