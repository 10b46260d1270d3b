import { Migration } from '@mikro-orm/migrations';

/** The tenant-owned tables this migration adds; row-level security as in Migration20261226000000_field_service. */
export const FIELD_SERVICE_CATALOGUE_TENANT_TABLES = ['part'] as const;

/**
 * The rest of field service (issues 19 and 18):
 * - `part`: the parts catalogue. A part without an organisation is the provider's, usable on every
 *   customer's work orders; a part of an organisation is that customer's own stock (their spare
 *   terminals), usable only on their work orders. SKUs are unique within each of those namespaces.
 * - `work_type_setting`: per work type, whether a new work order is dispatched to the top suggestion
 *   without a dispatcher (the provider's configuration, like checklist templates).
 * - contract SLAs: the business calendar the contract's deadlines count on, and its response and
 *   on-site targets (business time, `PT4H`); a work order keeps the deadlines it was given.
 * - planned work orders: the asset and due date a maintenance schedule opened them for, unique, so a
 *   due date opens one work order however often the check runs.
 */
export class Migration20261231000000_field_service_catalogue extends Migration {
  override name = 'Migration20261231000000_field_service_catalogue';

  override up(): void {
    this.addSql(`create table part (
      id uuid primary key,
      organization_id uuid null references organization (id),
      sku varchar(60) not null,
      name varchar(200) not null,
      unit varchar(20) not null,
      unit_price numeric(12, 2) null check (unit_price >= 0),
      currency varchar(3) null,
      active boolean not null default true,
      version int not null default 1,
      created_at timestamptz not null,
      updated_at timestamptz not null)`);
    this.addSql(
      `create unique index part_sku_unique on part (coalesce(organization_id, '00000000-0000-0000-0000-000000000000'::uuid), sku)`,
    );
    this.addSql('create index part_organization_id_index on part (organization_id)');
    this.addSql(`create table work_type_setting (
      work_type varchar(60) primary key,
      auto_dispatch boolean not null default false,
      updated_at timestamptz not null)`);
    this.addSql('alter table contract add column calendar_id uuid null references business_calendar (id)');
    this.addSql('alter table contract add column response_target varchar(20) null');
    this.addSql('alter table contract add column on_site_target varchar(20) null');
    this.addSql('alter table work_order add column contract_id uuid null references contract (id)');
    this.addSql('alter table work_order add column on_site_due_at timestamptz null');
    this.addSql('alter table work_order add column arrival_due_at timestamptz null');
    this.addSql('alter table work_order add column maintenance_asset_id uuid null references configuration_item (id)');
    this.addSql('alter table work_order add column maintenance_due_on varchar(10) null');
    this.addSql(
      'create unique index work_order_maintenance_unique on work_order (maintenance_asset_id, maintenance_due_on) where maintenance_asset_id is not null',
    );
    for (const table of FIELD_SERVICE_CATALOGUE_TENANT_TABLES) {
      this.addSql(`alter table ${table} enable row level security`);
      this.addSql(`alter table ${table} force row level security`);
      this.addSql(
        `create policy tenant_isolation on ${table} using (flowdesk_tenant_visible(organization_id)) with check (flowdesk_tenant_visible(organization_id))`,
      );
    }
  }

  override down(): void {
    this.addSql('drop index work_order_maintenance_unique');
    for (const column of ['maintenance_due_on', 'maintenance_asset_id', 'arrival_due_at', 'on_site_due_at', 'contract_id'])
      this.addSql(`alter table work_order drop column ${column}`);
    for (const column of ['on_site_target', 'response_target', 'calendar_id']) this.addSql(`alter table contract drop column ${column}`);
    this.addSql('drop table work_type_setting');
    this.addSql('drop table part');
  }
}
