import { Migration } from '@mikro-orm/migrations';

/** The tenant's row: its organisation's, or internal ('') for scopes that include unowned rows; or a bypass. */
const VISIBLE = `flowdesk_tenant_visible(flowdesk_uuid_or_null(nullif(organization_key, '')))`;

/**
 * Camunda's message uniqueness: a publisher that sends a `messageId` with a time to live gets its
 * message taken once; the same id again (same tenant, name and correlation key) before that time has
 * passed is refused. One row per claimed id until it expires. `organization_key` is the tenant's
 * organisation id, or '' for internal work, so that it can be part of the key: one customer's ids never
 * collide with another's, and row-level security keeps each tenant's ids to its own scopes.
 */
export class Migration20270620000000_published_message_ids extends Migration {
  override name = 'Migration20270620000000_published_message_ids';

  override up(): void {
    this.addSql(`create table published_message_id (
      organization_key text not null,
      name text not null,
      correlation_key text not null,
      message_id text not null,
      expires_at timestamptz not null,
      primary key (organization_key, name, correlation_key, message_id))`);
    this.addSql('create index published_message_id_expiry on published_message_id (expires_at)');
    this.addSql('alter table published_message_id enable row level security');
    this.addSql('alter table published_message_id force row level security');
    this.addSql(`create policy tenant_isolation on published_message_id using (${VISIBLE}) with check (${VISIBLE})`);
  }

  override down(): void {
    this.addSql('drop table published_message_id');
  }
}
