import { Migration } from '@mikro-orm/migrations';

/**
 * Process studio: archiving and (re)activating definition versions, and the instance projection the
 * workflow keeps current so lists and filters never ask a worker per row. The projection has no
 * foreign key: the workflow may write it before the API's transaction that recorded the instance commits.
 */
export class Migration20261210000000_process_studio extends Migration {
  override name = 'Migration20261210000000_process_studio';

  override up(): void {
    this.addSql('alter table process_definition add column archived_at timestamptz null, add column activated_at timestamptz null');
    this.addSql(`create table process_instance_projection (
      instance_id uuid primary key,
      definition_id uuid not null,
      version int not null,
      status varchar(16) not null,
      active_element_ids jsonb not null,
      open_tasks jsonb not null,
      incidents jsonb not null,
      open_incident_count int not null,
      ended_at timestamptz null,
      revision int not null,
      updated_at timestamptz not null
    )`);
    this.addSql('create index process_instance_projection_status_index on process_instance_projection (status)');
    this.addSql(
      'create index process_instance_projection_incident_index on process_instance_projection (open_incident_count) where open_incident_count > 0',
    );
    this.addSql(
      'create index process_instance_projection_active_elements_index on process_instance_projection using gin (active_element_ids)',
    );
  }

  override down(): void {
    this.addSql('drop table process_instance_projection');
    this.addSql('alter table process_definition drop column archived_at, drop column activated_at');
  }
}
