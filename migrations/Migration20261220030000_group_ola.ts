import { Migration } from '@mikro-orm/migrations';

/** An operational level agreement per group: how long a ticket may stay with it (wall-clock ISO 8601, e.g. PT4H). */
export class Migration20261220030000_group_ola extends Migration {
  override name = 'Migration20261220030000_group_ola';

  override up(): void {
    this.addSql('alter table assignment_group add column ola_target varchar(32) null');
  }

  override down(): void {
    this.addSql('alter table assignment_group drop column ola_target');
  }
}
