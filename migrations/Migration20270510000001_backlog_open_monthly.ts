import { Migration } from '@mikro-orm/migrations';

/** The still-open backlog's monthly sums, under the tenant policy like the daily ones. */
export const BACKLOG_OPEN_MONTHLY_TENANT_TABLES = ['ticket_backlog_open_monthly'] as const;

const COUNTED = (t: string) => `coalesce(${t}.state not in ('cancelled', 'rejected'), false)`;
const CREATED_DAY = (t: string) => `(${t}.created_at at time zone 'UTC')::date`;
const CREATED_MONTH = (t: string) => `date_trunc('month', ${t}.created_at at time zone 'UTC')::date`;
const OPEN_UNTIL = (t: string) => `greatest(${CREATED_DAY(t)}, coalesce((${t}.resolved_at at time zone 'UTC')::date, 'infinity'::date))`;
const BACKLOG_KEY = 'organization_id, created_day, open_until, assignment_group, assignee_id, service, priority';
const MONTHLY_KEY = 'organization_id, created_month, assignment_group, assignee_id, service, priority';

const DAILY_ADD = `insert into ticket_backlog_daily as d (${BACKLOG_KEY}, tickets)
      select t.organization_id, ${CREATED_DAY('t')}, ${OPEN_UNTIL('t')}, t.assignment_group, t.assignee_id, t.service, t.priority, sign
       where ${COUNTED('t')}
      on conflict on constraint ticket_backlog_daily_key do update set tickets = d.tickets + excluded.tickets`;
const DAILY_REBUILD = `delete from ticket_backlog_daily;
      insert into ticket_backlog_daily (${BACKLOG_KEY}, tickets)
      select t.organization_id, ${CREATED_DAY('t')}, ${OPEN_UNTIL('t')}, t.assignment_group, t.assignee_id, t.service, t.priority, count(*)
        from ticket t where ${COUNTED('t')}
       group by 1, 2, 3, 4, 5, 6, 7`;

/**
 * Backlog by age at 1,000,000 tickets (issue 20): a still-open ticket's row of `ticket_backlog_daily`
 * (span class -1) is read by every later reading, one row per creation day and key, so a year-end
 * backlog read ~11,000 of them though all but the last month's fall in the oldest bucket ("> 30 d").
 * `ticket_backlog_open_monthly` counts the same still-open tickets per UTC month of creation; the report
 * (service-catalog/kpis/domain/backlog-report.ts) reads the months wholly before the oldest bound's month
 * from it and only the days since from the daily rows: ~ keys × (months + 62 days) instead of keys × days.
 *
 * Kept with the daily sums in the same trigger and writing transaction. A ticket moving between rows
 * locks the daily rows in key order and each month row right after its day's row; a ticket keeps its
 * creation day, so that order holds across tickets too (a changed creation time could deadlock, and
 * is retried like any other deadlock).
 */
export class Migration20270510000001_backlog_open_monthly extends Migration {
  override name = 'Migration20270510000001_backlog_open_monthly';

  override up(): void {
    this.addSql(`create table ticket_backlog_open_monthly (
      organization_id uuid null,
      created_month date not null,
      assignment_group text null,
      assignee_id uuid null,
      service text null,
      priority text null,
      tickets bigint not null default 0,
      constraint ticket_backlog_open_monthly_key unique nulls not distinct (${MONTHLY_KEY})
    )`);
    this.addSql('alter table ticket_backlog_open_monthly enable row level security');
    this.addSql('alter table ticket_backlog_open_monthly force row level security');
    this.addSql(
      'create policy tenant_isolation on ticket_backlog_open_monthly using (flowdesk_tenant_visible(organization_id)) with check (flowdesk_tenant_visible(organization_id))',
    );
    // Called from ticket_backlog_daily_follow, which sets the tenant bypass for both sums.
    this.addSql(`create or replace function ticket_backlog_daily_add(t ticket, sign int) returns void language sql as $$
      ${DAILY_ADD};
      insert into ticket_backlog_open_monthly as m (${MONTHLY_KEY}, tickets)
      select t.organization_id, ${CREATED_MONTH('t')}, t.assignment_group, t.assignee_id, t.service, t.priority, sign
       where ${COUNTED('t')} and t.resolved_at is null
      on conflict on constraint ticket_backlog_open_monthly_key do update set tickets = m.tickets + excluded.tickets
    $$`);
    this.addSql(`create function ticket_backlog_open_monthly_rebuild() returns void language sql
      set flowdesk.tenant_bypass = 'open backlog sums rebuilt from every ticket' as $$
      delete from ticket_backlog_open_monthly;
      insert into ticket_backlog_open_monthly (${MONTHLY_KEY}, tickets)
      select t.organization_id, ${CREATED_MONTH('t')}, t.assignment_group, t.assignee_id, t.service, t.priority, count(*)
        from ticket t where ${COUNTED('t')} and t.resolved_at is null
       group by 1, 2, 3, 4, 5, 6
    $$`);
    // The daily sums' rebuild (the benchmark's, after a bulk insert) rebuilds the months as well.
    this.addSql(`create or replace function ticket_backlog_daily_rebuild() returns void language sql
      set flowdesk.tenant_bypass = 'backlog sums rebuilt from every ticket' as $$
      ${DAILY_REBUILD};
      select ticket_backlog_open_monthly_rebuild();
    $$`);
    this.addSql('select ticket_backlog_open_monthly_rebuild()');
  }

  override down(): void {
    this.addSql(`create or replace function ticket_backlog_daily_rebuild() returns void language sql
      set flowdesk.tenant_bypass = 'backlog sums rebuilt from every ticket' as $$
      ${DAILY_REBUILD}
    $$`);
    this.addSql(`create or replace function ticket_backlog_daily_add(t ticket, sign int) returns void language sql as $$
      ${DAILY_ADD}
    $$`);
    this.addSql('drop function ticket_backlog_open_monthly_rebuild()');
    this.addSql('drop table ticket_backlog_open_monthly');
  }
}
