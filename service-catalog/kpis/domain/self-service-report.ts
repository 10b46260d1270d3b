import type { EntityManager } from '@mikro-orm/postgresql';
import type { KpiBreakdown, KpiFilters, KpiPeriod } from './kpi-dimensions';
import { kpiSegments } from './kpi-segments';
import type { Narrowing } from './backlog-report';

export interface SelfServiceQuery extends Pick<KpiFilters, 'customer'> {
  from: Date;
  to: Date;
  period: KpiPeriod;
  by: KpiBreakdown;
  timeZone: string;
}

export interface SelfServiceRow {
  period: string;
  key: string;
  searches: number;
  views: number;
  deflections: number;
}

const COUNTS = `(count(*) filter (where kind = 'search'))::int as searches,
        (count(*) filter (where kind = 'view'))::int as views,
        (count(*) filter (where kind = 'deflection'))::int as deflections`;

/** The exact path: customers' events (the desk's own searches are work, not deflection) by period and key. */
export async function selfServiceFromEvents(em: EntityManager, q: SelfServiceQuery, tenant: Narrowing): Promise<SelfServiceRow[]> {
  const params: unknown[] = [q.period, q.timeZone, q.from, q.to];
  const where = ['at >= ?', 'at < ?', 'organization_id is not null', ...tenant(params), ...customer(q, params)];
  return rows(
    await em.execute(
      `select to_char(date_trunc(?, at at time zone ?), 'YYYY-MM-DD') as period, ${keyOf(q)} as key, ${COUNTS}
      from kb_event where ${where.join(' and ')} group by 1, 2`,
      params,
    ),
  );
}

/**
 * The same figures from `kb_event_daily` (migrations/Migration20270503000000_backlog_and_deflection_daily.ts):
 * each period's whole UTC days from the sums, the part-days at its edges (another zone's midnight, or
 * a range bound within a day) from the events, as the ticket KPIs cut them ({@link kpiSegments}).
 */
export async function selfServiceFromSums(em: EntityManager, q: SelfServiceQuery, tenant: Narrowing): Promise<SelfServiceRow[]> {
  const key = keyOf(q);
  const { days, edges } = kpiSegments(q.from, q.to, q.period, q.timeZone);
  const params: unknown[] = [];
  const branches: string[] = [];
  if (days.length) {
    params.push(...days.flatMap((d) => [d.from, d.to, d.period]), days[0]!.from, days.at(-1)!.to);
    const where = ['day >= ?::date', 'day < ?::date', ...tenant(params), ...customer(q, params)];
    branches.push(`select r.period, ${key} as key, searches, views, deflections
        from (values ${days.map(() => '(?::date, ?::date, ?::text)').join(', ')}) r(lo, hi, period)
        join (select * from kb_event_daily where ${where.join(' and ')}) d on d.day >= r.lo and d.day < r.hi`);
  }
  if (edges.length) {
    params.push(...edges.flatMap((e) => [e.from, e.to, e.period]));
    const where = ['organization_id is not null', ...tenant(params), ...customer(q, params)];
    branches.push(`select r.period, ${key} as key, ${COUNTS}
        from (values ${edges.map(() => '(?::timestamptz, ?::timestamptz, ?::text)').join(', ')}) r(lo, hi, period)
        join kb_event e on e.at >= r.lo and e.at < r.hi
       where ${where.join(' and ')} group by 1, 2`);
  }
  if (!branches.length) return [];
  return rows(
    await em.execute(
      `select period, key, sum(searches)::int as searches, sum(views)::int as views, sum(deflections)::int as deflections
      from (${branches.join('\n        union all\n        ')}) x
      group by 1, 2 having sum(searches + views + deflections) > 0`,
      params,
    ),
  );
}

/** Nothing of an event names a group, agent, service or priority: by customer, or the whole desk. */
const keyOf = (q: SelfServiceQuery) => (q.by === 'customer' ? 'organization_id::text' : "''");

function customer(q: SelfServiceQuery, params: unknown[]): string[] {
  if (q.customer === undefined) return [];
  params.push(q.customer);
  return ['organization_id::text = ?'];
}

function rows(result: unknown): SelfServiceRow[] {
  return (result as Array<Record<string, unknown>>).map((r) => ({
    period: String(r.period),
    key: String(r.key),
    searches: Number(r.searches),
    views: Number(r.views),
    deflections: Number(r.deflections),
  }));
}
