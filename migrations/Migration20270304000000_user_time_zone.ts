import { Migration } from '@mikro-orm/migrations';

/**
 * The zone a person reads times in (issue 22): the desk shows ticket times, due times and SLA deadlines
 * in it, and the waiting explanation says its times in it. Null: the browser's own zone.
 */
export class Migration20270304000000_user_time_zone extends Migration {
  override name = 'Migration20270304000000_user_time_zone';

  override up(): void {
    this.addSql('alter table app_user add column time_zone varchar(64) null');
  }

  override down(): void {
    this.addSql('alter table app_user drop column time_zone');
  }
}
