import { Migration } from '@mikro-orm/migrations';

/**
 * The ticket carries its SLA clock (deadlines, pause, warning, breach) and resolution, so queues such
 * as "breaching soon" are one indexed query; links relate incidents to problems and duplicates.
 */
export class Migration20261212000000_ticket_sla_and_links extends Migration {
  override name = 'Migration20261212000000_ticket_sla_and_links';

  override up(): void {
    this.addSql(`alter table ticket
      add column sla_policy varchar(255) null,
      add column response_due_at timestamptz null,
      add column resolution_warning_at timestamptz null,
      add column resolution_due_at timestamptz null,
      add column first_responded_at timestamptz null,
      add column sla_paused_at timestamptz null,
      add column sla_paused_ms bigint not null default 0,
      add column sla_warned_at timestamptz null,
      add column sla_breached_at timestamptz null,
      add column resolution_code varchar(255) null,
      add column resolution_notes text null,
      add column resolved_at timestamptz null,
      add column closed_at timestamptz null`);
    this.addSql(
      `create index ticket_resolution_due_at_index on ticket (resolution_due_at) where resolved_at is null and closed_at is null`,
    );
    this.addSql(`create table ticket_link (
      id uuid not null primary key,
      ticket_id uuid not null references ticket (id) on delete cascade,
      linked_ticket_id uuid not null references ticket (id) on delete cascade,
      kind varchar(40) not null,
      created_by varchar(255) not null,
      created_at timestamptz not null,
      organization_id uuid null,
      constraint ticket_link_unique unique (ticket_id, linked_ticket_id, kind),
      constraint ticket_link_not_self check (ticket_id <> linked_ticket_id))`);
    this.addSql('create index ticket_link_linked_ticket_id_index on ticket_link (linked_ticket_id)');
  }

  override down(): void {
    this.addSql('drop table ticket_link');
    this.addSql('drop index ticket_resolution_due_at_index');
    this
      .addSql(`alter table ticket drop column sla_policy, drop column response_due_at, drop column resolution_warning_at, drop column resolution_due_at,
      drop column first_responded_at, drop column sla_paused_at, drop column sla_paused_ms, drop column sla_warned_at, drop column sla_breached_at,
      drop column resolution_code, drop column resolution_notes, drop column resolved_at, drop column closed_at`);
  }
}
