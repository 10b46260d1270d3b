import { Migration } from '@mikro-orm/migrations';

/**
 * Temporal has no BPMN correlation: these tables let a publisher find the instances waiting for a
 * message (name + correlation key) or a signal, and hold a message nobody waits for yet until its
 * time to live runs out.
 */
export class Migration20261205000000_event_subscriptions extends Migration {
  override name = 'Migration20261205000000_event_subscriptions';

  override up(): void {
    this.addSql(`create table event_subscription (
      process_instance_id varchar(255) not null,
      subscription_key int not null,
      process_id varchar(255) not null,
      element_id varchar(255) not null,
      event_type varchar(16) not null,
      name varchar(255) not null,
      correlation_key varchar(255) null,
      created_at timestamptz not null default now(),
      primary key (process_instance_id, subscription_key)
    )`);
    this.addSql('create index event_subscription_lookup on event_subscription (event_type, name, correlation_key)');
    this.addSql(`create table buffered_message (
      id uuid primary key,
      name varchar(255) not null,
      correlation_key varchar(255) not null,
      variables jsonb not null,
      published_at timestamptz not null,
      expires_at timestamptz not null
    )`);
    this.addSql('create index buffered_message_lookup on buffered_message (name, correlation_key, expires_at)');
  }

  override down(): void {
    this.addSql('drop table buffered_message');
    this.addSql('drop table event_subscription');
  }
}
