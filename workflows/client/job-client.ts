import { createHmac, timingSafeEqual } from 'node:crypto';
import { ActivityNotFoundError, isGrpcServiceError, type Client } from '@temporalio/client';
import { ApplicationFailure, defaultPayloadConverter, type Payload } from '@temporalio/common';
import { msToTs } from '@temporalio/common/lib/time';
import { status as grpcStatus } from '@grpc/grpc-js';
import { BPMN_ERROR_TYPE } from '../bpmn-process/bpmn-error';
import type { TaskListenerResult } from '../../engine/runtime/task-listener-result';
import { DEFAULT_JOB_TIMEOUT_MS, jobTaskQueue, TASK_LISTENER_RESULT_KEY } from '../bpmn-process/external-jobs';
import type { ExternalJobInput } from '../bpmn-process/messages';
import { checkTaskListenerResult } from './task-listener-result';

/** One job handed to an external worker, in Camunda 8's `ActivatedJobResult` shape. */
export interface ActivatedJob {
  jobKey: string;
  type: string;
  processInstanceKey: string;
  rootProcessInstanceKey: string;
  processDefinitionId: string;
  processDefinitionVersion: number;
  processDefinitionKey: string;
  elementId: string;
  elementInstanceKey: string;
  customHeaders: Record<string, string>;
  worker: string;
  retries: number;
  deadline: number;
  variables: Record<string, unknown>;
  tenantId: string;
  /** Camunda's job kinds: the element's own job, or one of its execution or task listeners. */
  kind: 'BPMN_ELEMENT' | 'EXECUTION_LISTENER' | 'TASK_LISTENER';
  listenerEventType: 'UNSPECIFIED' | 'START' | 'END' | 'CREATING' | 'ASSIGNING' | 'UPDATING' | 'COMPLETING' | 'CANCELING';
  userTask: null;
  tags: string[];
}

export interface ActivateJobsRequest {
  type: string;
  worker: string;
  /** How long the worker holds each job before it is made available again (ms). */
  timeout: number;
  maxJobsToActivate: number;
  fetchVariable?: string[];
  /** Long polling: how long to wait for a first job (ms); 0 the default, negative not at all. */
  requestTimeout?: number;
  /** The organisation whose jobs these are, or `internal`. */
  scope: string;
  /** The tenant id the answer names (Camunda's `<default>` for internal work). */
  tenantId: string;
}

/** A job key that does not name a job this server handed out (forged, mangled or from another server). */
export class UnknownJob extends Error {
  readonly code = 'JOB_NOT_FOUND';
  constructor(message = 'the job does not exist, or it was completed, failed or timed out') {
    super(message);
    this.name = 'UnknownJob';
  }
}

/** Camunda's long-poll default, used when a request says 0. */
const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
/** Temporal's frontend refuses a long poll with less time than 2 s ("Context timeout is too short"). */
const MIN_POLL_MS = 2_500;

/**
 * Camunda 8's job API over Temporal's own primitives: activating is a poll of the job type's task
 * queue (Temporal's long poll), completing, failing and throwing an error answer the activity task
 * by its task token. Nothing is stored here: the job key carries the task token and the workflow id,
 * signed, so a key cannot be forged into another instance's job; a token Temporal no longer knows
 * (completed, timed out and handed to another worker) is an {@link UnknownJob}.
 */
