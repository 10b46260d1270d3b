import type { EntityManager } from '@mikro-orm/postgresql';
import type { OpenUserTask } from '../../../workflows/client';
import { tenantOfOrganization } from '../../identity/domain/camunda-tenant';
import { ItemConditions, pageOfItems, type ItemFilter } from './instance-item-query';
import { userTaskId, type ElementInstanceRef } from './user-task-id';

/** Camunda's user task states that Flowdesk's tasks are found in: open, or ended one way or the other. */
export const FOUND_STATES = ['CREATED', 'COMPLETED', 'CANCELED'] as const;
export type FoundState = (typeof FOUND_STATES)[number];

/** What a task may be searched by (Camunda 8's user task filter, equality only but for the states). */
export interface UserTaskFilter extends ItemFilter {
  /** One task: its instance and element instance key (`<process instance id>.<element instance key>`). */
  userTaskKey?: ElementInstanceRef;
  assignee?: string;
  candidateGroup?: string;
  candidateUser?: string;
  elementId?: string;
}

export type UserTaskSortField = 'creationDate' | 'completionDate' | 'priority' | 'dueDate' | 'followUpDate' | 'name';

/** One task in Camunda 8's `UserTaskResult` shape; keys are Flowdesk's ids. */
export interface FoundUserTask {
  userTaskKey: string;
  elementInstanceKey: string;
  name: string | null;
  state: FoundState;
  assignee: string | null;
  elementId: string;
  candidateGroups: string[];
  candidateUsers: string[];
  processDefinitionId: string;
  processDefinitionVersion: number;
  processDefinitionKey: string;
  processInstanceKey: string;
  tenantId: string;
  creationDate: string;
  completionDate: string | null;
  dueDate: string | null;
  followUpDate: string | null;
  formKey: string | null;
  priority: number;
  customHeaders: Record<string, string>;
  /** Camunda 8.9's fields Flowdesk has no counterpart of: answered empty, as Camunda does when they are unset. */
  externalFormReference: string | null;
  processName: string | null;
  rootProcessInstanceKey: string;
  tags: string[];
}

/** Open tasks, from their instances' projections. */
const OPEN = `select p.instance_id, t.task, 'CREATED'::text as state, null::timestamptz as completed_at
         from process_instance_projection p cross join lateral jsonb_array_elements(p.open_tasks) as t(task) where p.status = 'active'`;
/** Ended tasks, from their history. */
const ENDED = `select h.instance_id, h.task, h.state::text, h.completed_at from user_task_history h`;

/** The tasks in `states`, each beside its instance; row-level security applies through the instance table. */
function tasksIn(states: readonly FoundState[]): string {
  const ended = states.filter((s) => s !== 'CREATED');
  const sources = [
    ...(states.includes('CREATED') ? [OPEN] : []),
    ...(ended.length ? [ended.length === 2 ? ENDED : `${ENDED} where h.state = '${ended[0]}'`] : []),
  ];
  return `from (${sources.join(' union all ')}) as t join process_instance i on i.id = t.instance_id`;
}

// Each sort field as an expression over the task's JSON; ids break ties so pages do not overlap.
const SORT_SQL: Record<UserTaskSortField, string> = {
  creationDate: `(t.task->>'createdAt')::bigint`,
  completionDate: 't.completed_at',
  priority: `coalesce((t.task->>'priority')::int, 50)`,
  dueDate: `t.task->>'dueDate'`,
  followUpDate: `t.task->>'followUpDate'`,
  name: `coalesce(t.task->>'name', t.task->>'elementId')`,
};

/**
 * User tasks across the instances the caller may see: open ones from the projections the workflows keep
 * (one row per instance, its open tasks as JSON), ended ones from their history (user_task_history,
 * written by the same projections). The tenant's row-level security applies through the instance table.
 */
export class UserTaskSearch {
  constructor(private readonly em: EntityManager) {}

