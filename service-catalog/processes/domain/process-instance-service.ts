// Over 300 lines because the instance life cycle (start, read, complete a task, its form, cancel) shares one set of checks.
import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  ProcessInstanceNotFound,
  type EngineClient,
  type OpenUserTask,
  type ProcessInstanceView,
  type StartProcessInstance,
} from '../../../workflows/client';
import { recordAudit, type Actor } from '../../audit/audit-log';
import { WrongState, NotPermitted, NotFound } from '../../errors';
import { hasRole, type Principal } from '../../identity/domain/principal';
import { ProcessDefinitionService } from './process-definition-service';
import type { ProcessDefinition } from './process-definition.entity';
import { ProcessInstance } from './process-instance.entity';
import { ProcessInstanceProjection } from './process-instance-projection.entity';
import { searchInstances, type InstanceSearch } from './process-instance-search';
import { assertStartAnswers } from './start-forms';
import { assertFormAnswers, formOfTask, type TaskForm } from './task-forms';
import { parseElementInstanceRef, parseUserTaskId, userTaskId } from './user-task-id';

export type InstanceStatus = 'RUNNING' | 'COMPLETED' | 'FAILED' | 'CANCELED' | 'TERMINATED' | 'CONTINUED_AS_NEW' | 'TIMED_OUT' | 'UNKNOWN';

export interface StartRequest {
  processId: string;
  version?: number;
  businessKey?: string;
  variables?: Record<string, unknown>;
  startEventId?: string;
  /** The variables are the answers to the version's start form, to be checked against it. */
  startForm?: boolean;
}

/** A committed instance row and the workflow input that starts it. */
export interface PreparedStart {
  instance: ProcessInstance;
  input: StartProcessInstance;
}

/** Who starts an instance and which customer organisation it belongs to (null: internal). */
export interface StartedBy {
  actor: Actor;
  organizationId: string | null;
}

export interface ProcessInstanceDetail {
  instance: ProcessInstance;
  status: InstanceStatus;
  /** Absent only when the workflow could not be asked (server down, history gone), or in a list served from the projection. */
  view?: ProcessInstanceView;
  /** In lists: what the workflow last wrote at a wait state; present means the workflow was not asked. */
  projection?: ProcessInstanceProjection;
}

/**
 * A start without a named start event needs a none start event; a process that starts only by a
 * message or signal is refused (409). Callers that write other rows first check this before.
 */
export function assertStartable(definition: ProcessDefinition, startEventId?: string): void {
  if (!startEventId && definition.graph.startEventIds.length === 0) {
    throw new WrongState(
      'NO_NONE_START_EVENT',
      `process "${definition.processId}" starts only by a message: publish it with POST /messages`,
    );
  }
}

/** Starts process instances and reads them back: the record from PostgreSQL, the live state from Temporal. */
export class ProcessInstanceService {
  private readonly definitions: ProcessDefinitionService;

  constructor(
    private readonly em: EntityManager,
    private readonly engine: EngineClient,
  ) {
    this.definitions = new ProcessDefinitionService(em);
  }

  /**
   * Records the instance, commits, then starts its workflow. The row is committed first so the
   * workflow's first steps find it, and no pooled connection is held while Temporal answers. If
   * Temporal refuses the start, the row is removed again (and the audit trail says so), so the list
   * never shows an instance that does not run.
   */
  async start(req: StartRequest, by: StartedBy, id: string = randomUUID()): Promise<ProcessInstance> {
    const definition = await this.definitions.resolve(req.processId, req.version);
    if (req.startForm) await assertStartAnswers(this.em, definition, req.variables ?? {});
    const prepared = await this.em.transactional(async (em) => {
      const p = this.prepare(em, definition, req, by, id);
      await em.flush();
      return p;
    });
    await this.launch(prepared, by);
    return prepared.instance;
  }

  /**
   * Queues the instance row and its audit entry on `em` (the caller flushes, in its own transaction)
   * and returns what `launch` needs once that transaction has committed.
   */
  prepare(em: EntityManager, definition: ProcessDefinition, req: StartRequest, by: StartedBy, id: string = randomUUID()): PreparedStart {
    assertStartable(definition, req.startEventId);
    const instance = em.create(ProcessInstance, {
      id,
      definition,
      processId: definition.processId,
      version: definition.version,
      businessKey: req.businessKey ?? null,
      startedAt: new Date(),
      organizationId: by.organizationId,
      startedBy: by.actor.id,
      unconfirmedStart: { variables: req.variables ?? {}, ...(req.startEventId ? { startEventId: req.startEventId } : {}) },
    });
    recordAudit(em, by.actor, {
      action: 'processInstance.started',
      entity: 'ProcessInstance',
      entityId: instance.id,
      after: {
        processId: instance.processId,
        version: instance.version,
        businessKey: instance.businessKey ?? null,
        organizationId: by.organizationId,
        variables: req.variables ?? {},
      },
    });
    em.persist(instance);
    return {
      instance,
      input: {
        instanceId: instance.id,
        graph: definition.graph,
        definition: { id: definition.id, processId: definition.processId, version: definition.version },
        variables: req.variables ?? {},
        ...(req.businessKey ? { businessKey: req.businessKey } : {}),
        ...(req.startEventId ? { startEventId: req.startEventId } : {}),
        organizationId: by.organizationId,
      },
    };
  }

