import { Migration } from '@mikro-orm/migrations';

/** The KPI partial sums, under the tenant policy like the tickets they sum. */
export const KPI_ROLLUP_TENANT_TABLES = ['ticket_kpi_daily'] as const;

/**
 * Each ticket's contribution to the KPI partial sums: the same definitions as the `ticket_kpi` view
 * (Migration20261230000000_kpi_surveys_and_pauses), as counts and sums that add up over any set of
 * tickets. `created` counts the ticket; every `_n` counts the tickets a KPI applies to, every `_sum`
 * adds their values; MTTR and its active variant, FCR and the reopen rate are over `resolved`.
 */
export const KPI_PARTS: ReadonlyArray<readonly [column: string, expression: string]> = [
  ['created', '1'],
  ['resolved', '(t.resolved_at is not null)::int'],
  ['frt_business_sum', 'coalesce(t.first_response_business_s, 0)'],
  ['frt_business_n', '(t.first_response_business_s is not null)::int'],
  ['frt_sum', 'coalesce(extract(epoch from t.first_responded_at - t.created_at)::bigint, 0)'],
  ['frt_n', '(t.first_responded_at is not null)::int'],
  ['mttr_business_sum', 'coalesce(t.resolution_business_s, 0)'],
  ['mttr_business_n', '(t.resolution_business_s is not null)::int'],
  ['mttr_sum', 'coalesce(extract(epoch from t.resolved_at - t.created_at)::bigint, 0)'],
  ['mttr_active_business_sum', 'coalesce(greatest(0, t.resolution_business_s - t.paused_business_s), 0)'],
  [
    'mttr_active_sum',
    'case when t.resolved_at is not null then greatest(0, extract(epoch from t.resolved_at - t.created_at)::bigint - t.paused_s) else 0 end',
  ],
  ['response_n', '(t.response_due_at is not null)::int'],
  [
    'response_met_n',
    '(t.response_due_at is not null and t.first_responded_at is not null and t.first_responded_at <= t.response_due_at)::int',
  ],
  ['resolution_n', '(t.resolution_due_at is not null and t.resolved_at is not null)::int'],
  ['resolution_met_n', '(t.resolution_due_at is not null and t.resolved_at is not null and t.resolved_at <= t.resolution_due_at)::int'],
  ['fcr_n', '(t.resolved_at is not null and t.reopen_count = 0 and t.group_handoffs = 0)::int'],
  ['reopened_n', '(t.resolved_at is not null and t.reopen_count > 0)::int'],
  ['csat_n', '(t.satisfaction is not null)::int'],
  ['csat_sum', 'coalesce(t.satisfaction, 0)'],
  ['csat_satisfied_n', 'coalesce(t.satisfaction >= 4, false)::int'],
  ['nps_n', '(t.survey_nps is not null)::int'],
  ['nps_promoters', 'coalesce(t.survey_nps >= 9, false)::int'],
  ['nps_detractors', 'coalesce(t.survey_nps <= 6, false)::int'],
  ['ces_n', '(t.survey_ces is not null)::int'],
  ['ces_sum', 'coalesce(t.survey_ces, 0)'],
];

/** The ticket columns the parts and the rollup's key read: a write that changes none of them leaves the sums alone. */
const READ_COLUMNS = [
  'organization_id',
  'created_at',
  'assignment_group',
  'assignee_id',
  'service',
  'priority',
  'resolved_at',
  'first_responded_at',
  'first_response_business_s',
  'resolution_business_s',
  'paused_s',
  'paused_business_s',
  'response_due_at',
  'resolution_due_at',
  'reopen_count',
  'group_handoffs',
  'satisfaction',
  'survey_nps',
  'survey_ces',
];

const KEY = 'organization_id, day, assignment_group, assignee_id, service, priority';

/** A row's key in the sums as one comparable text (nulls first), for locking two rows in a fixed order. */
const sortKey = (row: 'old' | 'new') =>
  `concat_ws('|', coalesce(${row}.organization_id::text, ''), (${row}.created_at at time zone 'UTC')::date::text, coalesce(${row}.assignment_group, ''), coalesce(${row}.assignee_id::text, ''), coalesce(${row}.service, ''), coalesce(${row}.priority, ''))`;

/**
 * KPI partial sums per (customer, UTC day of creation, group, agent, service, priority), issue 20's
 * benchmark: a month × group breakdown read ~4,000 tickets per group from the view; the same figures
 * come from ~30 rows per group-month here, because every KPI is a ratio of counts and sums that add up.
 *
 * Kept current by a trigger on `ticket`, not a schedule: never stale, nothing to run once per cluster,
 * and a write changes the sums in its own transaction (a rolled-back write never counted). The trigger
 * takes the old row's parts out and puts the new row's in, in the row of each one's key (a reassignment
 * moves the ticket from one row to another); writes that change nothing the parts read skip it. It
 * writes past row-level security (only the sums of the ticket being written, which passed its own
 * policy); reading is under the tenant policy on `organization_id`, as reading the tickets is.
 *
 * Days are UTC days; the report reads whole UTC days inside a period from here and the part-days at a
 * period's edges (another time zone's midnight) from the tickets (service-catalog/kpis/domain/kpi-reports.ts).
 */
