import type { EntityManager } from '@mikro-orm/postgresql';
import { KpiReports, type BacklogRow } from './kpi-reports';

export interface LiveTicket {
  number: string;
  title: string;
  priority: string | null;
  state: string;
  assigneeId: string | null;
  assigneeName: string | null;
  resolutionDueAt: string | null;
  /** Seconds until the resolution target; negative once it has passed. */
  dueInS: number | null;
}

export interface GroupLiveView {
  group: string;
  at: string;
  backlog: BacklogRow[];
  /** Open tickets whose resolution target falls within `withinS` (or has passed), soonest first. */
  breachingSoon: LiveTicket[];
  /** Open tickets by who holds them (unassigned last): who is on what. */
  work: LiveTicket[];
}

/** Open tickets of one group now, read through the caller's tenant scope like every KPI. */
export async function groupLiveView(em: EntityManager, group: string, at: Date, withinS: number): Promise<GroupLiveView> {
  const backlog = await new KpiReports(em).backlog({ at, by: 'agent', group });
  const rows = (await em.execute(
    `select t.number, t.title, t.priority, t.state, t.assignee_id, u.display_name, t.resolution_due_at,
       extract(epoch from t.resolution_due_at - ?::timestamptz)::float8 as due_in
     from ticket t left join app_user u on u.id = t.assignee_id
     where t.assignment_group = ? and t.resolved_at is null and t.state not in ('resolved', 'closed', 'cancelled', 'rejected')
     order by u.display_name nulls last, t.resolution_due_at nulls last, t.number limit 500`,
    [at, group],
  )) as Array<Record<string, unknown>>;
  const work = rows.map((r): LiveTicket => ({
    number: String(r.number),
    title: String(r.title),
    priority: (r.priority as string | null) ?? null,
    state: String(r.state),
    assigneeId: (r.assignee_id as string | null) ?? null,
    assigneeName: (r.display_name as string | null) ?? null,
    resolutionDueAt: r.resolution_due_at ? new Date(r.resolution_due_at as string).toISOString() : null,
    dueInS: r.due_in === null ? null : Math.round(Number(r.due_in)),
  }));
  const breachingSoon = work.filter((t) => t.dueInS !== null && t.dueInS <= withinS).sort((a, b) => a.dueInS! - b.dueInS!);
  return { group, at: at.toISOString(), backlog, breachingSoon, work };
}
