import type { EntityManager } from '@mikro-orm/postgresql';
import { tenantScopeOn, type TenantScope } from '../../db/tenant';
import {
  BACKLOG_BUCKETS,
  BREAKDOWN_COLUMN,
  FILTER_COLUMN,
  type BacklogBucket,
  type KpiBreakdown,
  type KpiFilters,
  type KpiPeriod,
} from './kpi-dimensions';

export interface KpiQuery extends KpiFilters {
  from: Date;
  to: Date;
  period: KpiPeriod;
  by: KpiBreakdown;
  /** IANA zone in which days, weeks and months begin. */
  timeZone: string;
}

/**
 * One row of the summary: tickets created in `period` (a cohort), sliced by `key`. Durations are
 * seconds; business seconds count the hours of the ticket's SLA calendar and are null for tickets
 * without an SLA policy. Rates are 0–1 over the tickets the KPI applies to, null when none does.
 */
export interface KpiRow {
  /** The local date (in the query's time zone) the day, ISO week or month begins on. */
  period: string;
  key: string | null;
  created: number;
  resolved: number;
  firstResponseBusinessAvgS: number | null;
  firstResponseAvgS: number | null;
  resolutionBusinessAvgS: number | null;
  resolutionAvgS: number | null;
  /** MTTR less the time the ticket stood waiting for its caller (business and wall clock). */
  resolutionActiveBusinessAvgS: number | null;
  resolutionActiveAvgS: number | null;
  responseCompliance: number | null;
  resolutionCompliance: number | null;
  firstContactResolution: number | null;
  reopenRate: number | null;
  csatAnswers: number;
  csatAverage: number | null;
  /** Share of answers of 4 or 5 (the usual CSAT score). */
  csatSatisfied: number | null;
  npsAnswers: number;
  /** Net promoter score in points (−100…100): % of 9–10 answers less % of 0–6 answers. */
  nps: number | null;
  cesAnswers: number;
  /** Mean customer effort score, 1 (very easy) to 7. */
  cesAverage: number | null;
  /** Customers' knowledge-base searches, article views and "this solved my problem" in the period. */
  kbSearches: number | null;
  kbViews: number | null;
  kbDeflections: number | null;
  /** Deflections over would-be tickets: deflections / (deflections + tickets created). */
  deflectionRate: number | null;
  /** Searches and article views per ticket created. */
  selfServicePerTicket: number | null;
}

export type BacklogRow = { key: string | null; total: number } & Record<BacklogBucket, number>;

/**
 * The aggregate columns of each KPI over `ticket_kpi`, by name: fixed SQL, never caller text. The
 * summary selects them all in one pass; kept apart so each KPI's own query can be measured alone.
 */
export const KPI_AGGREGATES = {
  frt: ['avg(first_response_business_s)::float8 as frt_business', 'avg(first_response_s)::float8 as frt'],
  mttr: [
    'avg(resolution_business_s)::float8 as mttr_business',
    'avg(resolution_s)::float8 as mttr',
    'avg(resolution_active_business_s)::float8 as mttr_active_business',
    'avg(resolution_active_s)::float8 as mttr_active',
  ],
  slaCompliance: [
    '(count(*) filter (where response_met))::float8 / nullif(count(response_met), 0) as response_compliance',
    '(count(*) filter (where resolution_met))::float8 / nullif(count(resolution_met), 0) as resolution_compliance',
  ],
  fcr: ['(count(*) filter (where first_contact_resolved))::float8 / nullif(count(first_contact_resolved), 0) as fcr'],
  reopenRate: ['(count(*) filter (where reopened and resolved_at is not null))::float8 / nullif(count(resolved_at), 0) as reopen_rate'],
  csat: [
    'count(satisfaction)::int as csat_answers',
    'avg(satisfaction)::float8 as csat_average',
    '(count(*) filter (where satisfaction >= 4))::float8 / nullif(count(satisfaction), 0) as csat_satisfied',
  ],
  nps: [
    'count(nps)::int as nps_answers',
    '100.0 * ((count(*) filter (where nps >= 9)) - (count(*) filter (where nps <= 6)))::float8 / nullif(count(nps), 0) as nps',
  ],
  ces: ['count(ces)::int as ces_answers', 'avg(ces)::float8 as ces_average'],
} as const satisfies Record<string, readonly string[]>;

/**
 * KPI reports over the `ticket_kpi` view (migrations/…_ticket_kpis.ts). The view is security_invoker,
 * so row-level security narrows it to the caller's organisations; the same narrowing is also written
 * into each query from the request's tenant scope, so a connection that bypasses RLS (the owner role
 * of a bench or a migration) still reads one tenant only.
 */
export class KpiReports {
  constructor(private readonly em: EntityManager) {}

  async summary(q: KpiQuery): Promise<KpiRow[]> {
    const rows = await this.aggregate(q, Object.values(KPI_AGGREGATES).flat());
    return rows.map((r) => ({
      period: String(r.period),
      key: (r.key as string | null) ?? null,
      created: Number(r.created),
      resolved: Number(r.resolved),
      firstResponseBusinessAvgS: num(r.frt_business),
      firstResponseAvgS: num(r.frt),
      resolutionBusinessAvgS: num(r.mttr_business),
      resolutionAvgS: num(r.mttr),
      resolutionActiveBusinessAvgS: num(r.mttr_active_business),
      resolutionActiveAvgS: num(r.mttr_active),
      responseCompliance: num(r.response_compliance),
      resolutionCompliance: num(r.resolution_compliance),
      firstContactResolution: num(r.fcr),
      reopenRate: num(r.reopen_rate),
      csatAnswers: Number(r.csat_answers),
      csatAverage: num(r.csat_average),
      csatSatisfied: num(r.csat_satisfied),
      npsAnswers: Number(r.nps_answers),
      nps: num(r.nps),
      cesAnswers: Number(r.ces_answers),
      cesAverage: num(r.ces_average),
      ...NO_SELF_SERVICE,
    }));
  }

