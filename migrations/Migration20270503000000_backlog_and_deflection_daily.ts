import { Migration } from '@mikro-orm/migrations';

/** The backlog's and self-service's partial sums, under the tenant policy like the rows they count. */
export const BACKLOG_AND_DEFLECTION_TENANT_TABLES = ['ticket_backlog_daily', 'kb_event_daily'] as const;

/** A ticket the backlog counts: cancelled and rejected tickets never do (they carry no time they stopped). */
const COUNTED = (t: string) => `coalesce(${t}.state not in ('cancelled', 'rejected'), false)`;
const CREATED_DAY = (t: string) => `(${t}.created_at at time zone 'UTC')::date`;
/** The last UTC day a ticket may be open on: its resolution's day, never before its creation's; `infinity` while unresolved. */
const OPEN_UNTIL = (t: string) => `greatest(${CREATED_DAY(t)}, coalesce((${t}.resolved_at at time zone 'UTC')::date, 'infinity'::date))`;

const BACKLOG_KEY = 'organization_id, created_day, open_until, assignment_group, assignee_id, service, priority';
const backlogSortKey = (row: 'old' | 'new') =>
  `concat_ws('|', coalesce(${row}.organization_id::text, ''), ${CREATED_DAY(row)}::text, ${OPEN_UNTIL(row)}::text, coalesce(${row}.assignment_group, ''), coalesce(${row}.assignee_id::text, ''), coalesce(${row}.service, ''), coalesce(${row}.priority, ''))`;
/** What of a ticket the backlog's sums read: an update that changes none of it leaves them alone. */
const backlogRead = (row: 'old' | 'new') =>
  `(${row}.organization_id, ${CREATED_DAY(row)}, ${OPEN_UNTIL(row)}, ${row}.assignment_group, ${row}.assignee_id, ${row}.service, ${row}.priority, ${COUNTED(row)})`;

/**
 * Partial sums for the two KPIs the daily ticket sums (Migration20270305000000_ticket_kpi_daily) could
 * not serve, issue 20's benchmark at 1,000,000 tickets: backlog by age read every ticket created before
 * the instant (~1 s), deflection every customer's event in the range (~400 ms).
 *
 * - `ticket_backlog_daily`: tickets counted per (customer, UTC day of creation, last UTC day open,
 *   group, agent, service, priority). The tickets open at an instant T are among the rows whose days
 *   span T's day; the report (service-catalog/kpis/domain/backlog-report.ts) takes them at day
 *   precision and corrects from the tickets themselves on the few part-days: those created on the day
 *   of an age bucket's bound, those resolved on T's day before T. Finding "rows whose days span a
 *   day" is an interval search; rows are filed by `span_class` (the span of days rounded up to 2ⁿ − 1),
 *   so each class is one B-tree range over `created_day` that overreads at most twice what it returns
 *   (the ticket rows' comparison operators are leakproof, so row-level security keeps the index usable).
 * - `kb_event_daily`: customers' searches, views and deflections per (customer, UTC day); the desk's
 *   own events (no organisation) are not self-service and are not summed, as the report never reads them.
 *
 * Both follow their rows by trigger in the writing transaction, as the ticket sums do, and are rebuilt
 * here from every existing row.
 */
export class Migration20270503000000_backlog_and_deflection_daily extends Migration {
  override name = 'Migration20270503000000_backlog_and_deflection_daily';

