import type { EntityManager } from '@mikro-orm/postgresql';
import { ConfigurationItem } from '../../cmdb/domain/configuration-item.entity';
import { walkFrom } from '../../cmdb/domain/impact-analysis';
import { TicketCiLink } from '../../cmdb/domain/ticket-ci-link.entity';
import { tenantScopeOn } from '../../db/tenant';

/** How far along the CMDB's relations two changes' CIs still collide, unless asked otherwise. */
export const CI_CONFLICT_DEPTH = 2;
/** The most a caller may ask for: a wider walk finds half the estate, which is no conflict worth naming. */
export const MAX_CI_CONFLICT_DEPTH = 5;
/** CIs per direction and per CI of the change: bounds the walk on a dense graph. */
const WALK_CAP = 2000;

type CiRef = { id: string; key: string; name: string };

/** Another change whose CI is the same as, or within the depth of, one of this change's CIs, with an overlapping window. */
export interface CiConflict {
  number: string;
  title: string;
  state: string;
  plannedStartAt: Date;
  plannedEndAt: Date;
  /** The other change's CI. */
  ci: CiRef;
  /** This change's CI it collides through. */
  via: CiRef;
  /** Where `ci` lies from `via`: the same CI, upstream (it needs `via`) or downstream (`via` needs it). */
  relation: 'same' | 'upstream' | 'downstream';
  /** Relations between the two (0: the same CI). */
  depth: number;
}

interface Reach {
  via: string;
  relation: CiConflict['relation'];
  depth: number;
}

/**
 * Changes that touch the same CI as this one, or a CI that depends on it or that it depends on within
 * `depth` relations (the CMDB walk, cmdb_scoped_walk: in the caller's tenant scope, so a customer never
 * learns of another's CIs or changes), whose windows overlap [start, end). Each other change once, by
 * its nearest collision. Without a tenant scope on `em` (no walk can run) only the same CIs count.
 */
export async function ciConflicts(
  em: EntityManager,
  change: { id: string },
  window: { start: Date; end: Date },
  finished: readonly string[],
  depth = CI_CONFLICT_DEPTH,
): Promise<CiConflict[]> {
  const links = await em.find(TicketCiLink, { ticketId: change.id });
  if (!links.length) return [];
  const reach = new Map<string, Reach>();
  const consider = (id: string, r: Reach) => {
    const known = reach.get(id);
    if (!known || known.depth > r.depth) reach.set(id, r);
  };
  for (const { ciId } of links) {
    consider(ciId, { via: ciId, relation: 'same', depth: 0 });
    if (depth <= 0 || !tenantScopeOn(em)) continue;
    const walk = await walkFrom(em, ciId, { upstream: depth, downstream: depth }, WALK_CAP);
    for (const c of walk.upstream) consider(c.id, { via: ciId, relation: 'upstream', depth: c.depth });
    for (const c of walk.downstream) consider(c.id, { via: ciId, relation: 'downstream', depth: c.depth });
  }
  const rows = (await em.execute(
    `select t.number, t.title, t.state, t.planned_start_at, t.planned_end_at, l.ci_id
     from ticket t join ticket_ci_link l on l.ticket_id = t.id
     where t.type = 'change' and t.id <> ? and t.state <> all (array(select jsonb_array_elements_text(?::jsonb)))
       and t.planned_start_at < ? and t.planned_end_at > ?
       and l.ci_id = any (array(select (jsonb_array_elements_text(?::jsonb))::uuid))
     order by t.planned_start_at, t.number limit 500`,
    [change.id, JSON.stringify(finished), window.end, window.start, JSON.stringify([...reach.keys()])],
  )) as Array<{ number: string; title: string; state: string; planned_start_at: Date; planned_end_at: Date; ci_id: string }>;
  const nearest = new Map<string, (typeof rows)[number] & Reach>();
  for (const row of rows) {
    const r = reach.get(row.ci_id)!;
    const known = nearest.get(row.number);
    if (!known || known.depth > r.depth) nearest.set(row.number, { ...row, ...r });
  }
  const ids = [...new Set([...nearest.values()].flatMap((n) => [n.ci_id, n.via]))];
  const cis = new Map((ids.length ? await em.find(ConfigurationItem, { id: { $in: ids } }) : []).map((c) => [c.id, c]));
  const ref = (id: string): CiRef => ({ id, key: cis.get(id)?.key ?? id, name: cis.get(id)?.name ?? id });
  return [...nearest.values()].slice(0, 50).map((n) => ({
    number: n.number,
    title: n.title,
    state: n.state,
    plannedStartAt: new Date(n.planned_start_at),
    plannedEndAt: new Date(n.planned_end_at),
    ci: ref(n.ci_id),
    via: ref(n.via),
    relation: n.relation,
    depth: n.depth,
  }));
}
