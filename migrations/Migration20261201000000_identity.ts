import { Migration } from '@mikro-orm/migrations';

/** Identity (users, groups, customer organisations with sites and contracts), tokens, tenant ownership of instances, the API audit log. */
export class Migration20261201000000_identity extends Migration {
  override name = 'Migration20261201000000_identity';

  override up(): void {
    this.addSql(`create table organization (
      id uuid primary key,
      name varchar(255) not null constraint organization_name_unique unique,
      created_at timestamptz not null
    )`);
    this.addSql(`create table site (
      id uuid primary key,
      organization_id uuid null references organization (id),
      name varchar(255) not null,
      address varchar(255) null,
      created_at timestamptz not null
    )`);
    this.addSql('create index site_organization_id_index on site (organization_id)');
    this.addSql(`create table contract (
      id uuid primary key,
      organization_id uuid null references organization (id),
      name varchar(255) not null,
      response_hours int null,
      valid_from varchar(10) not null,
      valid_to varchar(10) null,
      created_at timestamptz not null
    )`);
    this.addSql('create index contract_organization_id_index on contract (organization_id)');
    this.addSql(`create table assignment_group (
      id uuid primary key,
      key varchar(255) not null constraint assignment_group_key_unique unique,
      name varchar(255) not null,
      created_at timestamptz not null
    )`);
    this.addSql(`create table app_user (
      id uuid primary key,
      username varchar(255) not null constraint app_user_username_unique unique,
      display_name varchar(255) not null,
      email varchar(255) null,
      password_hash varchar(255) null,
      roles jsonb not null,
      organization_id uuid null references organization (id),
      group_ids jsonb not null,
      served_organization_ids jsonb not null,
      active boolean not null,
      created_at timestamptz not null,
      updated_at timestamptz not null
    )`);
    this.addSql('create index app_user_organization_id_index on app_user (organization_id)');
    this.addSql(`create table refresh_token (
      id uuid primary key,
      user_id uuid not null references app_user (id),
      family_id uuid not null,
      token_hash varchar(255) not null constraint refresh_token_token_hash_unique unique,
      created_at timestamptz not null,
      expires_at timestamptz not null,
      used_at timestamptz null,
      revoked_at timestamptz null
    )`);
    this.addSql('create index refresh_token_user_id_index on refresh_token (user_id)');
    this.addSql('create index refresh_token_family_id_index on refresh_token (family_id)');
    this.addSql(`create table api_token (
      id uuid primary key,
      user_id uuid not null references app_user (id),
      name varchar(255) not null,
      prefix varchar(255) not null,
      token_hash varchar(255) not null constraint api_token_token_hash_unique unique,
      created_at timestamptz not null,
      expires_at timestamptz null,
      last_used_at timestamptz null,
      revoked_at timestamptz null
    )`);
    this.addSql('create index api_token_user_id_index on api_token (user_id)');
    this.addSql(`create table audit_log (
      id bigserial primary key,
      actor_id uuid null,
      actor_name varchar(255) not null,
      action varchar(255) not null,
      entity varchar(255) not null,
      entity_id varchar(255) not null,
      before jsonb null,
      after jsonb null,
      at timestamptz not null
    )`);
    this.addSql('create index audit_log_actor_id_index on audit_log (actor_id)');
    this.addSql('create index audit_log_entity_id_index on audit_log (entity_id)');
    this.addSql(
      'alter table process_instance add column organization_id uuid null references organization (id), add column started_by uuid null references app_user (id)',
    );
    this.addSql('create index process_instance_organization_id_index on process_instance (organization_id)');
  }

  override down(): void {
    this.addSql('alter table process_instance drop column organization_id, drop column started_by');
    for (const table of ['audit_log', 'api_token', 'refresh_token', 'app_user', 'assignment_group', 'contract', 'site', 'organization'])
      this.addSql(`drop table ${table}`);
  }
}
