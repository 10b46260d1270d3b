import type { EntityManager } from '@mikro-orm/postgresql';
import { Gauge, type Registry } from 'prom-client';
import type { Orm } from '../db/orm';
import { setTenantScope, TenantScope } from '../db/tenant';
import { FINISHED_STATES } from '../tickets/domain/ticket-search';

// Counts only, over every customer: no organisation, ticket or person is ever a label, so a scrape
// says how busy the desk is and nothing about whose work it is. Three indexed aggregates per scrape.
const OPEN_TICKETS = `select type, state, priority, count(*)::int as n from ticket
  where state not in (?) group by type, state, priority`;
const BREACHES = `select type, priority, count(*)::int as n from ticket
  where state not in (?) and sla_breached_at is not null group by type, priority`;
const INCIDENTS = `select count(*)::int as instances, coalesce(sum(open_incident_count), 0)::int as incidents
  from process_instance_projection where open_incident_count > 0 and ended_at is null`;

/**
 * The desk's own gauges, computed when Prometheus scrapes (no timer in the API, nothing to keep in step
 * between nodes: every node answers the same numbers from the one database).
 */
export function registerDomainGauges(registry: Registry, orm: Orm): () => Promise<void> {
  const openTickets = new Gauge({
    name: 'flowdesk_open_tickets',
    help: 'Tickets not yet resolved, closed, cancelled or rejected, by type, state and priority',
    labelNames: ['type', 'state', 'priority'] as const,
    registers: [registry],
  });
  const breaches = new Gauge({
    name: 'flowdesk_sla_breached_open_tickets',
    help: 'Open tickets whose SLA is breached, by type and priority',
    labelNames: ['type', 'priority'] as const,
    registers: [registry],
  });
  const incidents = new Gauge({
    name: 'flowdesk_process_incidents_open',
    help: 'Open process incidents (failed steps waiting for a retry or a fix) over all running instances',
    registers: [registry],
  });
  const instancesWithIncidents = new Gauge({
    name: 'flowdesk_process_instances_with_incidents',
    help: 'Running process instances with at least one open incident',
    registers: [registry],
  });
  return async () => {
    const em = orm.em.fork() as EntityManager;
    setTenantScope(em, TenantScope.all('metrics: counts over every customer, no identities'));
    const finished = [...FINISHED_STATES];
    const { tickets, breached, stuck } = await em.transactional(async (tx) => ({
      tickets: (await tx.execute(OPEN_TICKETS, [finished])) as Array<{ type: string; state: string; priority: string | null; n: number }>,
      breached: (await tx.execute(BREACHES, [finished])) as Array<{ type: string; priority: string | null; n: number }>,
      stuck: ((await tx.execute(INCIDENTS)) as Array<{ instances: number; incidents: number }>)[0],
    }));
    openTickets.reset();
    for (const r of tickets) openTickets.set({ type: r.type, state: r.state, priority: r.priority ?? 'none' }, r.n);
    breaches.reset();
    for (const r of breached) breaches.set({ type: r.type, priority: r.priority ?? 'none' }, r.n);
    incidents.set(stuck?.incidents ?? 0);
    instancesWithIncidents.set(stuck?.instances ?? 0);
  };
}
