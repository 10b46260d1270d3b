import { Migration } from '@mikro-orm/migrations';

/** The caller's one-question satisfaction answer after closing (scenario 1), for the desk's weekly numbers. */
export class Migration20261213000000_ticket_satisfaction extends Migration {
  override name = 'Migration20261213000000_ticket_satisfaction';

  override up(): void {
    this.addSql(
      'alter table ticket add column satisfaction smallint null check (satisfaction between 1 and 5), add column satisfaction_comment text null, add column satisfaction_at timestamptz null',
    );
    this.addSql('create index ticket_caller_id_index on ticket (caller_id)');
  }

  override down(): void {
    this.addSql('drop index ticket_caller_id_index');
    this.addSql('alter table ticket drop column satisfaction, drop column satisfaction_comment, drop column satisfaction_at');
  }
}
