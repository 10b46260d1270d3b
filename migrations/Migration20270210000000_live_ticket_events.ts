import { Migration } from '@mikro-orm/migrations';

/**
 * Live updates (issue 23): every committed change of a ticket or a new entry on one is announced with
 * NOTIFY on `flowdesk_live`, which every API node LISTENs to (service-catalog/live). NOTIFY is delivered
 * at commit, so a rolled-back write is never announced. The payload names the ticket and its organisation
 * only; each node decides per stream who may hear it, and what changed is read through the API.
 */
export class Migration20270210000000_live_ticket_events extends Migration {
  override name = 'Migration20270210000000_live_ticket_events';

  override up(): void {
    this.addSql(`create function flowdesk_live_ticket_changed() returns trigger language plpgsql as $$
      begin
        perform pg_notify('flowdesk_live', json_build_object('k', 'ticket', 'id', new.id, 'n', new.number, 'o', new.organization_id)::text);
        return null;
      end $$`);
    this.addSql(
      'create trigger ticket_live_events after insert or update on ticket for each row execute function flowdesk_live_ticket_changed()',
    );
    this.addSql(`create function flowdesk_live_entry_added() returns trigger language plpgsql as $$
      begin
        perform pg_notify('flowdesk_live', json_build_object('k', new.kind, 'id', new.ticket_id, 'o', new.organization_id)::text);
        return null;
      end $$`);
    this.addSql(
      'create trigger ticket_entry_live_events after insert on ticket_entry for each row execute function flowdesk_live_entry_added()',
    );
    // A ticket page offers what its process waits for (open user tasks): announce the instance when its
    // projection moves. Its organisation comes from the instance row; one this session cannot see is not announced.
    this.addSql(`create function flowdesk_live_process_moved() returns trigger language plpgsql as $$
      declare
        org uuid;
      begin
        select organization_id into org from process_instance where id = new.instance_id;
        if found then
          perform pg_notify('flowdesk_live', json_build_object('k', 'process', 'id', new.instance_id, 'o', org)::text);
        end if;
        return null;
      end $$`);
    this.addSql(
      'create trigger process_projection_live_events after insert or update on process_instance_projection for each row execute function flowdesk_live_process_moved()',
    );
  }

  override down(): void {
    this.addSql('drop trigger process_projection_live_events on process_instance_projection');
    this.addSql('drop function flowdesk_live_process_moved()');
    this.addSql('drop trigger ticket_entry_live_events on ticket_entry');
    this.addSql('drop function flowdesk_live_entry_added()');
    this.addSql('drop trigger ticket_live_events on ticket');
    this.addSql('drop function flowdesk_live_ticket_changed()');
  }
}