  override up(): void {
    this.addSql(`create table ticket_backlog_daily (
      organization_id uuid null,
      created_day date not null,
      open_until date not null,
      assignment_group text null,
      assignee_id uuid null,
      service text null,
      priority text null,
      tickets bigint not null default 0,
      span_class smallint not null generated always as (
        case when open_until = 'infinity' then -1 else ceil(log(2, (open_until - created_day + 1)::numeric))::smallint end) stored,
      constraint ticket_backlog_daily_key unique nulls not distinct (${BACKLOG_KEY})
    )`);
    this.addSql('create index ticket_backlog_daily_span_index on ticket_backlog_daily (span_class, created_day)');
    this.addSql(`create table kb_event_daily (
      organization_id uuid not null,
      day date not null,
      searches bigint not null default 0,
      views bigint not null default 0,
      deflections bigint not null default 0,
      primary key (day, organization_id)
    )`);
    for (const table of BACKLOG_AND_DEFLECTION_TENANT_TABLES) {
      this.addSql(`alter table ${table} enable row level security`);
      this.addSql(`alter table ${table} force row level security`);
      this.addSql(
        `create policy tenant_isolation on ${table} using (flowdesk_tenant_visible(organization_id)) with check (flowdesk_tenant_visible(organization_id))`,
      );
    }
    // The correction for tickets resolved on the instant's day before it.
    this.addSql('create index ticket_resolved_at_index on ticket (resolved_at) where resolved_at is not null');

    this.addSql(`create function ticket_backlog_daily_add(t ticket, sign int) returns void language sql as $$
      insert into ticket_backlog_daily as d (${BACKLOG_KEY}, tickets)
      select t.organization_id, ${CREATED_DAY('t')}, ${OPEN_UNTIL('t')}, t.assignment_group, t.assignee_id, t.service, t.priority, sign
       where ${COUNTED('t')}
      on conflict on constraint ticket_backlog_daily_key do update set tickets = d.tickets + excluded.tickets
    $$`);
    this.addSql(`create function ticket_backlog_daily_follow() returns trigger language plpgsql
      set flowdesk.tenant_bypass = 'backlog sums follow the ticket being written' as $$
      begin
        if tg_op = 'INSERT' then perform ticket_backlog_daily_add(new, 1);
        elsif tg_op = 'DELETE' then perform ticket_backlog_daily_add(old, -1);
        -- A move between two rows locks them in key order, so two tickets moving opposite ways cannot deadlock.
        elsif ${backlogSortKey('old')} <= ${backlogSortKey('new')} then
          perform ticket_backlog_daily_add(old, -1);
          perform ticket_backlog_daily_add(new, 1);
        else
          perform ticket_backlog_daily_add(new, 1);
          perform ticket_backlog_daily_add(old, -1);
        end if;
        return null;
      end $$`);
    this.addSql(
      'create trigger ticket_backlog_daily_insert_delete after insert or delete on ticket for each row execute function ticket_backlog_daily_follow()',
    );
    this.addSql(`create trigger ticket_backlog_daily_update after update on ticket for each row
      when (${backlogRead('old')} is distinct from ${backlogRead('new')}) execute function ticket_backlog_daily_follow()`);
    this.addSql(`create function ticket_backlog_daily_rebuild() returns void language sql
      set flowdesk.tenant_bypass = 'backlog sums rebuilt from every ticket' as $$
      delete from ticket_backlog_daily;
      insert into ticket_backlog_daily (${BACKLOG_KEY}, tickets)
      select t.organization_id, ${CREATED_DAY('t')}, ${OPEN_UNTIL('t')}, t.assignment_group, t.assignee_id, t.service, t.priority, count(*)
        from ticket t where ${COUNTED('t')}
       group by 1, 2, 3, 4, 5, 6, 7
    $$`);

    const kinds = (e: string) => `(${e}.kind = 'search')::int, (${e}.kind = 'view')::int, (${e}.kind = 'deflection')::int`;
    this.addSql(`create function kb_event_daily_add(e kb_event, sign int) returns void language sql as $$
      insert into kb_event_daily as d (organization_id, day, searches, views, deflections)
      select e.organization_id, (e.at at time zone 'UTC')::date, sign * k.s, sign * k.v, sign * k.d
        from (select ${kinds('e')}) k(s, v, d)
       where e.organization_id is not null
      on conflict (day, organization_id) do update set
        searches = d.searches + excluded.searches, views = d.views + excluded.views, deflections = d.deflections + excluded.deflections
    $$`);
    this.addSql(`create function kb_event_daily_follow() returns trigger language plpgsql
      set flowdesk.tenant_bypass = 'self-service sums follow the event being written' as $$
      begin
        if tg_op in ('UPDATE', 'DELETE') then perform kb_event_daily_add(old, -1); end if;
        if tg_op in ('UPDATE', 'INSERT') then perform kb_event_daily_add(new, 1); end if;
        return null;
      end $$`);
    this.addSql(
      'create trigger kb_event_daily_insert_delete after insert or delete on kb_event for each row execute function kb_event_daily_follow()',
    );
    this.addSql(`create trigger kb_event_daily_update after update on kb_event for each row
      when ((old.kind, old.organization_id, old.at) is distinct from (new.kind, new.organization_id, new.at)) execute function kb_event_daily_follow()`);
    this.addSql(`create function kb_event_daily_rebuild() returns void language sql
      set flowdesk.tenant_bypass = 'self-service sums rebuilt from every event' as $$
      delete from kb_event_daily;
      insert into kb_event_daily (organization_id, day, searches, views, deflections)
      select e.organization_id, (e.at at time zone 'UTC')::date, sum(k.s), sum(k.v), sum(k.d)
        from kb_event e cross join lateral (select ${kinds('e')}) k(s, v, d)
       where e.organization_id is not null
       group by 1, 2
    $$`);

    this.addSql('select ticket_backlog_daily_rebuild()');
    this.addSql('select kb_event_daily_rebuild()');
  }

  override down(): void {
    this.addSql('drop trigger kb_event_daily_update on kb_event');
    this.addSql('drop trigger kb_event_daily_insert_delete on kb_event');
    this.addSql('drop function kb_event_daily_rebuild()');
    this.addSql('drop function kb_event_daily_follow()');
    this.addSql('drop function kb_event_daily_add(kb_event, int)');
    this.addSql('drop trigger ticket_backlog_daily_update on ticket');
    this.addSql('drop trigger ticket_backlog_daily_insert_delete on ticket');
    this.addSql('drop function ticket_backlog_daily_rebuild()');
    this.addSql('drop function ticket_backlog_daily_follow()');
    this.addSql('drop function ticket_backlog_daily_add(ticket, int)');
    this.addSql('drop index ticket_resolved_at_index');
    this.addSql('drop table kb_event_daily');
    this.addSql('drop table ticket_backlog_daily');
  }
}
