import { Migration } from '@mikro-orm/migrations';

export class Migration20261123000000_process_definitions extends Migration {
  override name = 'Migration20261123000000_process_definitions';

  override up(): void {
    this.addSql(`create table process_definition (
      id uuid primary key,
      process_id varchar(255) not null,
      version int not null,
      name varchar(255) null,
      xml text not null,
      graph jsonb not null,
      content_hash varchar(64) not null,
      deployed_at timestamptz not null,
      constraint process_definition_process_id_version_unique unique (process_id, version)
    )`);
    this.addSql(`create table process_instance (
      id uuid primary key,
      definition_id uuid not null references process_definition (id),
      process_id varchar(255) not null,
      version int not null,
      business_key varchar(255) null,
      started_at timestamptz not null
    )`);
    this.addSql('create index process_instance_process_id_index on process_instance (process_id)');
    this.addSql('create index process_instance_business_key_index on process_instance (business_key)');
    this.addSql('create index process_instance_started_at_index on process_instance (started_at desc)');
    this.addSql(`create table audit_entry (
      id bigserial primary key,
      process_instance_id uuid not null,
      process_id varchar(255) not null,
      element_id varchar(255) not null,
      element_instance_key int not null,
      action varchar(255) not null,
      data jsonb not null,
      created_at timestamptz not null,
      constraint audit_entry_process_instance_id_element_instance_key_unique unique (process_instance_id, element_instance_key)
    )`);
    this.addSql('create index audit_entry_process_instance_id_index on audit_entry (process_instance_id)');
  }

  override down(): void {
    this.addSql('drop table audit_entry');
    this.addSql('drop table process_instance');
    this.addSql('drop table process_definition');
  }
}
