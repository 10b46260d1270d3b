// Over 300 lines because one typed surface covers every Temporal call the API makes, with their shared deadlines.
import type { Client } from '@temporalio/client';
import {
  isGrpcServiceError,
  ServiceError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type WorkflowExecutionStatusName,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { status as grpcStatus } from '@grpc/grpc-js';
import type { ProcessGraph } from '../../engine/compiler/process-graph';
import {
  PROCESS_WORKFLOW_TYPE,
  TIMER_START_WORKFLOW_TYPE,
  assignUserTaskUpdate,
  broadcastSignalUpdate,
  cancelProcessUpdate,
  correlateMessageUpdate,
  completeUserTaskUpdate,
  migrateProcessUpdate,
  processStateQuery,
  retryIncidentUpdate,
  setVariablesUpdate,
  activateAdHocElementsUpdate,
  type ActivateAdHocElementsRequest,
  updateUserTaskUpdate,
  type MigrateProcessRequest,
  type ProcessInstanceInput,
  type ProcessInstanceResult,
  type TimerStartInput,
} from '../bpmn-process/messages';
import { INTERNAL_JOB_SCOPE } from '../bpmn-process/external-jobs';
import { JobBacklogClient } from './job-backlog';
import { JobClient } from './job-client';
import { MigrationBatchClient } from './migration-batch-client';
import { WhatIfClient } from './what-if-client';
import { StartBreaker } from './start-breaker';
import type { ProcessInstanceView } from '../../engine/runtime/process-view';
import type { UserTaskChanges } from '../../engine/runtime/process-state';

/** The engine refused a request (task not open, instance finished…); `code` is stable for clients. */
export class EngineRequestRejected extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'EngineRequestRejected';
  }
}

export class ProcessInstanceNotFound extends Error {
  readonly code = 'PROCESS_INSTANCE_NOT_FOUND';
  constructor(readonly instanceId: string) {
    super(`process instance ${instanceId} does not exist`);
    this.name = 'ProcessInstanceNotFound';
  }
}

export interface StartProcessInstance {
  instanceId: string;
  graph: ProcessGraph;
  definition: ProcessInstanceInput['definition'];
  variables?: Record<string, unknown>;
  businessKey?: string;
  /** History events before the instance continues as new (tests set it low). */
  historyBudget?: number;
  /** The message start event a published message starts the instance at. */
  startEventId?: string;
  /** The organisation the instance belongs to (null: internal); its external jobs are that organisation's. */
  organizationId?: string | null;
}

/**
 * How a cancel ended: the workflow took it (its state says so), or it could not take it and its
 * execution was terminated instead, for `cause`.
 */
export type CancelOutcome = { canceled: ProcessInstanceView } | { terminated: { cause: string } };

/**
 * The typed surface the API uses to drive process instances. It knows Temporal and BPMN, nothing
 * about tickets.
 */
/** How long a failed start's caller asks whether it landed after all (startLanded). */
const START_CHECK_MS = 2_000;
/** How long starts are refused at once after one found Temporal away: as long as a 503 tells callers to wait. */
const START_BREAKER_MS = 5_000;

export class EngineClient {
  private readonly queryTimeoutMs: number;
  private readonly cancelDeliveryMs: number;
  private readonly startTimeoutMs: number;
  private readonly updateTimeoutMs: number;
  private readonly localTaskTypes: readonly string[];
  private readonly inProcessTaskTypes: readonly string[] | undefined;
  private readonly activityTaskQueue: string | undefined;
  private readonly breaker = new StartBreaker(START_BREAKER_MS);

