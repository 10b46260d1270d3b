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
  responseCompliance: number | null;
  resolutionCompliance: number | null;
  firstContactResolution: number | null;
  reopenRate: number | null;
  csatAnswers: number;
  csatAverage: number | null;
  /** Share of answers of 4 or 5 (the usual CSAT score). */
  csatSatisfied: number | null;
}

export type BacklogRow = { key: string | null; total: number } & Record<BacklogBucket, number>;

/**
 * KPI reports over the `ticket_kpi` view (migrations/…_ticket_kpis.ts). The view is security_invoker,
 * so row-level security narrows it to the caller's organisations; the same narrowing is also written
 * into each query from the request's tenant scope, so a connection that bypasses RLS (the owner role
 * of a bench or a migration) still reads one tenant only.
 */
export class KpiReports {
  constructor(private readonly em: EntityManager) {}

  async summary(q: KpiQuery): Promise<KpiRow[]> {
    const key = BREAKDOWN_COLUMN[q.by];
    const params: unknown[] = [q.period, q.timeZone, q.from, q.to];
    const where = ['created_at >= ?', 'created_at < ?', ...this.filters(q, params), this.tenant(params)];
    const rows = (await this.em.execute(
      `select to_char(date_trunc(?, created_at at time zone ?), 'YYYY-MM-DD') as period,
        ${key} as key,
        count(*)::int as created,
        count(resolved_at)::int as resolved,
        avg(first_response_business_s)::float8 as frt_business,
        avg(first_response_s)::float8 as frt,
        avg(resolution_business_s)::float8 as mttr_business,
        avg(resolution_s)::float8 as mttr,
        (count(*) filter (where response_met))::float8 / nullif(count(response_met), 0) as response_compliance,
        (count(*) filter (where resolution_met))::float8 / nullif(count(resolution_met), 0) as resolution_compliance,
        (count(*) filter (where first_contact_resolved))::float8 / nullif(count(first_contact_resolved), 0) as fcr,
        (count(*) filter (where reopened and resolved_at is not null))::float8 / nullif(count(resolved_at), 0) as reopen_rate,
        count(satisfaction)::int as csat_answers,
        avg(satisfaction)::float8 as csat_average,
        (count(*) filter (where satisfaction >= 4))::float8 / nullif(count(satisfaction), 0) as csat_satisfied
      from ticket_kpi where ${where.join(' and ')}
      group by 1, 2 order by 1, 2 nulls last`,
      params,
    )) as Array<Record<string, unknown>>;
    return rows.map((r) => ({
      period: String(r.period),
      key: (r.key as string | null) ?? null,
      created: Number(r.created),
      resolved: Number(r.resolved),
      firstResponseBusinessAvgS: num(r.frt_business),
      firstResponseAvgS: num(r.frt),
      resolutionBusinessAvgS: num(r.mttr_business),
      resolutionAvgS: num(r.mttr),
      responseCompliance: num(r.response_compliance),
      resolutionCompliance: num(r.resolution_compliance),
      firstContactResolution: num(r.fcr),
      reopenRate: num(r.reopen_rate),
      csatAnswers: Number(r.csat_answers),
      csatAverage: num(r.csat_average),
      csatSatisfied: num(r.csat_satisfied),
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

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
