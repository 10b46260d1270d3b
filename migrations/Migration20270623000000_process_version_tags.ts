import { Migration } from '@mikro-orm/migrations';

/**
 * Call activities bound to a version (Camunda 8.6 binding types): a process version's own `zeebe:versionTag`,
 * and the process versions its deployment brought (`process_bindings`: process id → process_definition id),
 * which its call activities with `bindingType="deployment"` start. The index serves the versionTag lookup.
 */
export class Migration20270623000000_process_version_tags extends Migration {
  override name = 'Migration20270623000000_process_version_tags';

  override up(): void {
    this.addSql('alter table process_definition add column version_tag varchar(255) null');
    this.addSql('alter table process_definition add column process_bindings jsonb null');
    this.addSql(
      'create index process_definition_version_tag_idx on process_definition (process_id, version_tag, version desc) where version_tag is not null',
    );
  }

  override down(): void {
    this.addSql('drop index process_definition_version_tag_idx');
    this.addSql('alter table process_definition drop column process_bindings');
    this.addSql('alter table process_definition drop column version_tag');
  }
}