  /**
   * Starts the workflow of a committed instance row (idempotent by instance id). When Temporal
   * refuses, the row goes again, with `also` (e.g. the ticket the instance was started for) in the
   * same transaction, and the audit trail records why; the caller sees the original error.
   */
  async launch(prepared: PreparedStart, by: StartedBy, also?: (em: EntityManager) => Promise<void>): Promise<void> {
    try {
      await this.engine.start(prepared.input);
    } catch (err) {
      // Past its deadline a start may still have reached a slow server: undoing the ticket then would
      // leave a workflow without its records (it fails on its first activity) and a retry with the same
      // key answering 404. If it landed, the start succeeded.
      if (await this.engine.startLanded(prepared.instance.id)) return;
      await this.em.fork().transactional(async (em) => {
        await also?.(em);
        await em.nativeDelete(ProcessInstance, { id: prepared.instance.id });
        recordAudit(em, by.actor, {
          action: 'processInstance.startFailed',
          entity: 'ProcessInstance',
          entityId: prepared.instance.id,
          after: { reason: err instanceof Error ? err.message : String(err) },
        });
      });
      throw err;
    }
  }

  /**
   * One SQL query: rows with a projection are answered from it; only rows the workflow has not yet
   * projected (just started, or started before the projection existed) are asked of the workflow.
   */
  async list(search: InstanceSearch): Promise<{ items: ProcessInstanceDetail[]; total: number }> {
    const { rows, total } = await searchInstances(this.em, search);
    const items = await Promise.all(
      rows.map((row) => {
        const projection = row.projection as ProcessInstanceProjection | null | undefined;
        return projection ? { instance: row, status: PROJECTED[projection.status] ?? 'UNKNOWN', projection } : this.withLiveState(row);
      }),
    );
    return { items, total };
  }

  async get(id: string): Promise<ProcessInstanceDetail> {
    return this.withLiveState(await this.record(id));
  }

  /** The stored record alone (through the tenant filter), without asking the workflow. */
  async record(id: string): Promise<ProcessInstance> {
    const instance = await this.em.findOne(ProcessInstance, { id });
    if (!instance) throw new NotFound('PROCESS_INSTANCE_NOT_FOUND', `process instance ${id} does not exist`);
    return instance;
  }

  /**
   * Completes the user task through the workflow, which validates it is open; returns the new state.
   * The instance is read through the tenant filter (another tenant's task is 404), and the task's
   * assignee / candidate users / candidate groups must name the principal (admins may always).
   * @param refuse lets the caller turn an open task away before anything happens (throws), e.g. a
   *   ticket's task, which the ticket's actions complete.
   */
  async completeUserTask(
    taskId: string,
    variables: Record<string, unknown>,
    principal: Principal,
    refuse?: (instance: { id: string; definitionId: string }, task: OpenUserTask) => Promise<void>,
  ): Promise<ProcessInstanceView> {
    const { processInstanceId, elementInstanceKey } = parseUserTaskId(taskId);
    const instance = await this.em.findOne(ProcessInstance, { id: processInstanceId });
    if (!instance) throw new NotFound('TASK_NOT_FOUND', `task ${taskId} does not exist`);
    const { view } = await this.withLiveState(instance);
    const task = view?.openUserTasks.find((t) => t.elementInstanceKey === elementInstanceKey);
    if (task && refuse) await refuse({ id: instance.id, definitionId: instance.definition.id }, task);
    // A task that is not open is left to the engine, which answers 404 or 409 for it.
    if (task && !mayComplete(principal, task))
      throw new NotPermitted(
        'TASK_NOT_ASSIGNED_TO_YOU',
        `task ${taskId} is for ${describeCandidates(task)}, not for ${principal.username}`,
      );
    // A task with a Camunda form completes only with answers its form accepts (issue 16).
    const taskForm = task && view ? await formOfTask(this.em, instance.definition.id, task, view) : null;
    if (taskForm) assertFormAnswers(taskForm, variables);
    let result: ProcessInstanceView;
    try {
      result = await this.engine.completeUserTask(processInstanceId, elementInstanceKey, variables);
    } catch (err) {
      // Temporal answers "not found" for a workflow that has closed; the instance exists, so the task is just over.
      if (err instanceof ProcessInstanceNotFound)
        throw new WrongState('TASK_NOT_OPEN', `task ${taskId} is not open: its process instance has ended`);
      throw err;
    }
    // The workflow is the record of the completion; this row says who did it through the API.
    recordAudit(
      this.em,
      { id: principal.userId, name: principal.username },
      {
        action: 'userTask.completed',
        entity: 'UserTask',
        entityId: taskId,
        before: task
          ? {
              elementId: task.elementId,
              assignee: task.assignee ?? null,
              candidateGroups: task.candidateGroups ?? [],
              candidateUsers: task.candidateUsers ?? [],
            }
          : null,
        after: { variables },
      },
    );
    await this.em.flush();
    return result;
  }

