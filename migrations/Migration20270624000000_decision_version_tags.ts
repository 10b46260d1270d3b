import { Migration } from '@mikro-orm/migrations';

/**
 * Business rule tasks bound to a version (Camunda 8.6 binding types): a decision version's own
 * `zeebe:versionTag`, and the decisions a process version's deployment brought (`decision_bindings`:
 * decision id → decision_definition id), which its tasks with `bindingType="deployment"` evaluate.
 */
export class Migration20270624000000_decision_version_tags extends Migration {
  override name = 'Migration20270624000000_decision_version_tags';

  override up(): void {
    this.addSql('alter table decision_definition add column version_tag varchar(255) null');
    this.addSql('alter table process_definition add column decision_bindings jsonb null');
    this.addSql(
      'create index decision_definition_version_tag_idx on decision_definition (decision_id, version_tag, version desc) where version_tag is not null',
    );
  }

  override down(): void {
    this.addSql('drop index decision_definition_version_tag_idx');
    this.addSql('alter table process_definition drop column decision_bindings');
    this.addSql('alter table decision_definition drop column version_tag');
  }
}
