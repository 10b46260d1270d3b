import { Migration } from '@mikro-orm/migrations';

export class Migration20261202010000_sla extends Migration {
  override name = 'Migration20261202010000_sla';

  override up(): void {
    this.addSql(`create table business_calendar (
      id uuid primary key,
      name varchar(120) not null unique,
      definition jsonb not null,
      created_at timestamptz not null
    )`);
    this.addSql(`create table sla_policy (
      id uuid primary key,
      name varchar(120) not null unique,
      priority varchar(2) null,
      service varchar(120) null,
      organization_id uuid null,
      calendar_id uuid not null references business_calendar (id),
      response_target varchar(20) not null,
      resolution_target varchar(20) not null,
      warning_percent int not null,
      created_at timestamptz not null
    )`);
  }

  override down(): void {
    this.addSql('drop table sla_policy');
    this.addSql('drop table business_calendar');
  }
}
