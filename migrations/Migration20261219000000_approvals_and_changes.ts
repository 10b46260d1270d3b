import { Migration } from '@mikro-orm/migrations';

/**
 * Approvals (a user task kind any diagram can use: one row per approval task, its approver, the
 * decision, delegations) and the change record: plan fields on the ticket, and blackout windows in
 * which no change may be implemented. Both new tables are tenant-owned, under the same row-level
 * security policy as the tickets (Migration20261217000000_row_level_security).
 */
export const APPROVAL_AND_CHANGE_TENANT_TABLES = ['approval', 'change_blackout_window'] as const;

/** Mails an approval diagram sends through `notify`: the reminder to the approvers, the escalation. */
const TEMPLATES = [
  {
    key: 'approval.reminder',
    subject: '[{{ticket.number}}] Your approval is awaited: {{ticket.title}}',
    body: 'Hello,\n\n{{ticket.number}} "{{ticket.title}}" still waits for your approval.\nOpen your approvals in the desk to approve or reject it.\n',
  },
  {
    key: 'approval.escalated',
    subject: '[{{ticket.number}}] Approval overdue: {{ticket.title}}',
    body: 'Hello,\n\nThe approval of {{ticket.number}} "{{ticket.title}}" was not given in time and now waits for your decision.\n',
  },
];

// standard_conforming_strings is on (PostgreSQL's default since 9.1): only quotes need doubling.
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

export class Migration20261219000000_approvals_and_changes extends Migration {
  override name = 'Migration20261219000000_approvals_and_changes';

  override up(): void {
    this.addSql(`create table approval (
      id uuid primary key,
      organization_id uuid null,
      process_instance_id uuid not null references process_instance (id) on delete cascade,
      task_id varchar(64) not null unique,
      element_id varchar(255) not null,
      purpose varchar(64) not null,
      task_name varchar(255) null,
      ticket_id uuid null references ticket (id) on delete cascade,
      approver_id uuid null,
      approver_username varchar(255) null,
      approver_group varchar(255) null,
      delegated_from varchar(255) null,
      state varchar(16) not null,
      comment text null,
      decided_by varchar(255) null,
      decided_at timestamptz null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      version int not null default 1
    )`);
    this.addSql('create index approval_organization_id_index on approval (organization_id)');
    this.addSql('create index approval_inbox_index on approval (approver_id, state)');
    this.addSql('create index approval_instance_index on approval (process_instance_id)');
    this.addSql(`create table change_blackout_window (
      id uuid primary key,
      organization_id uuid null,
      name varchar(200) not null,
      starts_at timestamptz not null,
      ends_at timestamptz not null,
      services text[] not null default '{}',
      created_by varchar(255) not null,
      created_at timestamptz not null,
      constraint change_blackout_window_order check (ends_at > starts_at)
    )`);
    this.addSql('create index change_blackout_window_organization_id_index on change_blackout_window (organization_id)');
    this.addSql(`alter table ticket
      add column change_type varchar(16) null,
      add column change_template varchar(120) null,
      add column likelihood varchar(16) null,
      add column risk varchar(16) null,
      add column planned_start_at timestamptz null,
      add column planned_end_at timestamptz null,
      add column implementation_plan text null,
      add column backout_plan text null,
      add column test_plan text null,
      add column affected_services text[] not null default '{}'`);
    this.addSql('create index ticket_change_window_index on ticket (planned_start_at, planned_end_at) where planned_start_at is not null');
    for (const table of APPROVAL_AND_CHANGE_TENANT_TABLES) {
      this.addSql(`alter table ${table} enable row level security`);
      this.addSql(`alter table ${table} force row level security`);
      this.addSql(
        `create policy tenant_isolation on ${table} using (flowdesk_tenant_visible(organization_id)) with check (flowdesk_tenant_visible(organization_id))`,
      );
    }
    for (const t of TEMPLATES) {
      this.addSql(
        `insert into mail_template (key, subject, body, updated_at, updated_by) values (${literal(t.key)}, ${literal(t.subject)}, ${literal(t.body)}, now(), 'system:defaults') on conflict (key) do nothing`,
      );
    }
  }

  override down(): void {
    this.addSql(`delete from mail_template where key in ('approval.reminder', 'approval.escalated') and updated_by = 'system:defaults'`);
    this.addSql('drop index ticket_change_window_index');
    this.addSql(`alter table ticket drop column change_type, drop column change_template, drop column likelihood, drop column risk,
      drop column planned_start_at, drop column planned_end_at, drop column implementation_plan, drop column backout_plan,
      drop column test_plan, drop column affected_services`);
    this.addSql('drop table change_blackout_window');
    this.addSql('drop table approval');
  }
}
