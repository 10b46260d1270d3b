import type { ClosedUserTask, Incident, InstanceProjection, ProjectionActivities } from '../client';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Orm } from '../../service-catalog/db/orm';
import { ApprovalMailer } from '../../service-catalog/approvals/domain/approval-mailer';
import { ApprovalSync } from '../../service-catalog/approvals/domain/approval-sync';
import type { OutgoingMailDeps } from '../../service-catalog/mail/domain/outgoing-mail';
import { TenantScope, setTenantScope } from '../../service-catalog/db/tenant';

/**
 * Keeps `process_instance_projection` current for the live lists. An upsert guarded by the revision:
 * a retried older write never overwrites a newer one. Raw SQL because the row is keyed by an instance
 * the worker never loads (and must not need a tenant scope for). The approvals of the instance are
 * kept in step with its open tasks in the same activity (ApprovalSync), and new ones mailed (ApprovalMailer).
 */
export const createProjectionActivities = ({ orm, mail }: { orm: Orm; mail?: OutgoingMailDeps }): ProjectionActivities => ({
  async projectProcessInstance(p: InstanceProjection): Promise<void> {
    const em = orm.em.fork() as EntityManager;
    // The row follows its instance's organisation (row-level security checks it against the instance).
    setTenantScope(em, TenantScope.all('worker: projects a process instance for the lists'));
    const applied = (await em.execute(
      `insert into process_instance_projection
         (instance_id, definition_id, version, status, active_element_ids, open_tasks, incidents, open_incident_count, ended_at, revision, updated_at)
       values (?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?, ?, ?, now())
       on conflict (instance_id) do update set
         definition_id = excluded.definition_id, version = excluded.version, status = excluded.status,
         active_element_ids = excluded.active_element_ids, open_tasks = excluded.open_tasks, incidents = excluded.incidents,
         open_incident_count = excluded.open_incident_count, ended_at = excluded.ended_at, revision = excluded.revision, updated_at = now()
       where process_instance_projection.revision < excluded.revision
       returning instance_id`,
      [
        p.instanceId,
        p.definitionId,
        p.version,
        p.status,
        JSON.stringify(p.activeElementIds),
        JSON.stringify(p.openTasks),
        JSON.stringify(p.incidents),
        p.incidents.length,
        p.endedAt !== undefined ? new Date(p.endedAt) : null,
        p.revision,
      ],
    )) as unknown[];
    // Ended tasks are history: written whether or not this projection was the newest, once each.
    if (p.closedTasks?.length) await recordClosedTasks(em, p.instanceId, p.closedTasks);
    if (p.resolvedIncidents?.length) await recordResolvedIncidents(em, p.instanceId, p.resolvedIncidents);
    const approvals = new ApprovalSync(em);
    // The approval rows follow the open tasks; an older projection (refused above) must not move them back.
    if (applied.length) await approvals.sync(p.instanceId, p.definitionId, p.openTasks);
    // Whether or not this projection was applied: a retry after a failed mail finds the row already
    // current, and must still send what is unsent (an indexed look at the instance's approvals). A
    // process without approval tasks has none to send: its instances skip the look (most of them).
    if (mail && (await approvals.hasApprovals(p.definitionId))) await new ApprovalMailer(em, mail).mailNew(p.instanceId);
  },
});

/** Camunda's names of the states a user task ends in. */
const ENDED_STATE: Record<ClosedUserTask['state'], string> = { completed: 'COMPLETED', terminated: 'CANCELED' };

/** One row per ended task of the instance (user_task_history), the task as it stood when it ended. */
async function recordClosedTasks(em: EntityManager, instanceId: string, closed: ClosedUserTask[]): Promise<void> {
  await em.execute(
    `insert into user_task_history (instance_id, element_instance_key, state, task, completed_at)
     select ?::uuid, (t.value->>'elementInstanceKey')::int, t.value->>'endedAs', t.value - 'endedAs' - 'state' - 'closedAt',
            to_timestamp((t.value->>'closedAt')::double precision / 1000)
       from jsonb_array_elements(?::jsonb) t
     on conflict (instance_id, element_instance_key) do nothing`,
    [instanceId, JSON.stringify(closed.map((t) => ({ ...t, endedAs: ENDED_STATE[t.state] })))],
  );
}

/** One row per resolved incident of the instance (incident_history). */
async function recordResolvedIncidents(em: EntityManager, instanceId: string, resolved: Incident[]): Promise<void> {
  await em.execute(
    `insert into incident_history (instance_id, incident_key, incident, resolved_at)
     select ?::uuid, (t.value->>'key')::int, t.value, to_timestamp((t.value->>'resolvedAt')::double precision / 1000)
       from jsonb_array_elements(?::jsonb) t
     on conflict (instance_id, incident_key) do nothing`,
    [instanceId, JSON.stringify(resolved)],
  );
}