  /**
   * Tickets created in [from, to) by period and key with the given aggregates (from
   * {@link KPI_AGGREGATES}): the summary asks for all of them, the benchmark for one KPI at a time.
   */
  async aggregate(q: KpiQuery, aggregates: readonly string[]): Promise<Array<Record<string, unknown>>> {
    const key = BREAKDOWN_COLUMN[q.by];
    const params: unknown[] = [q.period, q.timeZone, q.from, q.to];
    const where = ['created_at >= ?', 'created_at < ?', ...this.filters(q, params), this.tenant(params)];
    return (await this.em.execute(
      `select to_char(date_trunc(?, created_at at time zone ?), 'YYYY-MM-DD') as period,
        ${key} as key,
        count(*)::int as created,
        count(resolved_at)::int as resolved,
        ${aggregates.join(',\n        ')}
      from ticket_kpi where ${where.join(' and ')}
      group by 1, 2 order by 1, 2 nulls last`,
      params,
    )) as Array<Record<string, unknown>>;
  }

  /**
   * Customers' self-service in the same periods (their events; the desk's own searches are work, not
   * deflection), by customer or for the whole desk. Nothing of an event names a group, agent, service
   * or priority, so those breakdowns and filters get none (see {@link selfServiceAttributable}).
   */
  async selfService(q: KpiQuery): Promise<Array<{ period: string; key: string; searches: number; views: number; deflections: number }>> {
    const params: unknown[] = [q.period, q.timeZone, q.from, q.to];
    const where = ['at >= ?', 'at < ?', 'organization_id is not null', this.tenant(params)];
    if (q.customer !== undefined) {
      where.push('organization_id::text = ?');
      params.push(q.customer);
    }
    const key = q.by === 'customer' ? 'organization_id::text' : "''";
    const rows = (await this.em.execute(
      `select to_char(date_trunc(?, at at time zone ?), 'YYYY-MM-DD') as period, ${key} as key,
        (count(*) filter (where kind = 'search'))::int as searches,
        (count(*) filter (where kind = 'view'))::int as views,
        (count(*) filter (where kind = 'deflection'))::int as deflections
      from kb_event where ${where.join(' and ')} group by 1, 2`,
      params,
    )) as Array<Record<string, unknown>>;
    return rows.map((r) => ({
      period: String(r.period),
      key: String(r.key),
      searches: Number(r.searches),
      views: Number(r.views),
      deflections: Number(r.deflections),
    }));
  }

  /**
   * Open tickets at instant `at` by age. "Open at `at`": created by then and not resolved by then;
   * cancelled and rejected tickets never count (they carry no timestamp of when they stopped).
   */
  async backlog(q: KpiFilters & { at: Date; by: KpiBreakdown }): Promise<BacklogRow[]> {
    const key = BREAKDOWN_COLUMN[q.by];
    const params: unknown[] = [];
    const buckets: string[] = [];
    let lower: number | null = null;
    for (const bucket of BACKLOG_BUCKETS) {
      const conds = [
        lower === null ? null : `age >= interval '${lower} days'`,
        bucket.days === null ? null : `age < interval '${bucket.days} days'`,
      ];
      buckets.push(`(count(*) filter (where ${conds.filter(Boolean).join(' and ')}))::int as "${bucket.key}"`);
      lower = bucket.days;
    }
    params.push(q.at, q.at, q.at);
    const where = [
      'created_at <= ?',
      '(resolved_at is null or resolved_at > ?)',
      "state not in ('cancelled', 'rejected')",
      ...this.filters(q, params),
      this.tenant(params),
    ];
    const rows = (await this.em.execute(
      `select key, count(*)::int as total, ${buckets.join(', ')}
       from (select ${key} as key, ?::timestamptz - created_at as age from ticket_kpi where ${where.join(' and ')}) open_tickets
       group by key order by key nulls last`,
      params,
    )) as Array<Record<string, unknown>>;
    return rows.map((r) => {
      const row = { key: (r.key as string | null) ?? null, total: Number(r.total) } as BacklogRow;
      for (const b of BACKLOG_BUCKETS) row[b.key] = Number(r[b.key]);
      return row;
    });
  }

  private filters(q: KpiFilters, params: unknown[]): string[] {
    const out: string[] = [];
    for (const [name, column] of Object.entries(FILTER_COLUMN) as Array<[keyof KpiFilters, string]>) {
      const value = q[name];
      if (value === undefined) continue;
      out.push(`${column} = ?`);
      params.push(value);
    }
    return out;
  }

  private tenant(params: unknown[]): string {
    const scope: TenantScope | undefined = tenantScopeOn(this.em);
    // Fail closed, as the ORM filter does: no scope, no rows.
    if (!scope) return 'false';
    if (scope.all) return 'true';
    params.push(JSON.stringify(scope.organizationIds));
    const own = 'organization_id::text = any (array(select jsonb_array_elements_text(?::jsonb)))';
    return scope.includeUnowned ? `(${own} or organization_id is null)` : own;
  }
}

const NO_SELF_SERVICE = { kbSearches: null, kbViews: null, kbDeflections: null, deflectionRate: null, selfServicePerTicket: null };

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
