import { Migration } from '@mikro-orm/migrations';

/** Field service's tenant-owned tables; row-level security as in Migration20261217000000_row_level_security. */
export const FIELD_SERVICE_TENANT_TABLES = ['site_location', 'work_order', 'sync_action'] as const;

/**
 * Field service (issue 19). Technicians are the provider's staff, not a customer's rows, so their
 * profile and absences are not tenant-owned: the routes keep them to staff. A site's coordinates and
 * territory live beside the site (identity owns the site itself). A work order is a `work_order`
 * ticket (number, process, audit) plus this row: where, what, which skills, when, and for whom.
 * Coordinates are WGS 84 degrees; the dispatch query computes great-circle distances from them.
 */
export class Migration20261226000000_field_service extends Migration {
  override name = 'Migration20261226000000_field_service';

  override up(): void {
    this.addSql(`create table technician (
      id uuid primary key,
      user_id uuid not null unique references app_user (id),
      skills jsonb not null default '{}',
      territories text[] not null default '{}',
      working_hours jsonb not null default '{}',
      home_latitude double precision not null check (home_latitude between -90 and 90),
      home_longitude double precision not null check (home_longitude between -180 and 180),
      version int not null default 1,
      created_at timestamptz not null,
      updated_at timestamptz not null)`);
    this.addSql('create index technician_territories_index on technician using gin (territories)');
    this.addSql(`create table technician_absence (
      id uuid primary key,
      technician_id uuid not null references technician (id) on delete cascade,
      starts_at timestamptz not null,
      ends_at timestamptz not null,
      reason varchar(255) null,
      created_at timestamptz not null,
      constraint technician_absence_order check (starts_at < ends_at))`);
    this.addSql('create index technician_absence_period_index on technician_absence (technician_id, starts_at, ends_at)');
    this.addSql(`create table site_location (
      site_id uuid primary key references site (id) on delete cascade,
      organization_id uuid null references organization (id),
      latitude double precision not null check (latitude between -90 and 90),
      longitude double precision not null check (longitude between -180 and 180),
      territory varchar(60) null,
      updated_at timestamptz not null)`);
    this.addSql('create index site_location_organization_id_index on site_location (organization_id)');
    this.addSql(`create table work_order (
      id uuid primary key,
      organization_id uuid null references organization (id),
      ticket_id uuid not null unique references ticket (id) on delete cascade,
      ticket_number varchar(20) not null unique,
      parent_ticket_id uuid null references ticket (id),
      parent_ticket_number varchar(20) null,
      site_id uuid not null references site (id),
      asset_ids uuid[] not null default '{}',
      work_type varchar(60) not null,
      required_skills jsonb not null default '[]',
      priority varchar(2) not null,
      window_starts_at timestamptz not null,
      window_ends_at timestamptz not null,
      technician_id uuid null references technician (id),
      status varchar(30) not null,
      dispatch_due_at timestamptz not null,
      late_dispatch_at timestamptz null,
      late_arrival_at timestamptz null,
      rejections jsonb not null default '[]',
      checked_in_at timestamptz null,
      check_in_latitude double precision null,
      check_in_longitude double precision null,
      signer_name varchar(200) null,
      work_notes text null,
      checked_out_at timestamptz null,
      checklist jsonb not null default '[]',
      parts jsonb not null default '[]',
      signature_png bytea null,
      report_pdf bytea null,
      report_sent_to varchar(320) null,
      version int not null default 1,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      constraint work_order_window_order check (window_starts_at < window_ends_at))`);
    this.addSql('create index work_order_organization_id_index on work_order (organization_id)');
    this.addSql('create index work_order_technician_window_index on work_order (technician_id, window_starts_at)');
    this.addSql('create index work_order_parent_index on work_order (parent_ticket_id)');
    // The provider's checklists, one per work type; a work order takes a copy when it is opened.
    this.addSql(`create table checklist_template (
      work_type varchar(60) primary key,
      items jsonb not null,
      updated_at timestamptz not null)`);
    // An offline phone's actions, by the id the phone gave each: a replayed batch finds them here.
    this.addSql(`create table sync_action (
      id uuid primary key,
      organization_id uuid null references organization (id),
      user_id uuid not null references app_user (id),
      work_order_number varchar(20) not null,
      action varchar(30) not null,
      happened_at timestamptz not null,
      outcome varchar(20) not null,
      code varchar(60) null,
      message text null,
      received_at timestamptz not null)`);
    this.addSql('create index sync_action_user_index on sync_action (user_id, received_at)');
    for (const table of FIELD_SERVICE_TENANT_TABLES) {
      this.addSql(`alter table ${table} enable row level security`);
      this.addSql(`alter table ${table} force row level security`);
      this.addSql(
        `create policy tenant_isolation on ${table} using (flowdesk_tenant_visible(organization_id)) with check (flowdesk_tenant_visible(organization_id))`,
      );
    }
  }

  override down(): void {
    this.addSql('drop table sync_action');
    this.addSql('drop table checklist_template');
    this.addSql('drop table work_order');
    this.addSql('drop table site_location');
    this.addSql('drop table technician_absence');
    this.addSql('drop table technician');
  }
}
