import { Migration } from '@mikro-orm/migrations';

/** Tenant-owned tables this migration adds; the row-level security suite checks each. */
export const WEBHOOK_TENANT_TABLES = ['webhook_subscription', 'webhook_event', 'webhook_delivery'] as const;

/** The ticket columns whose change is a `ticket.updated` event (state, SLA stamps and bookkeeping have their own). */
const UPDATE_COLUMNS = [
  'title',
  'description',
  'priority',
  'impact',
  'urgency',
  'category',
  'subcategory',
  'service_id',
  'assignment_group',
  'assignee_id',
  'tags',
  'caller_id',
];

// Function-local bypass (FORCE binds the owner too): the outbox must see every subscription that wants an
// event, whichever scope wrote the ticket, and write deliveries for all of them.
const DEFINER = `security definer set search_path = public, pg_temp set flowdesk.tenant_bypass = 'webhook outbox'`;

/**
 * Outgoing webhooks as a transactional outbox. A subscription belongs to one customer organisation (its
 * events only) or to none (the desk's own integrations: every event). Triggers on the records an event is
 * about write, in the same transaction as the change, one `webhook_event` and one `webhook_delivery` per
 * subscription that wants it — so a committed change is always delivered and a rolled-back one never is.
 * The worker's relay starts a Temporal workflow per delivery (service-catalog/webhooks, workflows/webhooks).
 */
export class Migration20270106000000_webhooks extends Migration {
  override name = 'Migration20270106000000_webhooks';