  /**
   * @param opts.localTaskTypes task types the worker runs as local activities (short database steps);
   *   every instance this client starts carries the list, and passes it to the processes it calls.
   * @param opts.cancelDeliveryMs how long a cancel waits for the workflow to take it before it
   *   terminates the execution instead (no worker, or none that can run it)
   * @param opts.startTimeoutMs how long a start may wait for the Temporal server: while it is away the
   *   client would retry until it is back, holding the request (and its caller) for the whole outage;
   *   past this the start fails with DEADLINE_EXCEEDED, which the API answers with 503 and Retry-After
   * @param opts.updateTimeoutMs how long a request to an instance (complete a task, deliver a message…)
   *   waits for a worker to take it: with no worker, or one too slow, the update would otherwise hold the
   *   caller's request for ever; past this it fails with DEADLINE_EXCEEDED, answered with 503 and Retry-After
   */
  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
    opts: {
      queryTimeoutMs?: number;
      cancelDeliveryMs?: number;
      startTimeoutMs?: number;
      updateTimeoutMs?: number;
      localTaskTypes?: readonly string[];
      /** Every task type the worker serves; other types become jobs for external workers (none given: incidents, as before). */
      inProcessTaskTypes?: readonly string[];
      /** Where the instances it starts schedule their regular activities (config `FLOWDESK_ACTIVITY_TASK_QUEUE`). */
      activityTaskQueue?: string;
    } = {},
  ) {
    this.queryTimeoutMs = opts.queryTimeoutMs ?? 3000;
    this.cancelDeliveryMs = opts.cancelDeliveryMs ?? 10_000;
    this.startTimeoutMs = opts.startTimeoutMs ?? 5000;
    this.updateTimeoutMs = opts.updateTimeoutMs ?? 30_000;
    this.localTaskTypes = opts.localTaskTypes ?? [];
    this.inProcessTaskTypes = opts.inProcessTaskTypes;
    this.activityTaskQueue = opts.activityTaskQueue !== taskQueue ? opts.activityTaskQueue : undefined;
  }

  /** Idempotent by instance id: starting the same id twice is not an error and starts nothing new. */
  /** Camunda 8's job API for external workers on this client's task queue; `keySecret` signs job keys. */
  jobClient(keySecret: string): JobClient {
    return new JobClient(this.client, this.taskQueue, keySecret);
  }

  /** Task types the worker serves itself; every other service task type is a job for external workers (none given: all served). */
  get servedTaskTypes(): readonly string[] | undefined {
    return this.inProcessTaskTypes;
  }

  /** Jobs for external workers waiting on this client's task queue's job queues (for the metrics). */
  jobBacklog(): JobBacklogClient {
    return new JobBacklogClient(this.client, this.taskQueue);
  }

  /** Batch migrations (a workflow each) on this client's task queue. */
  migrationBatches(): MigrationBatchClient {
    return new MigrationBatchClient(this.client, this.taskQueue);
  }

  /** What-if replays (a workflow each) on this client's task queue. */
  whatIfRuns(): WhatIfClient {
    return new WhatIfClient(this.client, this.taskQueue);
  }

  async start(req: StartProcessInstance): Promise<void> {
    const input: ProcessInstanceInput = {
      graph: req.graph,
      variables: req.variables ?? {},
      definition: req.definition,
      ...(req.businessKey ? { businessKey: req.businessKey } : {}),
      ...(req.historyBudget ? { historyBudget: req.historyBudget } : {}),
      ...(req.startEventId ? { startEventId: req.startEventId } : {}),
      ...(this.localTaskTypes.length ? { localTaskTypes: [...this.localTaskTypes] } : {}),
      ...(this.activityTaskQueue ? { activityTaskQueue: this.activityTaskQueue } : {}),
      ...(this.inProcessTaskTypes
        ? { inProcessTaskTypes: [...this.inProcessTaskTypes], jobScope: req.organizationId ?? INTERNAL_JOB_SCOPE }
        : {}),
    };
    this.breaker.check(req.instanceId);
    try {
      await this.client.withDeadline(Date.now() + this.startTimeoutMs, () =>
        this.client.workflow.start(PROCESS_WORKFLOW_TYPE, {
          workflowId: req.instanceId,
          taskQueue: this.taskQueue,
          args: [input],
          memo: { processId: req.definition.processId, version: req.definition.version },
        }),
      );
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  }

  /**
   * Whether a start whose answer never came (it failed past its deadline while the server was slow, not
   * away) did reach the server after all. Asked once, briefly: an unreachable server or any doubt is "no",
   * which leaves the caller's undo as it was.
   */
  async startLanded(instanceId: string): Promise<boolean> {
    if (this.breaker.wasRefused(instanceId)) return false;
    try {
      await this.client.withDeadline(Date.now() + START_CHECK_MS, () => this.client.workflow.getHandle(instanceId).describe());
      return true;
    } catch (err) {
      // Not found: the server answered, and the start did not land. No answer: it is away.
      this.breaker.checkFailed(err);
      return false;
    }
  }

  /**
   * Where an instance stands. A running one is queried; a completed one is read from its result,
   * which needs no worker and no replay.
   */
  async inspect(instanceId: string): Promise<{ status: WorkflowExecutionStatusName; view?: ProcessInstanceView }> {
    return this.call(instanceId, async (h) => {
      const status = (await h.describe()).status.name;
      if (status === 'COMPLETED') return { status, view: ((await h.result()) as ProcessInstanceResult).view };
      if (status !== 'RUNNING') return { status };
      try {
        // A query needs a live worker; without one the server waits, so a list must not wait with it.
        const view = await this.client.withDeadline(Date.now() + this.queryTimeoutMs, () => h.query(processStateQuery));
        return { status, view };
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) throw err;
        return { status };
      }
    });
  }

  /**
   * The instance's result once it ends (Camunda's `awaitCompletion`), or undefined if it has not ended
   * within `timeoutMs`; waiting asks no worker (Temporal's long poll of the history).
   */
  async awaitResult(instanceId: string, timeoutMs: number): Promise<ProcessInstanceResult | undefined> {
    const deadline = Date.now() + timeoutMs;
    return this.call(instanceId, async (h) => {
      try {
        return (await this.client.withDeadline(deadline, () => h.result())) as ProcessInstanceResult;
      } catch (err) {
        // The client wraps the gRPC deadline in its own ServiceError, with the cause inside.
        const cause = err instanceof ServiceError ? err.cause : err;
        if (isGrpcServiceError(cause) && cause.code === grpcStatus.DEADLINE_EXCEEDED) return undefined;
        // Past the deadline any failure of the service is that deadline, whatever status it came with (the
        // server may end a long poll itself as the deadline nears): a 504, the instance still runs, not a 500.
        if (err instanceof ServiceError && Date.now() >= deadline) return undefined;
        throw err;
      }
    });
  }

  /** Whether a workflow of this id exists (running or ended, within retention); asks no worker. */
  async exists(instanceId: string): Promise<boolean> {
    try {
      await this.call(instanceId, (h) => h.describe());
      return true;
    } catch (err) {
      if (err instanceof ProcessInstanceNotFound) return false;
      throw err;
    }
  }

  async completeUserTask(instanceId: string, elementInstanceKey: number, variables: Record<string, unknown>): Promise<ProcessInstanceView> {
    return this.update(instanceId, (h) => h.executeUpdate(completeUserTaskUpdate, { args: [{ elementInstanceKey, variables }] }));
  }

  /** Camunda 8's assign (a username) or unassign (null); applied after the task's assigning listeners. */
  async assignUserTask(instanceId: string, elementInstanceKey: number, assignee: string | null): Promise<ProcessInstanceView> {
    return this.update(instanceId, (h) => h.executeUpdate(assignUserTaskUpdate, { args: [{ elementInstanceKey, assignee }] }));
  }

  /** Camunda 8's user task update (candidates, dates, priority); applied after the task's updating listeners. */
  async updateUserTask(instanceId: string, elementInstanceKey: number, changes: UserTaskChanges): Promise<ProcessInstanceView> {
    return this.update(instanceId, (h) => h.executeUpdate(updateUserTaskUpdate, { args: [{ elementInstanceKey, changes }] }));
  }

  async retryIncident(instanceId: string, incidentKey: number): Promise<ProcessInstanceView> {
    return this.update(instanceId, (h) => h.executeUpdate(retryIncidentUpdate, { args: [{ incidentKey }] }));
  }

  /**
   * After a deploy: one timer-start workflow per timer start event of the new version, replacing
   * those of the previous version (Zeebe does the same), and none left for start events it dropped.
   */
  async scheduleTimerStarts(
    definition: { id: string; processId: string; version: number; graph: ProcessGraph },
    previous?: ProcessGraph,
  ): Promise<void> {
    const workflowId = (elementId: string) => `timer-start:${definition.processId}:${elementId}`;
    const current = definition.graph.timerStartEvents ?? [];
    for (const dropped of (previous?.timerStartEvents ?? []).filter((p) => !current.some((c) => c.elementId === p.elementId))) {
      try {
        await this.client.workflow
          .getHandle(workflowId(dropped.elementId))
          .terminate(`version ${definition.version} has no timer start event ${dropped.elementId}`);
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError)) throw err;
      }
    }
    for (const { elementId, timer } of current) {
      const input: TimerStartInput = {
        processId: definition.processId,
        definitionId: definition.id,
        version: definition.version,
        startEventId: elementId,
        timer,
      };
      await this.client.workflow.start(TIMER_START_WORKFLOW_TYPE, {
        workflowId: workflowId(elementId),
        taskQueue: this.taskQueue,
        args: [input],
        workflowIdConflictPolicy: 'TERMINATE_EXISTING',
      });
    }
  }

  /**
   * Delivers a message to one instance; false when it no longer waits for it (moved on, ended, gone),
   * so the publisher can try others or buffer it.
   */
  async correlateMessage(
    instanceId: string,
    message: { name: string; correlationKey: string; variables: Record<string, unknown> },
    deliveryId?: string,
  ): Promise<boolean> {
    try {
      await this.update(instanceId, (h) =>
        h.executeUpdate(correlateMessageUpdate, {
          args: [message],
          ...(deliveryId !== undefined ? { updateId: `message/${deliveryId}` } : {}),
        }),
      );
      return true;
    } catch (err) {
      if (
        err instanceof ProcessInstanceNotFound ||
        (err instanceof EngineRequestRejected && ['NO_SUBSCRIPTION', 'NOT_ACTIVE'].includes(err.code))
      )
        return false;
      throw err;
    }
  }

  /**
   * Delivers a signal to one instance; false when nothing there waits for it. With a `deliveryId`,
   * delivering it again is harmless: Temporal answers a repeated update id with the first outcome, and
   * the instance remembers the id across continue-as-new.
   */
  async broadcastSignal(
    instanceId: string,
    signal: { name: string; variables: Record<string, unknown> },
    deliveryId?: string,
  ): Promise<boolean> {
    try {
      const args: [{ name: string; variables: Record<string, unknown>; deliveryId?: string }] = [
        { ...signal, ...(deliveryId !== undefined ? { deliveryId } : {}) },
      ];
      return (
        await this.update(instanceId, (h) =>
          h.executeUpdate(broadcastSignalUpdate, { args, ...(deliveryId !== undefined ? { updateId: `signal/${deliveryId}` } : {}) }),
        )
      ).triggered;
    } catch (err) {
      if (err instanceof ProcessInstanceNotFound || (err instanceof EngineRequestRejected && err.code === 'NOT_ACTIVE')) return false;
      throw err;
    }
  }

  /**
   * Cancels through the workflow, which terminates every token and stops their work. When the workflow
   * cannot take the request — its workflow task keeps failing (the server refuses the update at once),
   * or no worker runs it within `cancelDeliveryMs` — the execution is terminated instead: a cancel
   * must always work, and an instance that cannot run is exactly the one an operator wants gone.
   * A refusal by the workflow itself (already ended…) is not delivered-late: it is thrown as before.
   */
  async cancel(instanceId: string, reason: string): Promise<CancelOutcome> {
    const handle = this.client.workflow.getHandle(instanceId);
    try {
      const view = await this.client.withDeadline(Date.now() + this.cancelDeliveryMs, () =>
        handle.executeUpdate(cancelProcessUpdate, { args: [{ reason }] }),
      );
      return { canceled: view };
    } catch (err) {
      const refused = translate(err, instanceId);
      if (refused instanceof EngineRequestRejected || refused instanceof ProcessInstanceNotFound) throw refused;
      const described = await handle.describe().catch(() => undefined);
      if (described?.status.name !== 'RUNNING') throw refused;
      const attempts = Number(described.raw.pendingWorkflowTask?.attempt ?? 0);
      const cause =
        attempts > 1
          ? `the workflow could not take the cancel request: its workflow task has failed ${attempts - 1} time(s) (${errorText(err)})`
          : `the workflow did not take the cancel request within ${this.cancelDeliveryMs / 1000} s: no worker ran it (${errorText(err)})`;
      try {
        await handle.terminate(`canceled: ${reason} (${cause})`);
      } catch (terminateErr) {
        // It ended meanwhile (the cancel got through after all): what it says now is the answer.
        const after = await this.inspect(instanceId);
        if (after.status === 'COMPLETED' && after.view) return { canceled: after.view };
        throw translate(terminateErr, instanceId);
      }
      return { terminated: { cause } };
    }
  }

  /** Sets variables at process level, or in one element instance's local scope. */
  async setVariables(
    instanceId: string,
    variables: Record<string, unknown>,
    scopeKey?: number,
    propagate = false,
  ): Promise<ProcessInstanceView> {
    const req = { variables, ...(scopeKey !== undefined ? { scopeKey } : {}), ...(propagate ? { propagate: true as const } : {}) };
    return this.update(instanceId, (h) => h.executeUpdate(setVariablesUpdate, { args: [req] }));
  }

  /** Activates inner elements of a running ad-hoc sub-process (Camunda 8.8); the workflow refuses what it may not activate. */
  async activateAdHocElements(instanceId: string, req: ActivateAdHocElementsRequest): Promise<ProcessInstanceView> {
    return this.update(instanceId, (h) => h.executeUpdate(activateAdHocElementsUpdate, { args: [req] }));
  }

  /** Continues the instance on another version's graph; the workflow refuses (MIGRATION_REFUSED) a token with no target. */
  async migrate(instanceId: string, req: MigrateProcessRequest): Promise<ProcessInstanceView> {
    return this.update(instanceId, (h) => h.executeUpdate(migrateProcessUpdate, { args: [req] }));
  }

  /** A workflow update, bounded by `updateTimeoutMs` so that no request waits for a worker for ever. */
  private update<T>(instanceId: string, fn: (handle: ReturnType<Client['workflow']['getHandle']>) => Promise<T>): Promise<T> {
    return this.call(instanceId, (h) => this.client.withDeadline(Date.now() + this.updateTimeoutMs, () => fn(h)));
  }

  private async call<T>(instanceId: string, fn: (handle: ReturnType<Client['workflow']['getHandle']>) => Promise<T>): Promise<T> {
    try {
      return await fn(this.client.workflow.getHandle(instanceId));
    } catch (err) {
      throw translate(err, instanceId);
    }
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function translate(err: unknown, instanceId: string): unknown {
  if (err instanceof WorkflowNotFoundError) return new ProcessInstanceNotFound(instanceId);
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
    return new EngineRequestRejected(err.cause.message, err.cause.type ?? 'REJECTED');
  }
  // An update sent to a closed workflow is refused by the server before any handler runs.
  if (err instanceof Error && /workflow execution already completed/i.test(err.message)) {
    return new EngineRequestRejected('the process instance has already ended', 'NOT_ACTIVE');
  }
  return err;
}
