import { Migration } from '@mikro-orm/migrations';

/**
 * Access tokens that end with their session: each user gets a token version that access tokens carry
 * (`ver`); a password change, a deactivation or an admin's revocation bumps it, so every access token
 * issued before is refused at once. Sessions themselves (refresh-token families) need no new column.
 */
export class Migration20261214000000_session_revocation extends Migration {
  override name = 'Migration20261214000000_session_revocation';

  override up(): void {
    this.addSql('alter table app_user add column token_version integer not null default 0');
  }

  override down(): void {
    this.addSql('alter table app_user drop column token_version');
  }
}
