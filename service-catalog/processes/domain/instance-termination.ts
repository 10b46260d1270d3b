import type { EntityManager } from '@mikro-orm/postgresql';
import type { InstanceTermination } from './process-instance-projection.entity';

/**
 * Higher than any revision a workflow writes (runs × 1,000,000 + writes), within PostgreSQL's
 * integer: a late projection from the workflow can never overwrite the termination.
 */
const FINAL_REVISION = 2_000_000_000;

/**
 * What the workflow would have done on its way out, for an instance the API terminated because it
 * could not take a cancel: its projection says it ended (no tokens, no tasks, no incidents) and why,
 * and its message and signal subscriptions go, so nothing is delivered to it any more.
 */
export async function recordTermination(
  em: EntityManager,
  instance: { id: string; definitionId: string; version: number },
  termination: InstanceTermination,
): Promise<void> {
  await em.execute(
    `insert into process_instance_projection
       (instance_id, definition_id, version, status, active_element_ids, open_tasks, incidents, open_incident_count, ended_at, termination, revision, updated_at)
     values (?, ?, ?, 'terminated', '[]'::jsonb, '[]'::jsonb, '[]'::jsonb, 0, ?, ?::jsonb, ?, now())
     on conflict (instance_id) do update set
       status = 'terminated', active_element_ids = '[]'::jsonb, open_tasks = '[]'::jsonb, incidents = '[]'::jsonb, open_incident_count = 0,
       ended_at = excluded.ended_at, termination = excluded.termination, revision = excluded.revision, updated_at = now()`,
    [instance.id, instance.definitionId, instance.version, new Date(termination.at), JSON.stringify(termination), FINAL_REVISION],
  );
  await em.execute('delete from event_subscription where process_instance_id = ?', [instance.id]);
}