  /**
   * An open task with its instance's live view, for whoever may complete it: 404 as for completing it
   * (an organisation you may not see included), 409 when it is no longer open, 403 when it is not yours.
   */
  async openTask(
    taskId: string,
    principal: Principal,
    field?: string,
  ): Promise<{ definitionId: string; organizationId: string | null; task: OpenUserTask; view: ProcessInstanceView }> {
    const { processInstanceId, elementInstanceKey } = field
      ? parseElementInstanceRef(taskId, field, 'a user task key')
      : parseUserTaskId(taskId);
    const instance = await this.em.findOne(ProcessInstance, { id: processInstanceId });
    if (!instance) throw new NotFound('TASK_NOT_FOUND', `task ${taskId} does not exist`);
    const { view } = await this.withLiveState(instance);
    const task = view?.openUserTasks.find((t) => t.elementInstanceKey === elementInstanceKey);
    if (!view || !task) throw new WrongState('TASK_NOT_OPEN', `task ${taskId} is not open`);
    if (!mayComplete(principal, task))
      throw new NotPermitted(
        'TASK_NOT_ASSIGNED_TO_YOU',
        `task ${taskId} is for ${describeCandidates(task)}, not for ${principal.username}`,
      );
    return { definitionId: instance.definition.id, organizationId: instance.organizationId ?? null, task, view };
  }

  /** An open task and its Camunda form, for whoever may complete it (as {@link openTask}). */
  async taskForm(taskId: string, principal: Principal, field?: string): Promise<{ task: OpenUserTask; form: TaskForm | null }> {
    const { definitionId, task, view } = await this.openTask(taskId, principal, field);
    return { task, form: await formOfTask(this.em, definitionId, task, view) };
  }

  private async withLiveState(instance: ProcessInstance): Promise<ProcessInstanceDetail> {
    try {
      const { status, view } = await this.engine.inspect(instance.id);
      if (status === 'TERMINATED') {
        // Terminated in place of a cancel it could not take: the projection says so, and why.
        const projection = await this.em.findOne(ProcessInstanceProjection, { instance: instance.id });
        return projection?.termination ? { instance, status: 'CANCELED', projection } : { instance, status };
      }
      // A cancelled instance's workflow completes normally; its own state says it was cancelled.
      const shown = status === 'COMPLETED' && view?.status === 'terminated' ? 'CANCELED' : (status as InstanceStatus);
      return { instance, status: shown, ...(view ? { view } : {}) };
    } catch (err) {
      if (err instanceof ProcessInstanceNotFound) return { instance, status: 'UNKNOWN' };
      throw err;
    }
  }
}

export { userTaskId };

const PROJECTED: Record<string, InstanceStatus> = { active: 'RUNNING', completed: 'COMPLETED', terminated: 'CANCELED' };

type TaskAssignment = { assignee?: string; candidateGroups?: string[]; candidateUsers?: string[] };

/** BPMN assignment → directory: usernames for assignee/candidate users, group keys for candidate groups. */
export function mayComplete(principal: Principal, task: TaskAssignment): boolean {
  if (hasRole(principal, 'admin')) return true;
  if (task.assignee === principal.username) return true;
  if (task.candidateUsers?.includes(principal.username)) return true;
  if (task.candidateGroups?.some((g) => principal.groupKeys.includes(g))) return true;
  const unassigned = !task.assignee && !task.candidateUsers?.length && !task.candidateGroups?.length;
  return unassigned && hasRole(principal, 'agent', 'process-owner', 'technician');
}

function describeCandidates(task: TaskAssignment): string {
  const parts = [
    task.assignee && `assignee ${task.assignee}`,
    task.candidateUsers?.length && `users ${task.candidateUsers.join(', ')}`,
    task.candidateGroups?.length && `groups ${task.candidateGroups.join(', ')}`,
  ].filter(Boolean);
  return parts.length ? parts.join('; ') : 'staff';
}
