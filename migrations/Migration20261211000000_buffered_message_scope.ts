import { Migration } from '@mikro-orm/migrations';

/** A buffered message may only reach instances its publisher could have reached (null: any, a system or admin publish). */
export class Migration20261211000000_buffered_message_scope extends Migration {
  override name = 'Migration20261211000000_buffered_message_scope';

  override up(): void {
    this.addSql(
      'alter table buffered_message add column visible_organization_ids uuid[] null, add column visible_unowned boolean not null default true',
    );
  }

  override down(): void {
    this.addSql('alter table buffered_message drop column visible_organization_ids, drop column visible_unowned');
  }
}
