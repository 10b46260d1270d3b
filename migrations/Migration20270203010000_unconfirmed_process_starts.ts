import { Migration } from '@mikro-orm/migrations';

/**
 * The crash window of a start (issue 21): an instance row (and its ticket) commits before its workflow
 * starts, so an API that dies in between leaves a ticket no process drives. The row now keeps what the
 * start needs until a sweep has seen the workflow exist; the sweep starts the ones that do not. The
 * partial index keeps the sweep's scan to the rows still unconfirmed.
 */
export class Migration20270203010000_unconfirmed_process_starts extends Migration {
  override name = 'Migration20270203010000_unconfirmed_process_starts';

  override up(): void {
    this.addSql(`alter table process_instance add column unconfirmed_start jsonb null`);
    this.addSql(
      `create index process_instance_unconfirmed_start_index on process_instance (started_at) where unconfirmed_start is not null`,
    );
  }

  override down(): void {
    this.addSql(`drop index process_instance_unconfirmed_start_index`);
    this.addSql(`alter table process_instance drop column unconfirmed_start`);
  }
}
