import { ActivityNotFoundError, isGrpcServiceError, type Client } from '@temporalio/client';
import { ApplicationFailure, defaultPayloadConverter, type Payload } from '@temporalio/common';
import { msToTs } from '@temporalio/common/lib/time';
import { status as grpcStatus } from '@grpc/grpc-js';
import { BPMN_ERROR_TYPE } from '../bpmn-process/bpmn-error';
import { AD_HOC_JOB_ANSWER_KEY, DEFAULT_JOB_TIMEOUT_MS, jobTaskQueue, TASK_LISTENER_RESULT_KEY } from '../bpmn-process/external-jobs';
import type { ExternalJobInput } from '../bpmn-process/messages';
import { checkJobResult, type JobResult } from './job-result';
import { JobKeys, tagOf, UnknownJob } from './job-keys';

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
  /** Camunda's job kinds: the element's own job, one of its execution or task listeners, or an ad-hoc sub-process's. */
  kind: 'BPMN_ELEMENT' | 'EXECUTION_LISTENER' | 'TASK_LISTENER' | 'AD_HOC_SUB_PROCESS';
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

export { UnknownJob };

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
  private readonly keys: JobKeys;

  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
    keySecret: string,
  ) {
    this.keys = new JobKeys(keySecret);
  }

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
    return this.keys.decode(jobKey).workflowId;
  }

  /**
   * Camunda's completion. A user task listener's job may carry a result (a denial, corrections): it
   * travels under TASK_LISTENER_RESULT_KEY, since a task listener's variables are never merged. An ad-hoc
   * sub-process's job carries its variables and result (what to activate, whether it is done) together
   * under AD_HOC_JOB_ANSWER_KEY.
   */
  async complete(jobKey: string, variables: Record<string, unknown>, result?: JobResult | null): Promise<void> {
    const { token, tag } = this.keys.decode(jobKey);
    if (result) checkJobResult(tag, result);
    const answer =
      tag && 'adHocSubProcess' in tag
        ? { [AD_HOC_JOB_ANSWER_KEY]: { variables, ...(result?.type === 'adHocSubProcess' ? { result: adHocResult(result) } : {}) } }
        : tag && 'taskListener' in tag && result
          ? { [TASK_LISTENER_RESULT_KEY]: result }
          : variables;
    await this.answer(() => this.client.activity.complete(token, answer));
  }

  /** The process definition and element of an ad-hoc sub-process's job, for checking what its result activates. */
  adHocJobOf(jobKey: string): { definitionId: string; elementId: string } | undefined {
    const { tag } = this.keys.decode(jobKey);
    return tag && 'adHocSubProcess' in tag ? tag.adHocSubProcess : undefined;
  }

  /** Camunda's fail: retries left (0 = incident) and a back-off before the job is available again. */
  async fail(jobKey: string, req: { retries: number; errorMessage?: string; retryBackOff?: number }): Promise<void> {
    const { token } = this.keys.decode(jobKey);
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
    const { token } = this.keys.decode(jobKey);
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
    const { token, workflowId, activityId } = this.keys.decode(jobKey);
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
      jobKey: this.keys.encode(workflowId, activityId, task.taskToken!, tagOf(input)),
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
      kind: input.adHocSubProcess
        ? 'AD_HOC_SUB_PROCESS'
        : !input.listener
          ? 'BPMN_ELEMENT'
          : input.listener.kind === 'execution'
            ? 'EXECUTION_LISTENER'
            : 'TASK_LISTENER',
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
}

/** The part of an `adHocSubProcess` result the workflow reads, without its `type`. */
function adHocResult(result: Extract<JobResult, { type: 'adHocSubProcess' }>) {
  return {
    ...(result.activateElements?.length
      ? {
          activateElements: result.activateElements.map((e) => ({
            elementId: e.elementId,
            ...(e.variables ? { variables: e.variables } : {}),
          })),
        }
      : {}),
    ...(result.isCompletionConditionFulfilled ? { isCompletionConditionFulfilled: true } : {}),
    ...(result.isCancelRemainingInstances ? { isCancelRemainingInstances: true } : {}),
  };
}
