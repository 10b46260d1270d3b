import { Migration } from '@mikro-orm/migrations';

export class Migration20261123010000_decision_definitions extends Migration {
  override name = 'Migration20261123010000_decision_definitions';

  override up(): void {
    this.addSql(`create table decision_definition (
      id uuid primary key,
      decision_id varchar(255) not null,
      version int not null,
      name varchar(255) null,
      xml text not null,
      graph jsonb not null,
      content_hash varchar(64) not null,
      deployed_at timestamptz not null,
      constraint decision_definition_decision_id_version_unique unique (decision_id, version)
    )`);
  }

  override down(): void {
    this.addSql('drop table decision_definition');
  }
}
