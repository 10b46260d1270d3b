import type { EntityManager } from '@mikro-orm/postgresql';
import { tenantScopeOn, type TenantScope } from '../../db/tenant';
import { BREAKDOWN_COLUMN, FILTER_COLUMN, type KpiBreakdown, type KpiFilters, type KpiPeriod } from './kpi-dimensions';
import { kpiSegments } from './kpi-segments';
import { backlogFromSums, backlogFromTickets, type BacklogQuery, type BacklogRow } from './backlog-report';
import { selfServiceFromEvents, selfServiceFromSums, type SelfServiceRow } from './self-service-report';

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

export type { BacklogRow } from './backlog-report';

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

export type KpiName = keyof typeof KPI_AGGREGATES;
export const KPI_NAMES = Object.keys(KPI_AGGREGATES) as KpiName[];

/**
 * The same aggregates over partial sums (`ticket_kpi_daily` rows and single tickets' `ticket_kpi_parts`,
 * migrations/Migration20270305000000_ticket_kpi_daily.ts): each a ratio of sums, under the same names.
 */
const ratio = (num: string, den: string, alias: string) => `sum(${num})::float8 / nullif(sum(${den}), 0) as ${alias}`;
export const KPI_ROLLUP_AGGREGATES: Record<KpiName, readonly string[]> = {
  frt: [ratio('frt_business_sum', 'frt_business_n', 'frt_business'), ratio('frt_sum', 'frt_n', 'frt')],
  mttr: [
    ratio('mttr_business_sum', 'mttr_business_n', 'mttr_business'),
    ratio('mttr_sum', 'resolved', 'mttr'),
    ratio('mttr_active_business_sum', 'mttr_business_n', 'mttr_active_business'),
    ratio('mttr_active_sum', 'resolved', 'mttr_active'),
  ],
  slaCompliance: [
    ratio('response_met_n', 'response_n', 'response_compliance'),
    ratio('resolution_met_n', 'resolution_n', 'resolution_compliance'),
  ],
  fcr: [ratio('fcr_n', 'resolved', 'fcr')],
  reopenRate: [ratio('reopened_n', 'resolved', 'reopen_rate')],
  csat: [
    'sum(csat_n)::int as csat_answers',
    ratio('csat_sum', 'csat_n', 'csat_average'),
    ratio('csat_satisfied_n', 'csat_n', 'csat_satisfied'),
  ],
  nps: ['sum(nps_n)::int as nps_answers', '100.0 * sum(nps_promoters - nps_detractors)::float8 / nullif(sum(nps_n), 0) as nps'],
  ces: ['sum(ces_n)::int as ces_answers', ratio('ces_sum', 'ces_n', 'ces_average')],
};

/** The partial sums each KPI reads (besides `created` and `resolved`, which every query sums). */
const KPI_PARTS_READ: Record<KpiName, readonly string[]> = {
  frt: ['frt_business_sum', 'frt_business_n', 'frt_sum', 'frt_n'],
  mttr: ['mttr_business_sum', 'mttr_business_n', 'mttr_sum', 'mttr_active_business_sum', 'mttr_active_sum'],
  slaCompliance: ['response_met_n', 'response_n', 'resolution_met_n', 'resolution_n'],
  fcr: ['fcr_n'],
  reopenRate: ['reopened_n'],
  csat: ['csat_n', 'csat_sum', 'csat_satisfied_n'],
  nps: ['nps_n', 'nps_promoters', 'nps_detractors'],
  ces: ['ces_n', 'ces_sum'],
};

/**
 * KPI reports over the `ticket_kpi` view (migrations/…_ticket_kpis.ts). The view is security_invoker,
 * so row-level security narrows it to the caller's organisations; the same narrowing is also written
 * into each query from the request's tenant scope, so a connection that bypasses RLS (the owner role
 * of a bench or a migration) still reads one tenant only.
 */
export class KpiReports {
  constructor(private readonly em: EntityManager) {}