export class JobClient {
  /** Aborted by {@link close}: a long poll still open when the connection closes would be retried by the
   * SDK's gRPC retry timer on a closed channel, which throws outside any promise and ends the process. */
  private readonly closing = new AbortController();

  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
    private readonly keySecret: string,
  ) {}

  /** Ends every open long poll (their activations answer an empty list); call before closing the connection. */
  close(): void {
    this.closing.abort();
  }

  /**
   * One job per activation: Temporal refuses a poll shorter than its minimum long poll (2 s), so a
   * batch cannot be topped up quickly, and a poll given up early could strand a job it already took.
   * Camunda's workers poll again at once while they work, so a batch is only a little slower.
   */
  async activate(req: ActivateJobsRequest): Promise<ActivatedJob[]> {
    const queue = jobTaskQueue(this.taskQueue, req.scope, req.type);
    const wait = req.requestTimeout === undefined || req.requestTimeout === 0 ? DEFAULT_REQUEST_TIMEOUT_MS : req.requestTimeout;
    const deadline = Date.now() + Math.max(wait, MIN_POLL_MS);
    while (deadline - Date.now() >= MIN_POLL_MS && !this.closing.signal.aborted) {
      const task = await this.poll(queue, req.worker, deadline);
      if (task) return [await this.toJob(task, req)];
    }
    return [];
  }

  /** The workflow (process instance) a job key belongs to, for the caller's tenant check. */
  workflowIdOf(jobKey: string): string {
    return this.decode(jobKey).workflowId;
  }

  /**
   * Camunda's completion. A user task listener's job may carry a result (a denial, corrections): it
   * travels under TASK_LISTENER_RESULT_KEY, since a task listener's variables are never merged.
   */
  async complete(jobKey: string, variables: Record<string, unknown>, result?: TaskListenerResult | null): Promise<void> {
    const { token, taskListener } = this.decode(jobKey);
    if (result) checkTaskListenerResult(taskListener, result);
    const answer = taskListener && result ? { [TASK_LISTENER_RESULT_KEY]: result } : variables;
    await this.answer(() => this.client.activity.complete(token, answer));
  }

  /** Camunda's fail: retries left (0 = incident) and a back-off before the job is available again. */
  async fail(jobKey: string, req: { retries: number; errorMessage?: string; retryBackOff?: number }): Promise<void> {
    const { token } = this.decode(jobKey);
    const message = req.errorMessage ?? 'the job worker reported a failure';
    await this.answer(async () => {
      // The retries the worker gives travel to the next attempt as heartbeat details.
      await this.client.activity.heartbeat(token, { retries: req.retries });
      await this.client.activity.fail(
        token,
        ApplicationFailure.create({
          message,
          type: 'JobFailed',
          nonRetryable: req.retries <= 0,
          ...(req.retries > 0 && req.retryBackOff ? { nextRetryDelay: req.retryBackOff } : {}),
        }),
      );
    });
  }

  /** Camunda's throw error: a BPMN error a boundary event may catch (never retried). */
  async throwError(jobKey: string, req: { errorCode: string; errorMessage?: string }): Promise<void> {
    const { token } = this.decode(jobKey);
    await this.answer(() =>
      this.client.activity.fail(
        token,
        ApplicationFailure.create({
          type: BPMN_ERROR_TYPE,
          message: req.errorMessage ?? `BPMN error ${req.errorCode}`,
          nonRetryable: true,
          details: [{ errorCode: req.errorCode }],
        }),
      ),
    );
  }

  /** Camunda's job update: new retries (for the next failure) and a new timeout from now. */
  async update(jobKey: string, changes: { retries?: number; timeout?: number }): Promise<void> {
    const { token, workflowId, activityId } = this.decode(jobKey);
    await this.answer(async () => {
      if (changes.retries !== undefined) await this.client.activity.heartbeat(token, { retries: changes.retries });
      else await this.client.activity.heartbeat(token);
    });
    if (changes.timeout !== undefined) await this.answer(() => this.extendTimeout(workflowId, activityId, changes.timeout!));
  }

  private async poll(queue: string, worker: string, deadline: number) {
    try {
      const task = await this.client.withAbortSignal(this.closing.signal, () =>
        this.client.withDeadline(deadline, () =>
          this.client.workflowService.pollActivityTaskQueue({
            namespace: this.client.options.namespace,
            taskQueue: { name: queue },
            identity: worker,
          }),
        ),
      );
      return task.taskToken?.length ? task : undefined;
    } catch (err) {
      // The long poll ran out: no job of this type yet, which is an empty answer, not an error.
      if (isGrpcServiceError(err) && err.code === grpcStatus.DEADLINE_EXCEEDED) return undefined;
      // Shutting down: the poll was ended on purpose, nothing was taken.
      if (this.closing.signal.aborted) return undefined;
      throw err;
    }
  }

  private async toJob(
    task: Awaited<ReturnType<Client['workflowService']['pollActivityTaskQueue']>>,
    req: ActivateJobsRequest,
  ): Promise<ActivatedJob> {
    const input = defaultPayloadConverter.fromPayload<ExternalJobInput>(task.input!.payloads![0] as Payload);
    const details = task.heartbeatDetails?.payloads?.[0];
    const retriesLeft = details ? defaultPayloadConverter.fromPayload<{ retries?: number }>(details as Payload).retries : undefined;
    const workflowId = task.workflowExecution!.workflowId!;
    const activityId = task.activityId!;
    // The activity was scheduled with the default timeout; the worker's own timeout replaces it. A
    // server without the activity API keeps the default: the job still works, only its timeout differs.
    const timeoutSet = await this.extendTimeout(workflowId, activityId, req.timeout).then(
      () => true,
      () => false,
    );
    const variables = req.fetchVariable?.length
      ? Object.fromEntries(req.fetchVariable.filter((n) => n in input.variables).map((n) => [n, input.variables[n]]))
      : input.variables;
    return {
      jobKey: this.encode(workflowId, activityId, task.taskToken!, input.listener?.kind === 'task' ? input.listener.eventType : undefined),
      type: input.jobType,
      processInstanceKey: workflowId,
      rootProcessInstanceKey: workflowId.split(':')[0]!,
      processDefinitionId: input.processId,
      processDefinitionVersion: input.processVersion,
      processDefinitionKey: input.processDefinitionId,
      elementId: input.elementId,
      elementInstanceKey: String(input.elementInstanceKey),
      customHeaders: input.headers,
      worker: req.worker,
      retries: retriesLeft ?? input.retries,
      deadline: Date.now() + (timeoutSet ? req.timeout : DEFAULT_JOB_TIMEOUT_MS),
      variables,
      tenantId: req.tenantId,
      kind: !input.listener ? 'BPMN_ELEMENT' : input.listener.kind === 'execution' ? 'EXECUTION_LISTENER' : 'TASK_LISTENER',
      listenerEventType: input.listener ? (input.listener.eventType.toUpperCase() as ActivatedJob['listenerEventType']) : 'UNSPECIFIED',
      userTask: null,
      tags: [],
    };
  }

  /**
   * Sets the running attempt's start-to-close timeout (Temporal's UpdateActivityOptions): the job is
   * available again that long from now if the worker neither answers nor extends it.
   */
  private async extendTimeout(workflowId: string, activityId: string, timeoutMs: number): Promise<void> {
    const ms = Math.max(1000, timeoutMs);
    await this.client.workflowService.updateActivityOptions({
      namespace: this.client.options.namespace,
      execution: { workflowId },
      id: activityId,
      identity: 'flowdesk-job-api',
      activityOptions: { startToCloseTimeout: msToTs(ms) },
      updateMask: { paths: ['start_to_close_timeout'] },
    });
  }

  private async answer(call: () => Promise<unknown>): Promise<void> {
    try {
      await call();
    } catch (err) {
      if (err instanceof ActivityNotFoundError || (isGrpcServiceError(err) && err.code === grpcStatus.NOT_FOUND)) throw new UnknownJob();
      throw err;
    }
  }

  /**
   * `<workflow id>.<activity id>.<task token>[.<task listener event>].<signature>`, each base64url: a task
   * listener's job names its event, so its completion's result can be checked against it.
   */
  private encode(workflowId: string, activityId: string, token: Uint8Array, taskListener?: string): string {
    const body = [workflowId, activityId, token, ...(taskListener ? [taskListener] : [])]
      .map((part) => Buffer.from(part).toString('base64url'))
      .join('.');
    return `${body}.${this.sign(body)}`;
  }

  private decode(jobKey: string): { workflowId: string; activityId: string; token: Uint8Array; taskListener?: string } {
    const parts = jobKey.split('.');
    if (parts.length !== 4 && parts.length !== 5) throw new UnknownJob();
    const body = parts.slice(0, -1).join('.');
    // Compare the text, not the decoded bytes: base64url's last character carries spare bits, so two
    // spellings decode to the same signature and a decoded comparison would accept a key that was never issued.
    const given = Buffer.from(parts[parts.length - 1]!, 'utf8');
    const expected = Buffer.from(this.sign(body), 'utf8');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new UnknownJob();
    return {
      workflowId: Buffer.from(parts[0]!, 'base64url').toString('utf8'),
      activityId: Buffer.from(parts[1]!, 'base64url').toString('utf8'),
      token: new Uint8Array(Buffer.from(parts[2]!, 'base64url')),
      ...(parts.length === 5 ? { taskListener: Buffer.from(parts[3]!, 'base64url').toString('utf8') } : {}),
    };
  }

  private sign(body: string): string {
    return createHmac('sha256', this.keySecret).update(body).digest('base64url');
  }
}
