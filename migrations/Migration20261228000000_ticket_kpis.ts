import { Migration } from '@mikro-orm/migrations';

/**
 * The KPIs managers steer by, computed in SQL (issue 20). Business time is precomputed per ticket by a
 * trigger rather than materialised per report: the numbers are never stale (no refresh schedule to
 * lag behind the desk), the KPI view stays a plain `security_invoker` view so row-level security of
 * `ticket` narrows it to the caller's organisations, and a month × group breakdown reads one row per
 * ticket with no calendar arithmetic at query time.
 *
 * `business_seconds` mirrors service-catalog/sla/domain/business-calendar.ts (the SLA clock's
 * arithmetic) over the same calendar JSON: weekly local hours per ISO weekday, an end at or before
 * the start runs past midnight and belongs to the day it starts on, holidays are local dates on which
 * no hours start. Calendars are assumed to have non-overlapping hours (as the SLA clock counts them).
 */
export class Migration20261228000000_ticket_kpis extends Migration {
  override name = 'Migration20261228000000_ticket_kpis';

  override up(): void {
    this.addSql(`create function business_seconds(calendar jsonb, from_at timestamptz, to_at timestamptz) returns bigint
      language sql stable parallel safe as $$
      select coalesce(sum(greatest(0, extract(epoch from least(i.end_at, to_at) - greatest(i.start_at, from_at)))), 0)::bigint
      from generate_series(
             (from_at at time zone (calendar->>'timeZone'))::date - 1,
             (to_at at time zone (calendar->>'timeZone'))::date,
             interval '1 day') d(day)
      cross join lateral jsonb_array_elements(coalesce(calendar->'weekly'->(extract(isodow from d.day)::int::text), '[]'::jsonb)) h
      cross join lateral (select
          (d.day::date + (h->>'start')::time) at time zone (calendar->>'timeZone') as start_at,
          (d.day::date + case when h->>'end' <> '24:00' and h->>'end' <= h->>'start' then 1 else 0 end + (h->>'end')::time)
            at time zone (calendar->>'timeZone') as end_at) i
      where to_at > from_at
        and not coalesce(calendar->'holidays' ? to_char(d.day, 'YYYY-MM-DD'), false)
        and i.end_at > from_at and i.start_at < to_at
    $$`);

    this.addSql(`alter table ticket
      add column first_response_business_s bigint null,
      add column resolution_business_s bigint null,
      add column reopen_count int not null default 0,
      add column group_handoffs int not null default 0`);

    // The writer may not see a customer's policy under row-level security (an agent serving the
    // ticket's organisation but reading under a narrower scope): the calendar of a policy named by
    // the ticket is read past the policies, and only that (business hours are not a tenant's secret).
    this.addSql(`create function sla_policy_calendar(policy_name text) returns jsonb
      language sql stable set flowdesk.tenant_bypass = 'ticket KPI stamp: calendar of the ticket''s SLA policy' as $$
      select c.definition from sla_policy p join business_calendar c on c.id = p.calendar_id where p.name = policy_name
    $$`);
    // Stamped on every write of the timestamps it reads, whichever path wrote them (API, activity).
    this.addSql(`create function ticket_kpi_stamp() returns trigger language plpgsql as $$
      declare cal jsonb;
      begin
        if tg_op = 'UPDATE' then
          if old.state in ('resolved', 'closed') and new.state not in ('resolved', 'closed', 'cancelled', 'rejected') then
            new.reopen_count := old.reopen_count + 1;
          end if;
          if old.assignment_group is not null and new.assignment_group is distinct from old.assignment_group then
            new.group_handoffs := old.group_handoffs + 1;
          end if;
        end if;
        if new.sla_policy is not null and (new.first_responded_at is not null or new.resolved_at is not null) then
          cal := sla_policy_calendar(new.sla_policy);
        end if;
        new.first_response_business_s := case when cal is not null and new.first_responded_at is not null
          then business_seconds(cal, new.created_at, new.first_responded_at) end;
        new.resolution_business_s := case when cal is not null and new.resolved_at is not null
          then business_seconds(cal, new.created_at, new.resolved_at) end;
        return new;
      end $$`);
    this
      .addSql(`create trigger ticket_kpi_stamp before insert or update of state, assignment_group, sla_policy, first_responded_at, resolved_at, created_at
      on ticket for each row execute function ticket_kpi_stamp()`);
    // Tickets that existed before this migration get their business times once.
    this.addSql('update ticket set sla_policy = sla_policy where first_responded_at is not null or resolved_at is not null');

    // One row per ticket with every KPI's ingredients; security_invoker so ticket's RLS applies.
    this.addSql(`create view ticket_kpi with (security_invoker = true) as
      select t.id, t.number, t.type, t.organization_id, t.assignment_group, t.assignee_id, t.service_id, t.service,
        t.priority, t.state, t.created_at, t.first_responded_at, t.resolved_at, t.closed_at,
        t.first_response_business_s, t.resolution_business_s,
        extract(epoch from t.first_responded_at - t.created_at)::bigint as first_response_s,
        extract(epoch from t.resolved_at - t.created_at)::bigint as resolution_s,
        case when t.response_due_at is null then null
             else t.first_responded_at is not null and t.first_responded_at <= t.response_due_at end as response_met,
        case when t.resolution_due_at is null or t.resolved_at is null then null
             else t.resolved_at <= t.resolution_due_at end as resolution_met,
        case when t.resolved_at is null then null else t.reopen_count = 0 and t.group_handoffs = 0 end as first_contact_resolved,
        t.reopen_count > 0 as reopened,
        t.resolved_at is null and t.state not in ('resolved', 'closed', 'cancelled', 'rejected') as open,
        t.satisfaction
      from ticket t`);
    this.addSql('create index ticket_created_at_group_index on ticket (created_at, assignment_group)');
  }

  override down(): void {
    this.addSql('drop view ticket_kpi');
    this.addSql('drop index ticket_created_at_group_index');
    this.addSql('drop trigger ticket_kpi_stamp on ticket');
    this.addSql('drop function ticket_kpi_stamp()');
    this.addSql('drop function sla_policy_calendar(text)');
    this.addSql(
      'alter table ticket drop column first_response_business_s, drop column resolution_business_s, drop column reopen_count, drop column group_handoffs',
    );
    this.addSql('drop function business_seconds(jsonb, timestamptz, timestamptz)');
  }
}
