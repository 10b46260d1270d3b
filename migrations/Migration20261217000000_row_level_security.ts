import { Migration } from '@mikro-orm/migrations';

/**
 * Row-level security on every table that holds a customer organisation's data, so a query that
 * forgets the ORM's tenant filter (raw SQL, a new repository, a bug) still sees only what the
 * transaction's principal may see. The application connects as a role that is neither the owner nor a
 * superuser (service-catalog/db/app-role.ts), and `FORCE` makes the owner obey the policies too.
 *
 * The principal travels in three transaction-local settings (`set_config(…, true)`, see
 * service-catalog/db/tenant.ts), so a pooled connection never carries one request's scope into the next:
 * - `flowdesk.organization_ids`: the organisations whose rows are visible, comma separated;
 * - `flowdesk.include_unowned`: `on` when internal rows (no organisation) are visible too (staff);
 * - `flowdesk.tenant_bypass`: a non-empty reason when the work legitimately spans every organisation
 *   (admins, the worker's cross-tenant reads, mail intake, seeds); the code names the reason each time.
 * Nothing set, nothing visible: the policies fail closed.
 */
export const TENANT_TABLES = ['ticket', 'ticket_entry', 'ticket_link', 'ticket_attachment', 'process_instance', 'site', 'contract'] as const;

export class Migration20261217000000_row_level_security extends Migration {
  override name = 'Migration20261217000000_row_level_security';

  override up(): void {
    this.addSql(`create or replace function flowdesk_tenant_visible(org uuid) returns boolean
      language sql stable parallel safe as $$
        select coalesce(current_setting('flowdesk.tenant_bypass', true), '') <> ''
          or (org is null and coalesce(current_setting('flowdesk.include_unowned', true), '') = 'on')
          or (org is not null and org = any (string_to_array(nullif(current_setting('flowdesk.organization_ids', true), ''), ',')::uuid[]))
      $$`);
    for (const table of TENANT_TABLES) {
      this.addSql(`alter table ${table} enable row level security`);
      this.addSql(`alter table ${table} force row level security`);
      this.addSql(`create policy tenant_isolation on ${table} using (flowdesk_tenant_visible(organization_id)) with check (flowdesk_tenant_visible(organization_id))`);
    }
    // The projection belongs to its instance: visible and writable exactly when the instance is.
    this.addSql('alter table process_instance_projection enable row level security');
    this.addSql('alter table process_instance_projection force row level security');
    this.addSql(`create policy tenant_isolation on process_instance_projection
      using (exists (select 1 from process_instance i where i.id = instance_id))
      with check (exists (select 1 from process_instance i where i.id = instance_id))`);
  }

  override down(): void {
    for (const table of [...TENANT_TABLES, 'process_instance_projection']) {
      this.addSql(`drop policy tenant_isolation on ${table}`);
      this.addSql(`alter table ${table} no force row level security`);
      this.addSql(`alter table ${table} disable row level security`);
    }
    this.addSql('drop function flowdesk_tenant_visible(uuid)');
  }
}
