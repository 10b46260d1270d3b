import { Migration } from '@mikro-orm/migrations';

/**
 * A problem's analysis and, once a root cause or a workaround is known, its known-error record: one row
 * per problem ticket, tenant-owned like the ticket (row-level security FORCEd with the same policy as
 * Migration20261217000000_row_level_security), searched by the desk with GET /known-errors?q=.
 */
/** Tenant tables created after the row-level security migration, each with the same policy. */
export const LATER_TENANT_TABLES = ['known_error'] as const;

export class Migration20261220000000_known_errors extends Migration {
  override name = 'Migration20261220000000_known_errors';

  override up(): void {
    this.addSql(`create table known_error (
      id uuid not null primary key,
      problem_ticket_id uuid not null unique references ticket (id) on delete cascade,
      problem_number varchar(255) not null,
      title varchar(255) not null,
      symptoms text not null default '',
      root_cause text null,
      workaround text null,
      workaround_published_at timestamptz null,
      analysed_by varchar(255) null,
      service varchar(255) null,
      category varchar(255) null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      organization_id uuid null
    )`);
    this.addSql('create index known_error_organization_id_index on known_error (organization_id)');
    this.addSql('alter table known_error enable row level security');
    this.addSql('alter table known_error force row level security');
    this.addSql(
      'create policy tenant_isolation on known_error using (flowdesk_tenant_visible(organization_id)) with check (flowdesk_tenant_visible(organization_id))',
    );
  }

  override down(): void {
    this.addSql('drop table known_error');
  }
}