export class Migration20270305000000_ticket_kpi_daily extends Migration {
  override name = 'Migration20270305000000_ticket_kpi_daily';

  override up(): void {
    this.addSql(`create table ticket_kpi_daily (
      organization_id uuid null,
      day date not null,
      assignment_group text null,
      assignee_id uuid null,
      service text null,
      priority text null,
      ${KPI_PARTS.map(([c]) => `${c} bigint not null default 0`).join(',\n      ')},
      constraint ticket_kpi_daily_key unique nulls not distinct (${KEY})
    )`);
    this.addSql('create index ticket_kpi_daily_day_index on ticket_kpi_daily (day)');
    for (const table of KPI_ROLLUP_TENANT_TABLES) {
      this.addSql(`alter table ${table} enable row level security`);
      this.addSql(`alter table ${table} force row level security`);
      this.addSql(
        `create policy tenant_isolation on ${table} using (flowdesk_tenant_visible(organization_id)) with check (flowdesk_tenant_visible(organization_id))`,
      );
    }

    // One ticket's parts (inlined where it is called from a query).
    this.addSql(`create function ticket_kpi_parts(t ticket) returns table (${KPI_PARTS.map(([c]) => `${c} bigint`).join(', ')})
      language sql immutable parallel safe as $$ select ${KPI_PARTS.map(([, e]) => `(${e})::bigint`).join(', ')} $$`);

    this.addSql(`create function ticket_kpi_daily_add(t ticket, sign int) returns void language sql as $$
      insert into ticket_kpi_daily as d (${KEY}, ${KPI_PARTS.map(([c]) => c).join(', ')})
      select t.organization_id, (t.created_at at time zone 'UTC')::date, t.assignment_group, t.assignee_id, t.service, t.priority,
             ${KPI_PARTS.map(([c]) => `sign * p.${c}`).join(', ')}
        from ticket_kpi_parts(t) p
      on conflict on constraint ticket_kpi_daily_key do update set
        ${KPI_PARTS.map(([c]) => `${c} = d.${c} + excluded.${c}`).join(',\n        ')}
    $$`);
    this.addSql(`create function ticket_kpi_daily_follow() returns trigger language plpgsql
      set flowdesk.tenant_bypass = 'KPI partial sums follow the ticket being written' as $$
      begin
        if tg_op = 'INSERT' then perform ticket_kpi_daily_add(new, 1);
        elsif tg_op = 'DELETE' then perform ticket_kpi_daily_add(old, -1);
        -- A move between two rows locks them in key order, so two tickets moving opposite ways cannot deadlock.
        elsif ${sortKey('old')} <= ${sortKey('new')} then
          perform ticket_kpi_daily_add(old, -1);
          perform ticket_kpi_daily_add(new, 1);
        else
          perform ticket_kpi_daily_add(new, 1);
          perform ticket_kpi_daily_add(old, -1);
        end if;
        return null;
      end $$`);
    this.addSql(
      'create trigger ticket_kpi_daily_insert_delete after insert or delete on ticket for each row execute function ticket_kpi_daily_follow()',
    );
    this.addSql(`create trigger ticket_kpi_daily_update after update on ticket for each row
      when ((${READ_COLUMNS.map((c) => `old.${c}`).join(', ')}) is distinct from (${READ_COLUMNS.map((c) => `new.${c}`).join(', ')}))
      execute function ticket_kpi_daily_follow()`);

    // Sums of every ticket from scratch: the backfill here, and the benchmark after its bulk insert.
    this.addSql(`create function ticket_kpi_daily_rebuild() returns void language sql
      set flowdesk.tenant_bypass = 'KPI partial sums rebuilt from every ticket' as $$
      delete from ticket_kpi_daily;
      insert into ticket_kpi_daily (${KEY}, ${KPI_PARTS.map(([c]) => c).join(', ')})
      select t.organization_id, (t.created_at at time zone 'UTC')::date, t.assignment_group, t.assignee_id, t.service, t.priority,
             ${KPI_PARTS.map(([c]) => `sum(p.${c})`).join(', ')}
        from ticket t cross join lateral ticket_kpi_parts(t) p
       group by 1, 2, 3, 4, 5, 6
    $$`);
    this.addSql('select ticket_kpi_daily_rebuild()');
  }

  override down(): void {
    this.addSql('drop trigger ticket_kpi_daily_update on ticket');
    this.addSql('drop trigger ticket_kpi_daily_insert_delete on ticket');
    this.addSql('drop function ticket_kpi_daily_rebuild()');
    this.addSql('drop function ticket_kpi_daily_follow()');
    this.addSql('drop function ticket_kpi_daily_add(ticket, int)');
    this.addSql('drop function ticket_kpi_parts(ticket)');
    this.addSql('drop table ticket_kpi_daily');
  }
}
