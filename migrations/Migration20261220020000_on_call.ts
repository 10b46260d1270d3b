import { Migration } from '@mikro-orm/migrations';

/**
 * Who is on call for a group: a weekly rota in the group's time zone and dated overrides (a swap, a
 * holiday cover). Groups are the desk's own, not a customer's, so neither table is tenant-owned.
 */
export class Migration20261220020000_on_call extends Migration {
  override name = 'Migration20261220020000_on_call';

  override up(): void {
    this.addSql(`create table on_call_rota (
      group_key varchar(63) not null primary key,
      time_zone varchar(64) not null,
      shifts jsonb not null default '[]',
      updated_at timestamptz not null,
      updated_by varchar(255) not null
    )`);
    this.addSql(`create table on_call_override (
      id uuid not null primary key,
      group_key varchar(63) not null,
      user_id uuid not null,
      starts_at timestamptz not null,
      ends_at timestamptz not null,
      reason varchar(500) null,
      created_by varchar(255) not null,
      created_at timestamptz not null
    )`);
    this.addSql('create index on_call_override_group_key_index on on_call_override (group_key, ends_at)');
  }

  override down(): void {
    this.addSql('drop table on_call_override');
    this.addSql('drop table on_call_rota');
  }
}