  override up(): void {
    this.addSql(`create table webhook_subscription (
      id uuid primary key,
      organization_id uuid null references organization (id),
      name varchar(255) not null,
      url text not null,
      secret varchar(255) not null,
      event_types text[] not null,
      active boolean not null default true,
      created_by_id uuid null,
      created_at timestamptz not null,
      updated_at timestamptz not null
    )`);
    this.addSql('create index webhook_subscription_organization_id_index on webhook_subscription (organization_id)');
    this.addSql(`create table webhook_event (
      id bigserial primary key,
      organization_id uuid null,
      type varchar(64) not null,
      subject varchar(255) not null,
      payload jsonb not null,
      occurred_at timestamptz not null default clock_timestamp()
    )`);
    this.addSql('create index webhook_event_organization_id_index on webhook_event (organization_id)');
    this.addSql(`create table webhook_delivery (
      id uuid primary key default gen_random_uuid(),
      subscription_id uuid not null references webhook_subscription (id) on delete cascade,
      event_id bigint not null references webhook_event (id),
      organization_id uuid null,
      state varchar(16) not null default 'pending',
      attempts integer not null default 0,
      last_status integer null,
      last_error text null,
      last_attempt_at timestamptz null,
      delivered_at timestamptz null,
      dead_at timestamptz null,
      relayed_at timestamptz null,
      replays integer not null default 0,
      created_at timestamptz not null default clock_timestamp(),
      unique (subscription_id, event_id),
      constraint webhook_delivery_state_check check (state in ('pending', 'delivered', 'dead'))
    )`);
    this.addSql('create index webhook_delivery_organization_id_index on webhook_delivery (organization_id)');
    // The relay's work list: deliveries no workflow has been started for yet.
    this.addSql('create index webhook_delivery_unrelayed on webhook_delivery (created_at) where relayed_at is null');
    this.addSql('create index webhook_delivery_subscription on webhook_delivery (subscription_id, created_at desc)');

    for (const table of WEBHOOK_TENANT_TABLES) {
      this.addSql(`alter table ${table} enable row level security`);
      this.addSql(`alter table ${table} force row level security`);
      this.addSql(
        `create policy tenant_isolation on ${table} using (flowdesk_tenant_visible(organization_id)) with check (flowdesk_tenant_visible(organization_id))`,
      );
    }

    // One event of `p_org`: recorded, and a delivery queued for each active subscription that wants it,
    // only when at least one does (the common case, no subscription, costs one index probe).
    this.addSql(`create function flowdesk_webhook_publish(p_org uuid, p_type text, p_subject text, p_payload jsonb) returns void
      language plpgsql volatile ${DEFINER} as $$
      declare
        v_event bigint;
      begin
        if not exists (select 1 from webhook_subscription s
                        where s.active and p_type = any (s.event_types)
                          and (s.organization_id is null or s.organization_id = p_org)) then
          return;
        end if;
        insert into webhook_event (organization_id, type, subject, payload) values (p_org, p_type, p_subject, p_payload)
          returning id into v_event;
        insert into webhook_delivery (subscription_id, event_id, organization_id)
          select s.id, v_event, p_org from webhook_subscription s
           where s.active and p_type = any (s.event_types) and (s.organization_id is null or s.organization_id = p_org);
      end $$`);

    const changed = UPDATE_COLUMNS.map((c) => `case when new.${c} is distinct from old.${c} then '${c}' end`).join(', ');
    this.addSql(`create function flowdesk_webhook_ticket_events() returns trigger
      language plpgsql volatile ${DEFINER} as $$
      declare
        v_ticket jsonb := jsonb_build_object(
          'id', new.id, 'number', new.number, 'type', new.type, 'title', new.title, 'state', new.state,
          'priority', new.priority, 'serviceId', new.service_id, 'assignmentGroup', new.assignment_group,
          'assigneeId', new.assignee_id, 'organizationId', new.organization_id, 'responseDueAt', new.response_due_at,
          'resolutionDueAt', new.resolution_due_at, 'createdAt', new.created_at, 'updatedAt', new.updated_at);
        v_changed text[];
      begin
        if tg_op = 'INSERT' then
          perform flowdesk_webhook_publish(new.organization_id, 'ticket.created', new.number, jsonb_build_object('ticket', v_ticket));
          return null;
        end if;
        if new.state is distinct from old.state then
          perform flowdesk_webhook_publish(new.organization_id, 'ticket.stateChanged', new.number,
            jsonb_build_object('ticket', v_ticket, 'previousState', old.state));
        end if;
        v_changed := array_remove(array[${changed}]::text[], null);
        if cardinality(v_changed) > 0 then
          perform flowdesk_webhook_publish(new.organization_id, 'ticket.updated', new.number,
            jsonb_build_object('ticket', v_ticket, 'changed', to_jsonb(v_changed)));
        end if;
        if new.sla_warned_at is not null and old.sla_warned_at is null then
          perform flowdesk_webhook_publish(new.organization_id, 'sla.warning', new.number,
            jsonb_build_object('ticket', v_ticket, 'target', 'resolution', 'at', new.sla_warned_at));
        end if;
        if new.sla_response_breached_at is not null and old.sla_response_breached_at is null then
          perform flowdesk_webhook_publish(new.organization_id, 'sla.breached', new.number,
            jsonb_build_object('ticket', v_ticket, 'target', 'response', 'at', new.sla_response_breached_at));
        end if;
        if new.sla_breached_at is not null and old.sla_breached_at is null then
          perform flowdesk_webhook_publish(new.organization_id, 'sla.breached', new.number,
            jsonb_build_object('ticket', v_ticket, 'target', 'resolution', 'at', new.sla_breached_at));
        end if;
        return null;
      end $$`);
    this.addSql(
      'create trigger ticket_webhook_events after insert or update on ticket for each row execute function flowdesk_webhook_ticket_events()',
    );

    // An approval waiting for someone, and its decision.
    this.addSql(`create function flowdesk_webhook_approval_events() returns trigger
      language plpgsql volatile ${DEFINER} as $$
      declare
        v_ticket ticket%rowtype;
        v_body jsonb;
      begin
        if new.ticket_id is not null then
          select * into v_ticket from ticket where id = new.ticket_id;
        end if;
        v_body := jsonb_build_object('approval', jsonb_build_object(
            'id', new.id, 'purpose', new.purpose, 'taskName', new.task_name, 'state', new.state,
            'approverId', new.approver_id, 'approverGroup', new.approver_group, 'comment', new.comment,
            'decidedAt', new.decided_at),
          'ticket', case when v_ticket.id is null then null
                         else jsonb_build_object('id', v_ticket.id, 'number', v_ticket.number, 'type', v_ticket.type, 'title', v_ticket.title) end);
        if tg_op = 'INSERT' and new.state = 'pending' then
          perform flowdesk_webhook_publish(v_ticket.organization_id, 'approval.requested', coalesce(v_ticket.number, new.id::text), v_body);
        elsif tg_op = 'UPDATE' and new.state is distinct from old.state and new.state in ('approved', 'rejected') then
          perform flowdesk_webhook_publish(v_ticket.organization_id, 'approval.decided', coalesce(v_ticket.number, new.id::text), v_body);
        end if;
        return null;
      end $$`);
    this.addSql(
      'create trigger approval_webhook_events after insert or update on approval for each row execute function flowdesk_webhook_approval_events()',
    );

    // A process instance that gets a new incident (a failed service task, a FEEL error…).
    this.addSql(`create function flowdesk_webhook_process_incidents() returns trigger
      language plpgsql volatile ${DEFINER} as $$
      declare
        v_instance process_instance%rowtype;
        v_ticket ticket%rowtype;
      begin
        if new.open_incident_count <= coalesce(case when tg_op = 'UPDATE' then old.open_incident_count end, 0) then
          return null;
        end if;
        select * into v_instance from process_instance where id = new.instance_id;
        select * into v_ticket from ticket where process_instance_id = new.instance_id limit 1;
        perform flowdesk_webhook_publish(coalesce(v_ticket.organization_id, v_instance.organization_id), 'process.incident',
          coalesce(v_ticket.number, new.instance_id::text),
          jsonb_build_object('processInstanceId', new.instance_id, 'openIncidents', new.open_incident_count,
            'incidents', new.incidents,
            'ticket', case when v_ticket.id is null then null
                           else jsonb_build_object('id', v_ticket.id, 'number', v_ticket.number, 'type', v_ticket.type, 'title', v_ticket.title) end));
        return null;
      end $$`);
    this.addSql(
      'create trigger process_incident_webhook_events after insert or update of open_incident_count on process_instance_projection for each row execute function flowdesk_webhook_process_incidents()',
    );
  }

  override down(): void {
    this.addSql('drop trigger process_incident_webhook_events on process_instance_projection');
    this.addSql('drop function flowdesk_webhook_process_incidents()');
    this.addSql('drop trigger approval_webhook_events on approval');
    this.addSql('drop function flowdesk_webhook_approval_events()');
    this.addSql('drop trigger ticket_webhook_events on ticket');
    this.addSql('drop function flowdesk_webhook_ticket_events()');
    this.addSql('drop function flowdesk_webhook_publish(uuid, text, text, jsonb)');
    this.addSql('drop table webhook_delivery');
    this.addSql('drop table webhook_event');
    this.addSql('drop table webhook_subscription');
  }
}
