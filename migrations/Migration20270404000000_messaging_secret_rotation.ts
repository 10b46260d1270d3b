import { Migration } from '@mikro-orm/migrations';

/**
 * Rotating a messaging bridge's inbound secret (issue 25). The bridge and the desk cannot switch at the
 * same instant, so the secret it replaces stays valid until `previous_secret_until` (an admin may
 * choose no grace: then it is refused at once). No new table: the connection's row-level security covers
 * both columns.
 */
export class Migration20270404000000_messaging_secret_rotation extends Migration {
  override name = 'Migration20270404000000_messaging_secret_rotation';

  override up(): void {
    this.addSql('alter table messaging_connection add column previous_inbound_secret text null');
    this.addSql('alter table messaging_connection add column previous_secret_until timestamptz null');
    this.addSql('alter table messaging_connection add column secret_rotated_at timestamptz null');
    this.addSql(`alter table messaging_connection add constraint messaging_connection_previous_secret_check
      check ((previous_inbound_secret is null) = (previous_secret_until is null))`);
  }

  override down(): void {
    this.addSql('alter table messaging_connection drop constraint messaging_connection_previous_secret_check');
    this.addSql('alter table messaging_connection drop column secret_rotated_at');
    this.addSql('alter table messaging_connection drop column previous_secret_until');
    this.addSql('alter table messaging_connection drop column previous_inbound_secret');
  }
}
