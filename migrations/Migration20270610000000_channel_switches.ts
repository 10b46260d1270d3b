import { Migration } from '@mikro-orm/migrations';

/**
 * An admin can switch a chat site, a telephony line or a messaging connection off (a leaked secret, a
 * spammed widget, a number that moved) and on again: `disabled_at` is when it was switched off, null
 * while it is on. Every existing channel stays on.
 */
export class Migration20270610000000_channel_switches extends Migration {
  override up(): void {
    for (const table of ['chat_site', 'phone_line', 'messaging_connection'])
      this.addSql(`alter table ${table} add column disabled_at timestamptz null`);
  }

  override down(): void {
    for (const table of ['chat_site', 'phone_line', 'messaging_connection']) this.addSql(`alter table ${table} drop column disabled_at`);
  }
}
