import { Migration } from '@mikro-orm/migrations';

/**
 * The `definitions` start tag's attribute, with or without a namespace prefix (`<dmn:definitions …>`);
 * written without `?`, which the migration runner would read as a parameter.
 */
const definitionsAttribute = (name: string) =>
  `(regexp_match(xml, '<([A-Za-z_][A-Za-z0-9_.-]*:)*definitions\\s[^>]*\\s${name}="([^"]*)"'))[2]`;

/**
 * Camunda's decision requirements: each deployed DMN file version is a row, which decisions point at
 * (`requirements_key`), so `/v2` answers one `decisionRequirementsKey` per file version (it named a
 * decision until now), serves the file at `/v2/decision-requirements/{key}/xml`, and a deployment
 * lists it. Files deployed before are read back from the XML every decision row kept: one version per
 * distinct content, numbered in deployment order. Processes keep the name of the file they were
 * deployed from, when the deployment named one.
 */
export class Migration20270626000000_decision_requirements extends Migration {
  override name = 'Migration20270626000000_decision_requirements';

  override up(): void {
    this.addSql(`create table decision_requirements (
      id uuid primary key,
      requirements_id varchar(255) not null,
      name varchar(255) null,
      version int not null,
      xml text not null,
      content_hash varchar(255) not null,
      resource_name varchar(255) not null,
      deployed_at timestamptz not null,
      constraint decision_requirements_requirements_id_version_unique unique (requirements_id, version))`);
    this.addSql(`insert into decision_requirements (id, requirements_id, name, version, xml, content_hash, resource_name, deployed_at)
      select gen_random_uuid(), f.rid, f.rname,
        row_number() over (partition by f.rid order by f.deployed_at, f.content_hash), f.xml, f.content_hash, f.rid || '.dmn', f.deployed_at
      from (
        select distinct on (content_hash) content_hash, xml, deployed_at,
          left(coalesce(nullif(${definitionsAttribute('id')}, ''), decision_id), 255) as rid,
          left(nullif(${definitionsAttribute('name')}, ''), 255) as rname
        from decision_definition order by content_hash, deployed_at) f`);
    this.addSql('alter table decision_definition add column requirements_key uuid null references decision_requirements (id)');
    this.addSql(
      'update decision_definition d set requirements_key = r.id from decision_requirements r where r.content_hash = d.content_hash',
    );
    this.addSql('alter table decision_definition alter column requirements_key set not null');
    this.addSql('create index decision_definition_requirements_key_idx on decision_definition (requirements_key)');
    this.addSql('alter table process_definition add column resource_name varchar(255) null');
  }

  override down(): void {
    this.addSql('alter table process_definition drop column resource_name');
    this.addSql('alter table decision_definition drop column requirements_key');
    this.addSql('drop table decision_requirements');
  }
}