  /** Every KPI by period and key; `exact` reads each ticket instead of the partial sums (same figures, slower). */
  async summary(q: KpiQuery, exact = false): Promise<KpiRow[]> {
    const rows = await this.aggregate(q, KPI_NAMES, exact);
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
   * Tickets created in [from, to) by period and key with the given KPIs' aggregates: the summary asks
   * for all of them, the benchmark for one KPI at a time. Read from the partial sums unless `exact`.
   */
  async aggregate(q: KpiQuery, kpis: readonly KpiName[], exact = false): Promise<Array<Record<string, unknown>>> {
    return exact ? this.aggregateTickets(q, kpis) : this.aggregateRollup(q, kpis);
  }

  /** The exact path: one row of `ticket_kpi` per ticket. */
  private async aggregateTickets(q: KpiQuery, kpis: readonly KpiName[]): Promise<Array<Record<string, unknown>>> {
    const key = BREAKDOWN_COLUMN[q.by];
    const params: unknown[] = [q.period, q.timeZone, q.from, q.to];
    const where = ['created_at >= ?', 'created_at < ?', ...this.filters(q, params), this.tenant(params)];
    return (await this.em.execute(
      `select to_char(date_trunc(?, created_at at time zone ?), 'YYYY-MM-DD') as period,
        ${key} as key,
        count(*)::int as created,
        count(resolved_at)::int as resolved,
        ${kpis.flatMap((k) => KPI_AGGREGATES[k]).join(',\n        ')}
      from ticket_kpi where ${where.join(' and ')}
      group by 1, 2 order by 1, 2 nulls last`,
      params,
    )) as Array<Record<string, unknown>>;
  }

  /**
   * The partial-sums path. The range is cut into its periods (local midnights of the query's time
   * zone, {@link kpiSegments}); each period's whole UTC days come from `ticket_kpi_daily`, the part-days
   * at its ends (where a local midnight is not a UTC one, or `from`/`to` fall within a day) from those
   * tickets' own parts. A UTC month × group reads only the partial sums.
   */
  private async aggregateRollup(q: KpiQuery, kpis: readonly KpiName[]): Promise<Array<Record<string, unknown>>> {
    const key = BREAKDOWN_COLUMN[q.by];
    const parts = ['created', 'resolved', ...new Set(kpis.flatMap((k) => KPI_PARTS_READ[k]))];
    const { days, edges } = kpiSegments(q.from, q.to, q.period, q.timeZone);
    const params: unknown[] = [];
    const branches: string[] = [];
    if (days.length) {
      // The whole range's bounds beside the join, so the day index narrows the read before the join.
      params.push(...days.flatMap((d) => [d.from, d.to, d.period]), days[0]!.from, days.at(-1)!.to);
      const where = ['day >= ?::date', 'day < ?::date', ...this.filters(q, params), this.tenant(params)];
      branches.push(`select r.period, ${key} as key, ${parts.join(', ')}
          from (values ${days.map(() => '(?::date, ?::date, ?::text)').join(', ')}) r(lo, hi, period)
          join (select * from ticket_kpi_daily where ${where.join(' and ')}) d on d.day >= r.lo and d.day < r.hi`);
    }
    if (edges.length) {
      params.push(...edges.flatMap((e) => [e.from, e.to, e.period]));
      const where = [...this.filters(q, params), this.tenant(params)];
      branches.push(`select r.period, ${key} as key, ${parts.map((c) => `p.${c}`).join(', ')}
          from (values ${edges.map(() => '(?::timestamptz, ?::timestamptz, ?::text)').join(', ')}) r(lo, hi, period)
          join ticket t on t.created_at >= r.lo and t.created_at < r.hi
          cross join lateral ticket_kpi_parts(t) p
         where ${where.join(' and ')}`);
    }
    if (!branches.length) return [];
    return (await this.em.execute(
      `select period, key, sum(created)::int as created, sum(resolved)::int as resolved,
        ${kpis.flatMap((k) => KPI_ROLLUP_AGGREGATES[k]).join(',\n        ')}
      from (${branches.join('\n        union all\n        ')}) x
      group by 1, 2 having sum(created) > 0 order by 1, 2 nulls last`,
      params,
    )) as Array<Record<string, unknown>>;
  }

  /**
   * Customers' self-service in the same periods (their events; the desk's own searches are work, not
   * deflection), by customer or for the whole desk. Nothing of an event names a group, agent, service
   * or priority, so those breakdowns and filters get none (see {@link selfServiceAttributable}).
   * Read from the daily sums unless `exact`.
   */
  async selfService(q: KpiQuery, exact = false): Promise<SelfServiceRow[]> {
    const tenant = (params: unknown[]) => [this.tenant(params)];
    return exact ? selfServiceFromEvents(this.em, q, tenant) : selfServiceFromSums(this.em, q, tenant);
  }

  /**
   * Open tickets at instant `at` by age. "Open at `at`": created by then and not resolved by then;
   * cancelled and rejected tickets never count (they carry no timestamp of when they stopped).
   * Read from the backlog's sums unless `exact`.
   */
  async backlog(q: BacklogQuery, exact = false): Promise<BacklogRow[]> {
    const narrow = (params: unknown[]) => [...this.filters(q, params), this.tenant(params)];
    return exact ? backlogFromTickets(this.em, q, narrow) : backlogFromSums(this.em, q, narrow);
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
