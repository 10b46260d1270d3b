import { Migration } from '@mikro-orm/migrations';

/**
 * `flowdesk_expect_row(found, message)` raises `no_data_found` (SQLSTATE P0002) with `message` unless
 * `found`. A statement that checks its own precondition this way fails, and so aborts its transaction,
 * instead of answering zero rows for the caller to notice: what lets the database client send the commit
 * right behind a transaction's last statement (service-catalog/db/pipelined-client.ts), since nothing the
 * caller decides after reading the answer can then undo the statement. Routing uses it for the ticket
 * write made under a group's row lock, which releases the lock a round trip sooner.
 *
 * Security invoker and touching no table: it only raises.
 */
export class Migration20270601000000_expect_row extends Migration {
  override up(): void {
    this.addSql(`create function flowdesk_expect_row(p_found boolean, p_message text) returns boolean
      language plpgsql volatile as $$
      begin
        if p_found is not true then
          raise exception using errcode = 'P0002', message = p_message;
        end if;
        return true;
      end
      $$`);
  }

  override down(): void {
    this.addSql('drop function flowdesk_expect_row(boolean, text)');
  }
}
