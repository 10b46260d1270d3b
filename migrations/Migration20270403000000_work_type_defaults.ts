import { Migration } from '@mikro-orm/migrations';

/**
 * What a work type brings to a new work order of it (issue 23): how long such a job usually takes, so a
 * dispatcher gives only the window's start, and the skills it needs, so dispatch ranks qualified technicians
 * without each order repeating them. The provider's configuration, like auto-dispatch: no tenant column.
 */
export class Migration20270403000000_work_type_defaults extends Migration {
  override name = 'Migration20270403000000_work_type_defaults';

  override up(): void {
    this.addSql(
      'alter table work_type_setting add column default_duration_minutes int null check (default_duration_minutes between 5 and 1440)',
    );
    this.addSql(`alter table work_type_setting add column required_skills jsonb not null default '[]'`);
  }

  override down(): void {
    this.addSql('alter table work_type_setting drop column required_skills');
    this.addSql('alter table work_type_setting drop column default_duration_minutes');
  }
}
