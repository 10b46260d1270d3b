import { Migration } from '@mikro-orm/migrations';

/**
 * Routing into a group chooses its assignee under the group's row lock (routing-service.ts), and every
 * route of that group waits for the lock: each statement under it is a network round trip all of them
 * wait for. Taking the lock and reading what earlier routes changed (the round-robin cursor, each
 * member's open tickets and last-assigned time) were two statements, because a statement that waits
 * for a lock still reads with the snapshot it began with. In a volatile PL/pgSQL function each statement
 * takes a new snapshot under read committed, so the lock and the fresh read are one call from the
 * client: one round trip.
 *
 * Security invoker: the read sees exactly what the caller's scope sees, as the two statements did.
 * Rows: one with the group's cursor (no member), then one per member id given.
 */
export class Migration20270520000000_routing_group_lock extends Migration {
  override up(): void {
    this.addSql(`create function flowdesk_lock_group_for_routing(p_group_id uuid, p_members uuid[], p_finished_states text[])
      returns table (member_id uuid, group_cursor text, open_tickets int, last_assigned_at timestamptz)
      language plpgsql volatile as $$
      begin
        perform 1 from assignment_group g where g.id = p_group_id for update;
        return query
          select null::uuid, g.round_robin_cursor::text, 0, null::timestamptz from assignment_group g where g.id = p_group_id
          union all
          select u.id, null::text,
                 (select count(*)::int from ticket t where t.assignee_id = u.id and t.state::text <> all (p_finished_states)),
                 u.last_assigned_at
            from app_user u where u.id = any (p_members);
      end
      $$`);
  }

  override down(): void {
    this.addSql('drop function flowdesk_lock_group_for_routing(uuid, uuid[], text[])');
  }
}