  async search(
    filter: UserTaskFilter,
    page: { from: number; limit: number },
    sort: { field: UserTaskSortField; order: 'ASC' | 'DESC' },
  ): Promise<{ items: FoundUserTask[]; totalItems: number }> {
    const states = FOUND_STATES.filter((state) => !filter.states || filter.states.includes(state));
    // A state Flowdesk's tasks never rest in (ASSIGNING, FAILED…) finds none.
    if (!states.length) return { items: [], totalItems: 0 };
    const where = new ItemConditions().item(filter.userTaskKey, `(t.task->>'elementInstanceKey')::int`).instance(filter);
    if (filter.elementId) where.add(`t.task->>'elementId' = ?`, filter.elementId);
    if (filter.assignee) where.add(`t.task->>'assignee' = ?`, filter.assignee);
    if (filter.candidateGroup)
      where.add(`coalesce(t.task->'candidateGroups', '[]'::jsonb) @> ?::jsonb`, JSON.stringify([filter.candidateGroup]));
    if (filter.candidateUser)
      where.add(`coalesce(t.task->'candidateUsers', '[]'::jsonb) @> ?::jsonb`, JSON.stringify([filter.candidateUser]));
    const { rows, total } = await pageOfItems<TaskRow>(
      this.em,
      {
        columns:
          'i.id, i.process_id, i.version, i.definition_id, i.organization_id, t.task, t.state, t.completed_at, ' +
          '(select d.name from process_definition d where d.id = i.definition_id) as process_name',
        from: tasksIn(states),
        where,
        orderBy: `${SORT_SQL[sort.field]} ${sort.order === 'DESC' ? 'desc' : 'asc'} nulls last, i.id, (t.task->>'elementInstanceKey')::int`,
      },
      page,
    );
    const formElements = await this.elementsShowingForms(rows);
    return { items: rows.map((r) => present(r, formElements.has(`${r.definition_id}/${r.task.elementId}`))), totalItems: total };
  }

  /**
   * Which of the page's tasks show a Camunda form (linked or embedded), as `<definition id>/<element id>`:
   * any other form key is the application's own. Asked of the page's versions only, and only when a task
   * has a form key, so a search does not read every version's graph.
   */
  private async elementsShowingForms(rows: readonly TaskRow[]): Promise<Set<string>> {
    const definitions = [...new Set(rows.filter((r) => r.task.formKey).map((r) => r.definition_id))];
    if (!definitions.length) return new Set();
    const found = (await this.em.execute(
      `select d.id, e.key as element_id from process_definition d cross join lateral jsonb_each(d.graph->'elements') e
       where d.id in (select jsonb_array_elements_text(?::jsonb)::uuid) and e.value->'form' is not null`,
      [JSON.stringify(definitions)],
    )) as Array<{ id: string; element_id: string }>;
    return new Set(found.map((f) => `${f.id}/${f.element_id}`));
  }
}

/** One task as the search reads it: its instance's columns beside the task's JSON and state. */
interface TaskRow {
  state: FoundState;
  completed_at: Date | string | null;
  id: string;
  process_id: string;
  version: number;
  definition_id: string;
  organization_id: string | null;
  process_name: string | null;
  task: OpenUserTask;
}

function present(r: TaskRow, showsCamundaForm: boolean): FoundUserTask {
  const t = r.task;
  return {
    userTaskKey: userTaskId(r.id, t.elementInstanceKey),
    elementInstanceKey: userTaskId(r.id, t.elementInstanceKey),
    name: t.name ?? null,
    state: r.state,
    assignee: t.assignee ?? null,
    elementId: t.elementId,
    candidateGroups: t.candidateGroups ?? [],
    candidateUsers: t.candidateUsers ?? [],
    processDefinitionId: r.process_id,
    processDefinitionVersion: r.version,
    processDefinitionKey: r.definition_id,
    processInstanceKey: r.id,
    tenantId: tenantOfOrganization(r.organization_id),
    creationDate: new Date(t.createdAt).toISOString(),
    completionDate: r.completed_at === null ? null : new Date(r.completed_at).toISOString(),
    dueDate: t.dueDate ?? null,
    followUpDate: t.followUpDate ?? null,
    // An application's own form (a custom formKey, Camunda 8.5's externalReference) is its external reference, as Camunda answers it
    formKey: showsCamundaForm ? (t.formKey ?? null) : null,
    priority: t.priority ?? 50,
    customHeaders: {},
    externalFormReference: showsCamundaForm ? null : (t.formKey ?? null),
    processName: r.process_name ?? null,
    // a called process runs inside its caller's instance, so every task's instance is its root
    rootProcessInstanceKey: r.id,
    tags: [],
  };
}
