import { Migration } from '@mikro-orm/migrations';

/** The CMDB's tenant-owned tables; row-level security as in Migration20261217000000_row_level_security. */
export const CMDB_TENANT_TABLES = ['configuration_item', 'ci_relation', 'ticket_ci_link'] as const;

/**
 * The CMDB: configuration items (and assets, the CIs a technician visits), typed directed relations
 * between them, and the CIs a ticket touches. A CI's `key` is its identity within its organisation
 * (host name, asset tag), so an import can match the rows it wrote before. `search_vector` is kept by
 * PostgreSQL from the name, key, model, serial number and the attribute values, for full-text search.
 * The relation indexes serve the impact walk in both directions (upstream: by target; downstream: by source).
 */
export class Migration20261221000000_cmdb extends Migration {
  override name = 'Migration20261221000000_cmdb';

  override up(): void {
    this.addSql(`create table configuration_item (
      id uuid primary key,
      organization_id uuid null references organization (id),
      key varchar(200) not null,
      class_key varchar(60) not null,
      name varchar(255) not null,
      lifecycle_state varchar(30) not null,
      attributes jsonb not null default '{}',
      model varchar(255) null,
      serial_number varchar(255) null,
      site_id uuid null references site (id),
      contract_id uuid null references contract (id),
      warranty_until varchar(10) null,
      maintenance_schedule jsonb null,
      version int not null default 1,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      search_vector tsvector generated always as (
        setweight(to_tsvector('simple', name || ' ' || key), 'A')
        || setweight(to_tsvector('simple', coalesce(model, '') || ' ' || coalesce(serial_number, '')), 'B')
        || setweight(jsonb_to_tsvector('simple', attributes, '["string", "numeric"]'), 'C')
      ) stored
    )`);
    // One key per organisation; internal CIs (no organisation) share the nil uuid's namespace.
    this.addSql(
      `create unique index configuration_item_key_unique on configuration_item (coalesce(organization_id, '00000000-0000-0000-0000-000000000000'::uuid), key)`,
    );
    this.addSql('create index configuration_item_organization_id_index on configuration_item (organization_id)');
    this.addSql('create index configuration_item_class_index on configuration_item (class_key, name)');
    this.addSql('create index configuration_item_name_index on configuration_item (name, id)');
    this.addSql('create index configuration_item_search_index on configuration_item using gin (search_vector)');
    this.addSql(`create table ci_relation (
      id uuid primary key,
      organization_id uuid null references organization (id),
      source_id uuid not null references configuration_item (id) on delete cascade,
      type varchar(30) not null,
      target_id uuid not null references configuration_item (id) on delete cascade,
      created_at timestamptz not null,
      constraint ci_relation_unique unique (source_id, target_id, type),
      constraint ci_relation_not_self check (source_id <> target_id))`);
    this.addSql('create index ci_relation_target_index on ci_relation (target_id, source_id)');
    this.addSql('create index ci_relation_organization_id_index on ci_relation (organization_id)');
    this.addSql(`create table ticket_ci_link (
      id uuid primary key,
      organization_id uuid null references organization (id),
      ticket_id uuid not null references ticket (id) on delete cascade,
      ci_id uuid not null references configuration_item (id) on delete cascade,
      created_by varchar(255) not null,
      created_at timestamptz not null,
      constraint ticket_ci_link_unique unique (ticket_id, ci_id))`);
    this.addSql('create index ticket_ci_link_ci_index on ticket_ci_link (ci_id)');
    for (const table of CMDB_TENANT_TABLES) {
      this.addSql(`alter table ${table} enable row level security`);
      this.addSql(`alter table ${table} force row level security`);
      this.addSql(
        `create policy tenant_isolation on ${table} using (flowdesk_tenant_visible(organization_id)) with check (flowdesk_tenant_visible(organization_id))`,
      );
    }
  }

  override down(): void {
    this.addSql('drop table ticket_ci_link');
    this.addSql('drop table ci_relation');
    this.addSql('drop table configuration_item');
  }
}
