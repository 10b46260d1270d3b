import { Migration } from '@mikro-orm/migrations';

/** Tenant-owned tables this migration adds; the row-level security suites check each. */
export const MESSAGING_TENANT_TABLES = ['messaging_connection', 'messaging_conversation', 'messaging_message'] as const;

/** The messaging channels a ticket can come in on (besides the older ones). */
const CHANNELS = ['portal', 'api', 'mail', 'chat', 'form', 'phone', 'slack', 'teams', 'whatsapp', 'messenger', 'messaging'];
const OLD_CHANNELS = ['portal', 'api', 'mail', 'chat', 'form', 'phone'];
const list = (xs: string[]) => xs.map((c) => `'${c}'`).join(', ');

const DEFINER = `security definer set search_path = public, pg_temp set flowdesk.tenant_bypass = 'messaging outbox'`;

/**
 * The messaging bridge (issue 25). A `messaging_connection` is one bridge of a customer organisation
 * (Slack, Teams, WhatsApp…): the secret it signs inbound messages with, and the webhook subscription its
 * replies go out through (service-catalog/webhooks: signed, retried by a Temporal workflow, dead-lettered).
 * A `messaging_conversation` threads a bridge's conversation id to its current ticket; a
 * `messaging_message` is each message id received (a replay answers the earlier outcome). An agent's
 * public reply on a conversation's ticket is queued, in the same transaction, as a `messaging.reply`
 * webhook event delivered to that connection only.
 */
export class Migration20270316000000_messaging_bridge extends Migration {
  override name = 'Migration20270316000000_messaging_bridge';

  override up(): void {
    this.addSql('alter table ticket drop constraint ticket_channel_check');
    this.addSql(`alter table ticket add constraint ticket_channel_check check (channel in (${list(CHANNELS)}))`);
    this.addSql(`create table messaging_connection (
      id uuid primary key,
      organization_id uuid not null references organization (id),
      name text not null,
      kind text not null,
      inbound_secret text not null,
      outbound_url text null,
      subscription_id uuid null references webhook_subscription (id) on delete set null,
      created_at timestamptz not null,
      constraint messaging_connection_kind_check check (kind in ('slack', 'teams', 'whatsapp', 'messenger', 'messaging'))
    )`);
    this.addSql('create index messaging_connection_organization_id_index on messaging_connection (organization_id)');
    this.addSql(`create table messaging_conversation (
      id uuid primary key,
      organization_id uuid not null references organization (id),
      connection_id uuid not null references messaging_connection (id) on delete cascade,
      conversation_id text not null,
      ticket_id uuid not null references ticket (id),
      created_at timestamptz not null,
      constraint messaging_conversation_unique unique (connection_id, conversation_id)
    )`);
    this.addSql('create index messaging_conversation_organization_id_index on messaging_conversation (organization_id)');
    this.addSql('create index messaging_conversation_ticket on messaging_conversation (ticket_id)');
    this.addSql(`create table messaging_message (
      id uuid primary key,
      organization_id uuid not null references organization (id),
      connection_id uuid not null references messaging_connection (id) on delete cascade,
      message_id text not null,
      conversation_id text not null,
      sender_external_id text not null,
      sender_id uuid null,
      ticket_id uuid not null references ticket (id),
      outcome text not null,
      received_at timestamptz not null,
      constraint messaging_message_unique unique (connection_id, message_id)
    )`);
    this.addSql('create index messaging_message_organization_id_index on messaging_message (organization_id)');
    this.addSql('create index messaging_message_sender on messaging_message (connection_id, sender_external_id)');
    this.addSql('create index messaging_message_ticket on messaging_message (ticket_id, sender_id)');
    for (const table of MESSAGING_TENANT_TABLES) {
      this.addSql(`alter table ${table} enable row level security`);
      this.addSql(`alter table ${table} force row level security`);
      this.addSql(
        `create policy tenant_isolation on ${table} using (flowdesk_tenant_visible(organization_id)) with check (flowdesk_tenant_visible(organization_id))`,
      );
    }
    // A public reply on a bridged ticket by someone other than a sender of the conversation (the desk)
    // goes back through the connection's own subscription, and only that one.
    this.addSql(`create function flowdesk_messaging_reply() returns trigger
      language plpgsql volatile ${DEFINER} as $$
      declare
        v_conv record;
        v_event bigint;
      begin
        if new.kind <> 'reply' then return null; end if;
        if new.author_id is not null and exists (select 1 from messaging_message m
              where m.ticket_id = new.ticket_id and m.sender_id = new.author_id) then
          return null;
        end if;
        for v_conv in
          select c.conversation_id, c.connection_id, k.subscription_id, k.kind, t.number
            from messaging_conversation c
            join messaging_connection k on k.id = c.connection_id
            join ticket t on t.id = c.ticket_id
            join webhook_subscription s on s.id = k.subscription_id and s.active
           where c.ticket_id = new.ticket_id
        loop
          insert into webhook_event (organization_id, type, subject, payload)
            values (new.organization_id, 'messaging.reply', v_conv.number, jsonb_build_object(
              'ticketNumber', v_conv.number, 'connectionId', v_conv.connection_id, 'channel', v_conv.kind,
              'conversationId', v_conv.conversation_id, 'entryId', new.id,
              'author', new.author_name, 'text', new.body))
            returning id into v_event;
          insert into webhook_delivery (subscription_id, event_id, organization_id)
            values (v_conv.subscription_id, v_event, new.organization_id);
        end loop;
        return null;
      end $$`);
    this.addSql(
      'create trigger ticket_entry_messaging_reply after insert on ticket_entry for each row execute function flowdesk_messaging_reply()',
    );
  }

  override down(): void {
    this.addSql('drop trigger ticket_entry_messaging_reply on ticket_entry');
    this.addSql('drop function flowdesk_messaging_reply()');
    this.addSql('drop table messaging_message');
    this.addSql('drop table messaging_conversation');
    this.addSql('drop table messaging_connection');
    this.addSql('alter table ticket drop constraint ticket_channel_check');
    this.addSql(`alter table ticket add constraint ticket_channel_check check (channel in (${list(OLD_CHANNELS)}))`);
  }
}
