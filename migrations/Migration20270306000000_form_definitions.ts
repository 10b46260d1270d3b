import { Migration } from '@mikro-orm/migrations';

/**
 * Camunda forms (issue 16): `.form` files deploy like processes, a version per form id (Camunda's
 * `versionTag` kept for the versionTag binding). A process deployed with forms keeps which version of
 * each form its deployment brought (`form_bindings`: form id → form_definition id), so a user task
 * with `bindingType="deployment"` shows exactly that one. Deployed definitions, like process and
 * decision definitions, belong to the desk and carry no organisation.
 */
export class Migration20270306000000_form_definitions extends Migration {
  override name = 'Migration20270306000000_form_definitions';

  override up(): void {
    this.addSql(`create table form_definition (
      id uuid primary key,
      form_id varchar(255) not null,
      version int not null,
      version_tag varchar(255) null,
      resource_name varchar(255) null,
      schema jsonb not null,
      content_hash varchar(64) not null,
      deployed_at timestamptz not null,
      constraint form_definition_form_id_version_unique unique (form_id, version)
    )`);
    this.addSql(`alter table process_definition add column form_bindings jsonb null`);
  }

  override down(): void {
    this.addSql(`alter table process_definition drop column form_bindings`);
    this.addSql('drop table form_definition');
  }
}
