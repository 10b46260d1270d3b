import { Migration } from '@mikro-orm/migrations';

/** Tenant-owned tables this migration adds; the row-level security suite checks each. */
export const MIGRATION_BATCH_TENANT_TABLES = ['process_migration_batch', 'process_migration_item'] as const;

/**
 * Batch migration (issue 22): a process owner moves every running instance of one version (or a chosen
 * set) to another with one mapping, as a Temporal workflow. The batch is the desk's own record (no
 * organisation); each item carries its instance's organisation, so a customer-scoped reader can never
 * learn of another customer's instance through a batch, and the items were chosen under the requester's
 * own scope when the batch started.
 */
export class Migration20270106010000_migration_batches extends Migration {
  override name = 'Migration20270106010000_migration_batches';

  override up(): void {
    this.addSql(`create table process_migration_batch (
      id uuid primary key,
      process_id varchar(255) not null,
      source_definition_id uuid not null references process_definition (id),
      target_definition_id uuid not null references process_definition (id),
      mappings jsonb not null,
      state varchar(16) not null,
      total integer not null,
      requested_by varchar(255) not null,
      created_at timestamptz not null,
      finished_at timestamptz null,
      organization_id uuid null,
      constraint process_migration_batch_state_check check (state in ('running', 'finished'))
    )`);
    this.addSql(`create table process_migration_item (
      batch_id uuid not null references process_migration_batch (id) on delete cascade,
      instance_id uuid not null references process_instance (id),
      state varchar(16) not null default 'pending',
      message text null,
      problems jsonb null,
      finished_at timestamptz null,
      organization_id uuid null,
      primary key (batch_id, instance_id),
      constraint process_migration_item_state_check check (state in ('pending', 'migrated', 'failed'))
    )`);
    this.addSql("create index process_migration_item_pending on process_migration_item (batch_id) where state = 'pending'");
    this.addSql('create index process_migration_item_organization_id_index on process_migration_item (organization_id)');
    this.addSql('create index process_migration_batch_source on process_migration_batch (source_definition_id, created_at desc)');
    for (const table of MIGRATION_BATCH_TENANT_TABLES) {
      this.addSql(`alter table ${table} enable row level security`);
      this.addSql(`alter table ${table} force row level security`);
      this.addSql(
        `create policy tenant_isolation on ${table} using (flowdesk_tenant_visible(organization_id)) with check (flowdesk_tenant_visible(organization_id))`,
      );
    }
  }

  override down(): void {
    this.addSql('drop table process_migration_item');
    this.addSql('drop table process_migration_batch');
  }
}
