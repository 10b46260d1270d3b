import { Migration } from '@mikro-orm/migrations';

/** Tenant-owned tables this migration adds; the row-level security suite checks each. */
export const WHAT_IF_TENANT_TABLES = ['process_what_if_run', 'process_what_if_item'] as const;

/**
 * What-if replay (issue 22): a process owner replays a period's recorded instances on a candidate
 * diagram. The run is the desk's own record (no organisation), like a batch migration; each item
 * carries its instance's organisation, so a customer-scoped reader never learns of another customer's
 * instance through a run, and the items were chosen under the requester's own scope when it started.
 */
export class Migration20270201000000_what_if_runs extends Migration {
  override name = 'Migration20270201000000_what_if_runs';

  override up(): void {
    this.addSql(`create table process_what_if_run (
      id uuid primary key,
      process_id varchar(255) not null,
      candidate_graph jsonb not null,
      candidate_xml text not null,
      period_from timestamptz not null,
      period_to timestamptz not null,
      sla_resolution_ms bigint null,
      state varchar(16) not null,
      total integer not null,
      totals jsonb null,
      requested_by varchar(255) not null,
      created_at timestamptz not null,
      finished_at timestamptz null,
      organization_id uuid null,
      constraint process_what_if_run_state_check check (state in ('running', 'finished'))
    )`);
    this.addSql(`create table process_what_if_item (
      run_id uuid not null references process_what_if_run (id) on delete cascade,
      instance_id uuid not null references process_instance (id) on delete cascade,
      definition_id uuid not null references process_definition (id),
      state varchar(16) not null default 'pending',
      diverges boolean null,
      comparison jsonb null,
      message text null,
      organization_id uuid null,
      primary key (run_id, instance_id),
      constraint process_what_if_item_state_check check (state in ('pending', 'replayed', 'failed'))
    )`);
    this.addSql("create index process_what_if_item_pending on process_what_if_item (run_id) where state = 'pending'");
    this.addSql('create index process_what_if_item_organization_id_index on process_what_if_item (organization_id)');
    for (const table of WHAT_IF_TENANT_TABLES) {
      this.addSql(`alter table ${table} enable row level security`);
      this.addSql(`alter table ${table} force row level security`);
      this.addSql(
        `create policy tenant_isolation on ${table} using (flowdesk_tenant_visible(organization_id)) with check (flowdesk_tenant_visible(organization_id))`,
      );
    }
  }

  override down(): void {
    this.addSql('drop table process_what_if_item');
    this.addSql('drop table process_what_if_run');
  }
}
