import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { FINISHED_STATES } from '../../tickets/domain/ticket-search';
import { TicketLink } from '../../tickets/domain/ticket-link.entity';
import { Ticket } from '../../tickets/domain/ticket.entity';

export const TREND_GROUPINGS = ['service', 'category'] as const;
export type TrendGrouping = (typeof TREND_GROUPINGS)[number];

/** N open incidents of one customer on one service (or category) within the window, none explained by a problem yet. */
export interface IncidentTrend {
  organizationId: string | null;
  groupBy: TrendGrouping;
  value: string;
  incidents: Ticket[];
  /** Stable for the same incidents, so a retried check opens the same problem, not a second one. */
  key: string;
}

/**
 * Trend detection for proactive problem management. An incident already linked `caused_by` to a
 * problem is explained and never counted again, so a trend opens its problem once: the next check
 * finds its incidents linked, and a new incident on the same service starts a new count.
 * The entity manager decides whose incidents are looked at (the trend check runs for every customer).
 */
export async function findIncidentTrends(
  em: EntityManager,
  opts: { threshold: number; windowMs: number; groupBy: TrendGrouping; now: Date },
): Promise<IncidentTrend[]> {
  const since = new Date(opts.now.getTime() - opts.windowMs);
  const recent = await em.find(
    Ticket,
    { type: 'incident', state: { $nin: FINISHED_STATES }, createdAt: { $gte: since }, [opts.groupBy]: { $ne: null } },
    { orderBy: { createdAt: 'asc', id: 'asc' }, limit: 5000 },
  );
  if (!recent.length) return [];
  const explained = new Set(
    (await em.find(TicketLink, { ticketId: { $in: recent.map((t) => t.id) }, kind: 'caused_by' }, { fields: ['ticketId'] })).map(
      (l) => l.ticketId,
    ),
  );
  const groups = new Map<string, Ticket[]>();
  for (const ticket of recent) {
    if (explained.has(ticket.id)) continue;
    // Services and categories are compared without case, as routing compares them.
    const value = String(ticket[opts.groupBy]).toLowerCase();
    const key = `${ticket.organizationId ?? 'internal'}|${value}`;
    groups.set(key, [...(groups.get(key) ?? []), ticket]);
  }
  return [...groups.entries()]
    .filter(([, incidents]) => incidents.length >= opts.threshold)
    .map(([key, incidents]) => ({
      organizationId: incidents[0]!.organizationId ?? null,
      groupBy: opts.groupBy,
      value: String(incidents[0]![opts.groupBy]),
      incidents,
      key: createHash('sha256')
        .update(`${key}|${incidents.map((i) => i.id).join(',')}`)
        .digest('hex')
        .slice(0, 32),
    }));
}
