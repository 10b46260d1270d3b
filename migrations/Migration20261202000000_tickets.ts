import { Migration } from '@mikro-orm/migrations';

const TYPES = ['incident', 'problem', 'change', 'request', 'work_order'];

export class Migration20261202000000_tickets extends Migration {
  override name = 'Migration20261202000000_tickets';

  override up(): void {
    // One number sequence per record type; numbers start at 1000 so they read like a desk's (INC0001000).
    for (const type of TYPES) this.addSql(`create sequence ticket_number_${type} start with 1000`);
    this.addSql(`create table ticket (
      id uuid primary key,
      number varchar(32) not null unique,
      type varchar(20) not null,
      title varchar(255) not null,
      description text not null,
      caller_id uuid null,
      organization_id uuid null,
      category varchar(120) null,
      subcategory varchar(120) null,
      service varchar(120) null,
      impact varchar(10) null,
      urgency varchar(10) null,
      priority varchar(2) null,
      state varchar(40) not null,
      assignment_group varchar(63) null,
      assignee_id uuid null,
      tags text[] not null default '{}',
      process_instance_id uuid null,
      search tsvector null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      version int not null default 1
    )`);
    this.addSql('create index ticket_organization_id_index on ticket (organization_id)');
    this.addSql('create index ticket_queue_index on ticket (assignment_group, state)');
    this.addSql('create index ticket_assignee_index on ticket (assignee_id, state)');
    this.addSql('create index ticket_created_at_index on ticket (created_at desc)');
    this.addSql('create index ticket_search_index on ticket using gin (search)');
    this.addSql(`create table ticket_entry (
      id uuid primary key,
      ticket_id uuid not null references ticket (id),
      kind varchar(10) not null,
      author_id uuid null,
      author_name varchar(255) not null,
      body text not null,
      organization_id uuid null,
      created_at timestamptz not null
    )`);
    this.addSql('create index ticket_entry_ticket_id_index on ticket_entry (ticket_id, created_at)');
    this.addSql('create index ticket_entry_organization_id_index on ticket_entry (organization_id)');
    this.addSql(`create table idempotency_record (
      id uuid primary key,
      actor_id varchar(64) not null,
      key varchar(255) not null,
      request_hash varchar(64) not null,
      resource_id uuid not null,
      created_at timestamptz not null,
      constraint idempotency_record_actor_id_key_unique unique (actor_id, key)
    )`);
  }

  override down(): void {
    this.addSql('drop table idempotency_record');
    this.addSql('drop table ticket_entry');
    this.addSql('drop table ticket');
    for (const type of TYPES) this.addSql(`drop sequence ticket_number_${type}`);
  }
}
