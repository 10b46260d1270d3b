import { Migration } from '@mikro-orm/migrations';

/** Tenant-owned tables this migration adds; the row-level security suite checks each. */
export const CHAT_TENANT_TABLES = ['chat_site', 'chat', 'phone_line', 'phone_call'] as const;

/**
 * Live chat and the contact form (issue 25). A `chat_site` is a customer organisation's widget: its
 * public site key, the origins allowed to embed it and the ticket type its chats raise. A `chat` is
 * the live part of a ticket raised on the chat channel (its transcript is the ticket's public
 * replies): whom it is offered to, who took it, until when it waits before it becomes a plain ticket.
 * `chat_queue` is desk configuration per assignment group: how long a chat waits and the business
 * calendar outside of which the widget takes a ticket instead. Every change of a chat row is announced
 * on `flowdesk_live` (kind `chat`), like ticket changes, so every API node's streams hear it.
 */
export class Migration20270307000000_live_chat extends Migration {
  override name = 'Migration20270307000000_live_chat';

  override up(): void {
    // Which way a ticket came in; null for tickets raised before channels were recorded.
    this.addSql(`alter table ticket add column channel text null`);
    this.addSql(
      `alter table ticket add constraint ticket_channel_check check (channel in ('portal', 'api', 'mail', 'chat', 'form', 'phone'))`,
    );
    this.addSql(`create table chat_site (
      id uuid primary key,
      organization_id uuid not null references organization (id),
      name text not null,
      site_key text not null unique,
      allowed_origins text[] not null default '{}',
      ticket_type text not null default 'incident',
      created_at timestamptz not null,
      constraint chat_site_ticket_type_check check (ticket_type in ('incident', 'request'))
    )`);
    this.addSql('create index chat_site_organization_id_index on chat_site (organization_id)');
    this.addSql(`create table chat_queue (
      group_key text primary key references assignment_group (key) on update cascade on delete cascade,
      offer_seconds integer not null default 180 check (offer_seconds between 10 and 86400),
      calendar_id uuid null references business_calendar (id),
      updated_at timestamptz not null
    )`);
    this.addSql(`create table chat (
      id uuid primary key,
      organization_id uuid not null references organization (id),
      ticket_id uuid not null unique references ticket (id),
      site_id uuid null references chat_site (id),
      requester_id uuid null,
      visitor_name text not null,
      visitor_email text null,
      group_key text null,
      state text not null,
      agent_id uuid null,
      started_at timestamptz not null,
      offer_until timestamptz not null,
      taken_at timestamptz null,
      ended_at timestamptz null,
      constraint chat_state_check check (state in ('waiting', 'active', 'ended', 'ticket'))
    )`);
    this.addSql('create index chat_organization_id_index on chat (organization_id)');
    // The desk's queue and the sweep read waiting chats by group and age.
    this.addSql(`create index chat_waiting on chat (group_key, started_at) where state = 'waiting'`);
    this.addSql(`create index chat_agent_active on chat (agent_id) where state = 'active'`);
    // A telephony webhook per organisation (its signing secret), and each call it reported, threaded to its ticket.
    this.addSql(`create table phone_line (
      id uuid primary key,
      organization_id uuid not null references organization (id),
      name text not null,
      secret text not null,
      created_at timestamptz not null
    )`);
    this.addSql('create index phone_line_organization_id_index on phone_line (organization_id)');
    this.addSql(`create table phone_call (
      id uuid primary key,
      organization_id uuid not null references organization (id),
      line_id uuid not null references phone_line (id),
      call_id text not null,
      ticket_id uuid not null references ticket (id),
      caller_number text not null,
      events text[] not null default '{}',
      started_at timestamptz not null,
      ended_at timestamptz null,
      constraint phone_call_line_call unique (line_id, call_id)
    )`);
    this.addSql('create index phone_call_organization_id_index on phone_call (organization_id)');
    for (const table of CHAT_TENANT_TABLES) {
      this.addSql(`alter table ${table} enable row level security`);
      this.addSql(`alter table ${table} force row level security`);
      this.addSql(
        `create policy tenant_isolation on ${table} using (flowdesk_tenant_visible(organization_id)) with check (flowdesk_tenant_visible(organization_id))`,
      );
    }
    this.addSql(`create function flowdesk_live_chat_changed() returns trigger language plpgsql as $$
      begin
        perform pg_notify('flowdesk_live', json_build_object('k', 'chat', 'id', new.ticket_id, 'o', new.organization_id)::text);
        return null;
      end $$`);
    this.addSql(
      'create trigger chat_live_events after insert or update on chat for each row execute function flowdesk_live_chat_changed()',
    );
  }

  override down(): void {
    this.addSql('drop trigger chat_live_events on chat');
    this.addSql('drop function flowdesk_live_chat_changed()');
    this.addSql('drop table phone_call');
    this.addSql('drop table phone_line');
    this.addSql('drop table chat');
    this.addSql('drop table chat_queue');
    this.addSql('drop table chat_site');
    this.addSql('alter table ticket drop constraint ticket_channel_check');
    this.addSql('alter table ticket drop column channel');
  }
}
