import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 20, second part of the KPIs: NPS and CES from the survey answers, and MTTR without the time a
 * ticket stood paused waiting for its caller.
 *
 * - A survey answer stamps its ticket (`survey_nps`, `survey_ces`, and `satisfaction` when the ticket
 *   has no rating yet), as the KPI stamp does with business time: the KPI view keeps reading one row
 *   per ticket, with no join per ticket at report time (the month × group bench reads a million).
 *   The stamp writes past row-level security (the answer itself was checked on its way in, with the
 *   ticket's organisation) and only the ticket the answer is about.
 * - Pauses: entering `awaiting_caller` notes the instant (`paused_since`), leaving it adds the wall and
 *   business seconds it lasted (`paused_s`, `paused_business_s`, business time in the ticket's SLA
 *   calendar). The instant of a change is the row's new `updated_at` — every application write sets
 *   it — or the transaction's time when a write leaves it alone.
 * - The view gains the columns at its end (`create or replace view` may only append).
 */
export const PAUSED_STATES = ['awaiting_caller'] as const;

export class Migration20261230000000_kpi_surveys_and_pauses extends Migration {
  override name = 'Migration20261230000000_kpi_surveys_and_pauses';

  override up(): void {
    this.addSql(`alter table ticket
      add column survey_nps smallint null,
      add column survey_ces smallint null,
      add column paused_since timestamptz null,
      add column paused_s bigint not null default 0,
      add column paused_business_s bigint not null default 0`);

    this.addSql(`create function survey_answer_stamp() returns trigger language plpgsql
      set flowdesk.tenant_bypass = 'survey answer stamps its own ticket' as $$
      begin
        update ticket set survey_nps = coalesce(new.nps, survey_nps), survey_ces = coalesce(new.ces, survey_ces),
               satisfaction = coalesce(satisfaction, new.csat), satisfaction_at = coalesce(satisfaction_at, new.answered_at)
         where id = new.ticket_id;
        return new;
      end $$`);
    this.addSql('create trigger survey_answer_stamp after insert on survey_answer for each row execute function survey_answer_stamp()');
    this.addSql(`select set_config('flowdesk.tenant_bypass', 'migration: survey answers to their tickets', true)`);
    this.addSql(`update ticket t set survey_nps = a.nps, survey_ces = a.ces, satisfaction = coalesce(t.satisfaction, a.csat)
      from (select distinct on (ticket_id) ticket_id, csat,
                   first_value(nps) over (partition by ticket_id order by (nps is null), answered_at desc) as nps,
                   first_value(ces) over (partition by ticket_id order by (ces is null), answered_at desc) as ces
              from survey_answer order by ticket_id, answered_at) a
     where a.ticket_id = t.id`);

    this.addSql(`create or replace function ticket_kpi_stamp() returns trigger language plpgsql as $$
      declare
        cal jsonb;
        at_ timestamptz;
      begin
        at_ := case when tg_op = 'UPDATE' and new.updated_at is not distinct from old.updated_at then now() else coalesce(new.updated_at, now()) end;
        if new.sla_policy is not null then
          cal := sla_policy_calendar(new.sla_policy);
        end if;
        if tg_op = 'UPDATE' then
          if old.state in ('resolved', 'closed') and new.state not in ('resolved', 'closed', 'cancelled', 'rejected') then
            new.reopen_count := old.reopen_count + 1;
          end if;
          if old.assignment_group is not null and new.assignment_group is distinct from old.assignment_group then
            new.group_handoffs := old.group_handoffs + 1;
          end if;
          if old.paused_since is not null and new.state is distinct from old.state and new.state <> all (array['${PAUSED_STATES.join("','")}']) then
            new.paused_s := old.paused_s + greatest(0, extract(epoch from at_ - old.paused_since))::bigint;
            new.paused_business_s := old.paused_business_s + case when cal is null then 0 else business_seconds(cal, old.paused_since, at_) end;
            new.paused_since := null;
          end if;
        end if;
        if new.paused_since is null and new.state = any (array['${PAUSED_STATES.join("','")}'])
           and (tg_op = 'INSERT' or new.state is distinct from old.state) then
          new.paused_since := at_;
        end if;
        new.first_response_business_s := case when cal is not null and new.first_responded_at is not null
          then business_seconds(cal, new.created_at, new.first_responded_at) end;
        new.resolution_business_s := case when cal is not null and new.resolved_at is not null
          then business_seconds(cal, new.created_at, new.resolved_at) end;
        return new;
      end $$`);

    this.addSql(`create or replace view ticket_kpi with (security_invoker = true) as
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
        t.satisfaction,
        t.survey_nps as nps,
        t.survey_ces as ces,
        case when t.resolved_at is not null then greatest(0, extract(epoch from t.resolved_at - t.created_at)::bigint - t.paused_s) end
          as resolution_active_s,
        case when t.resolution_business_s is not null then greatest(0, t.resolution_business_s - t.paused_business_s) end
          as resolution_active_business_s
      from ticket t`);
    // Deflection reads the customers' own events by kind over a range.
    this.addSql('create index kb_event_at_index on kb_event (at) include (kind, organization_id) where organization_id is not null');
  }

  override down(): void {
    this.addSql('drop index kb_event_at_index');
    this.addSql('drop trigger survey_answer_stamp on survey_answer');
    this.addSql('drop function survey_answer_stamp()');
    // Back to the view and stamp of Migration20261228000000_ticket_kpis, which know no pauses.
    this.addSql('drop view ticket_kpi');
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
    this.addSql(`create or replace function ticket_kpi_stamp() returns trigger language plpgsql as $$
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
    this.addSql(
      'alter table ticket drop column survey_nps, drop column survey_ces, drop column paused_since, drop column paused_s, drop column paused_business_s',
    );
  }
}
