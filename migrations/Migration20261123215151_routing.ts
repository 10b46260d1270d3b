import { Migration } from '@mikro-orm/migrations';

/**
 * Routing: rules that send tickets to a group, the default group, each group's strategy for choosing
 * an assignee (with the round-robin cursor), and agents' skills and availability.
 */
export class Migration20261123215151_routing extends Migration {
  override name = 'Migration20261123215151_routing';

  override up(): void {
    this.addSql(`alter table assignment_group
      add column routing_strategy varchar(40) not null default 'manual',
      add column round_robin_cursor varchar(255) null,
      add constraint assignment_group_routing_strategy_check check (routing_strategy in ('manual', 'round-robin', 'least-loaded', 'skills'))`);
    this.addSql(`alter table app_user
      add column skills jsonb not null default '[]',
      add column available boolean not null default true,
      add column last_assigned_at timestamptz null`);
    this.addSql(`create table routing_rule (
      id uuid primary key,
      name varchar(255) not null constraint routing_rule_name_unique unique,
      position int not null constraint routing_rule_position_check check (position >= 1),
      category varchar(255) null,
      subcategory varchar(255) null,
      service varchar(255) null,
      priority varchar(255) null,
      organization_id uuid null references organization (id),
      assignment_group varchar(255) not null references assignment_group (key),
      required_skills jsonb not null default '[]',
      created_at timestamptz not null,
      updated_at timestamptz not null
    )`);
    this.addSql('create index routing_rule_position_index on routing_rule (position)');
    // One row; "service-desk" is the conventional first-line group (PUT /routing-rules/default changes it).
    this.addSql(`create table routing_settings (
      id int primary key constraint routing_settings_single_row check (id = 1),
      default_group varchar(255) null,
      updated_at timestamptz not null
    )`);
    this.addSql(`insert into routing_settings (id, default_group, updated_at) values (1, 'service-desk', now())`);
  }

  override down(): void {
    this.addSql('drop table routing_settings');
    this.addSql('drop table routing_rule');
    this.addSql('alter table app_user drop column skills, drop column available, drop column last_assigned_at');
    this.addSql(
      'alter table assignment_group drop constraint assignment_group_routing_strategy_check, drop column routing_strategy, drop column round_robin_cursor',
    );
  }
}
