import { Migration } from '@mikro-orm/migrations';

/**
 * Row-level security on the tables left out of Migration20261217000000_row_level_security, with the
 * same principal settings and `flowdesk_tenant_visible` (see that migration). Why the rest of the
 * schema carries none is in docs/identity.md ("Row-level security").
 *
 * Desk configuration that may name one customer — routing rules and SLA policies: a row without an
 * organisation applies to every ticket, so every scope reads it (the worker routing a customer's
 * ticket must see the desk-wide rules); a row naming a customer is read only by those who see that
 * customer; writes need the row's organisation visible (desk-wide rows: staff or a bypass).
 */
export const CONFIGURATION_TABLES = ['routing_rule', 'sla_policy'] as const;

/** Rows that belong to another row's tenant: visible and writable exactly when that row is. */
export const DEPENDENT_TABLES = {
  // A process's business events: its instance's.
  audit_entry: 'exists (select 1 from process_instance i where i.id = process_instance_id)',
  // Mail about a ticket is the ticket's customer's; mail on no ticket (an unknown sender's, refused
  // or not yet matched) is the desk's, read under the mail intake's bypass.
  mail_message: 'ticket_id is null or exists (select 1 from ticket t where t.id = ticket_id)',
} as const;

export class Migration20261218000000_row_level_security_configuration extends Migration {
  override name = 'Migration20261218000000_row_level_security_configuration';

  override up(): void {
    for (const table of CONFIGURATION_TABLES) {
      this.addSql(`alter table ${table} enable row level security`);
      this.addSql(`alter table ${table} force row level security`);
      this.addSql(
        `create policy tenant_read on ${table} for select using (organization_id is null or flowdesk_tenant_visible(organization_id))`,
      );
      this.addSql(
        `create policy tenant_isolation on ${table} using (flowdesk_tenant_visible(organization_id)) with check (flowdesk_tenant_visible(organization_id))`,
      );
    }
    for (const [table, visible] of Object.entries(DEPENDENT_TABLES)) {
      this.addSql(`alter table ${table} enable row level security`);
      this.addSql(`alter table ${table} force row level security`);
      this.addSql(`create policy tenant_isolation on ${table} using (${visible}) with check (${visible})`);
    }
  }

  override down(): void {
    for (const table of CONFIGURATION_TABLES) this.addSql(`drop policy tenant_read on ${table}`);
    for (const table of [...CONFIGURATION_TABLES, ...Object.keys(DEPENDENT_TABLES)]) {
      this.addSql(`drop policy tenant_isolation on ${table}`);
      this.addSql(`alter table ${table} no force row level security`);
      this.addSql(`alter table ${table} disable row level security`);
    }
  }
}
