import { Migration } from '@mikro-orm/migrations';

export class Migration20261202020000_mail extends Migration {
  override name = 'Migration20261202020000_mail';

  override up(): void {
    this.addSql(`create table mail_message (
      id uuid primary key,
      direction varchar(3) not null,
      message_id varchar(998) not null unique,
      in_reply_to varchar(998) null,
      from_address varchar(320) not null,
      to_address varchar(320) not null,
      subject varchar(998) not null,
      text text not null,
      ticket_id uuid null references ticket (id),
      at timestamptz not null
    )`);
    this.addSql('create index mail_message_ticket_id_index on mail_message (ticket_id)');
    this.addSql('create index app_user_email_lower_index on app_user (lower(email))');
  }

  override down(): void {
    this.addSql('drop index app_user_email_lower_index');
    this.addSql('drop table mail_message');
  }
}
