import {
  ActivityFailure,
  ApplicationFailure,
  ChildWorkflowFailure,
  executeChild,
  isCancellation,
  patched,
  workflowInfo,
} from '@temporalio/workflow';
import type { CalledBinding } from '../../engine/compiler/process-graph';
import { evaluateDecision } from '../../engine/dmn/evaluate-decision';
import type { AdHocJobResult, EngineCommand, EngineEvent } from '../../engine/runtime/process-state';
import type { TaskListenerResult } from '../../engine/runtime/task-listener-result';
import { externalJobActivities, type RunActivities } from './activity-proxies';
import { BPMN_ERROR_TYPE } from './bpmn-error';
import { AD_HOC_JOB_ANSWER_KEY, INTERNAL_JOB_SCOPE, jobTaskQueue, TASK_LISTENER_RESULT_KEY } from './external-jobs';
import { LazyPatch } from './lazy-patch';
import { PROCESS_WORKFLOW_TYPE, type ProcessWorkflow } from './messages';
import type { ProcessRun } from './process-run';
import type { RunawayGuardsPatch } from './runaway-guards-patch';

type Command<T extends EngineCommand['type']> = Extract<EngineCommand, { type: T }>;
/** What the job API hands an ad-hoc sub-process's job back with (external-jobs.ts, AD_HOC_JOB_ANSWER_KEY). */
type AdHocJobAnswer = { variables?: Record<string, unknown>; result?: AdHocJobResult };

/**
 * The work an element instance waits for: a service task's activity, a called process as a child
 * workflow, a business rule's decision. Each resolves to the event the interpreter takes next; a
 * failure becomes a failed event (an incident), a cancellation propagates.
 */
export class TaskRunners {
  /** Task listener results (denials, corrections) are read, asked only where a job answered with one. */
  private readonly listenerResults = new LazyPatch('task-listener-results');

  constructor(
    private readonly run: ProcessRun,
    private readonly activities: RunActivities,
    private readonly guards: RunawayGuardsPatch,
  ) {}

  async serviceTask(command: Command<'serviceTask.execute'>): Promise<EngineEvent> {
    const key = command.elementInstanceKey;
    const external = this.isExternalJob(command.taskType);
    try {
      const result = await this.runJob(command, command.taskType, external);
      const answer = command.adHocJob ? (result?.[AD_HOC_JOB_ANSWER_KEY] as AdHocJobAnswer | undefined) : undefined;
      if (answer)
        return {
          type: 'serviceTask.completed',
          elementInstanceKey: key,
          variables: answer.variables ?? {},
          ...(answer.result ? { adHocResult: answer.result } : {}),
        };
      return { type: 'serviceTask.completed', elementInstanceKey: key, variables: result ?? {} };
    } catch (err) {
      if (isCancellation(err)) throw err;
      const cause = err instanceof ActivityFailure && err.cause ? err.cause : err;
      if (cause instanceof ApplicationFailure && cause.type === BPMN_ERROR_TYPE) {
        const errorCode = String((cause.details?.[0] as { errorCode?: string } | undefined)?.errorCode ?? '');
        return { type: 'serviceTask.bpmnError', elementInstanceKey: key, errorCode, message: cause.message };
      }
      const message = cause instanceof Error ? cause.message : String(cause);
      return {
        type: 'serviceTask.failed',
        elementInstanceKey: key,
        message: external
          ? `the job worker of type "${command.taskType}" failed it with no retries left: ${message}`
          : `task type "${command.taskType}" failed after ${command.retries} attempt(s): ${message}`,
      };
    }
  }

  /**
   * An execution or task listener is a job of its type, exactly like a service task's: an activity of
   * ours when one serves the type, else an external job (Camunda's `kind` and `listenerEventType` tell
   * the worker which). Its answer is a listener event; a BPMN error from a listener is not supported by
   * Camunda 8 either and becomes an incident.
   */
  async listener(command: Command<'listener.execute'>): Promise<EngineEvent> {
    const key = command.elementInstanceKey;
    const served = this.run.input.inProcessTaskTypes;
    const external = served !== undefined && !served.includes(command.jobType);
    try {
      const result = await this.runJob(command, command.jobType, external, { kind: command.listenerKind, eventType: command.eventType });
      // Task listeners answer with corrections and denials in Camunda 8, never variables (listeners.ts).
      const answer = command.listenerKind === 'task' ? (result?.[TASK_LISTENER_RESULT_KEY] as TaskListenerResult | undefined) : undefined;
      const read = answer !== undefined && this.listenerResults.applies();
      return { type: 'listener.completed', elementInstanceKey: key, variables: result ?? {}, ...(read ? { result: answer } : {}) };
    } catch (err) {
      if (isCancellation(err)) throw err;
      const cause = err instanceof ActivityFailure && err.cause ? err.cause : err;
      const message = cause instanceof Error ? cause.message : String(cause);
      return {
        type: 'listener.failed',
        elementInstanceKey: key,
        message: `${command.eventType} ${command.listenerKind} listener of type "${command.jobType}" failed with no retries left: ${message}`,
      };
    }
  }

  /**
   * One job of `jobType`, the same for a service task and a listener: an external job on its type's task
   * queue (with what Camunda's job API reports), or the activity of ours that serves the type.
   */
  private runJob(
    command: Command<'serviceTask.execute'> | Command<'listener.execute'>,
    jobType: string,
    external: boolean,
    listener?: { kind: Command<'listener.execute'>['listenerKind']; eventType: Command<'listener.execute'>['eventType'] },
  ) {
    const taskInput = {
      processInstanceId: workflowInfo().workflowId,
      processId: this.run.graph.processId,
      elementId: command.elementId,
      elementInstanceKey: command.elementInstanceKey,
      headers: command.headers,
      variables: command.variables,
    };
    if (!external) return this.activities.serviceTask(jobType, command.retries)[jobType]!(taskInput);
    return externalJobActivities(jobTaskQueue(workflowInfo().taskQueue, this.run.input.jobScope ?? INTERNAL_JOB_SCOPE, jobType))[jobType]!({
      ...taskInput,
      jobType,
      retries: command.retries,
      processVersion: this.run.definition.version,
      processDefinitionId: this.run.definition.id,
      ...(listener ? { listener } : {}),
      ...(command.type === 'serviceTask.execute' && command.adHocJob ? { adHocSubProcess: true as const } : {}),
      ...(command.type === 'listener.execute' && command.userTask ? { userTask: command.userTask } : {}),
    });
  }

  /** Whether a user task's linked form is deployed now; a lookup that fails for good is reported as not found. */
  async resolveForm(command: Command<'userTask.resolveForm'>): Promise<EngineEvent> {
    const key = command.elementInstanceKey;
    try {
      const answer = await this.activities
        .engine()
        .resolveTaskForm({ definitionId: this.run.definition.id, elementId: command.elementId, formId: command.formId });
      return { type: 'userTask.formResolved', elementInstanceKey: key, ...answer };
    } catch (err) {
      if (isCancellation(err)) throw err;
      const cause = err instanceof ActivityFailure && err.cause ? err.cause : err;
      const message = `form "${command.formId}" could not be looked up: ${cause instanceof Error ? cause.message : String(cause)}`;
      return { type: 'userTask.formResolved', elementInstanceKey: key, found: false, message };
    }
  }

  /**
   * A type no activity of ours serves waits for an external worker, as in Camunda 8. Instances started
   * without the list, and histories recorded before the patch, keep failing such a task into an incident.
   */
  private isExternalJob(taskType: string): boolean {
    const served = this.run.input.inProcessTaskTypes;
    return served !== undefined && !served.includes(taskType) && patched('external-jobs');
  }

  /**
   * A call activity's or business rule task's binding (Camunda 8.6) with the calling version it is read
   * against, for the activity that resolves the version to run; nothing for an unbound one, and for graphs
   * compiled before bindings, so their activity input stays as recorded.
   */
  private boundBy(elementId: string): { binding?: CalledBinding; callerDefinitionId?: string } {
    const node = this.run.input.graph.elements[elementId];
    const binding = node?.kind === 'callActivity' || node?.kind === 'businessRuleTask' ? node.binding : undefined;
    return binding ? { binding, callerDefinitionId: this.run.input.definition.id } : {};
  }

  async callActivity(command: Command<'callActivity.start'>): Promise<EngineEvent> {
    const key = command.elementInstanceKey;
    const { input } = this.run;
    try {
      const called = await this.activities
        .engine()
        .resolveProcessDefinition({ processId: command.processId, ...this.boundBy(command.elementId) });
      // By type name, not by function: this module is part of the workflow it starts.
      const result = await executeChild<ProcessWorkflow>(PROCESS_WORKFLOW_TYPE, {
        workflowId: `${workflowInfo().workflowId}:${key}`,
        args: [
          {
            graph: called.graph,
            definition: called.definition,
            variables: command.variables,
            ...(input.businessKey ? { businessKey: input.businessKey } : {}),
            ...(input.localTaskTypes ? { localTaskTypes: input.localTaskTypes } : {}),
            ...(input.inProcessTaskTypes ? { inProcessTaskTypes: input.inProcessTaskTypes } : {}),
            ...(input.activityTaskQueue ? { activityTaskQueue: input.activityTaskQueue } : {}),
            ...(input.jobScope ? { jobScope: input.jobScope } : {}),
          },
        ],
      });
      return {
        type: 'callActivity.completed',
        elementInstanceKey: key,
        variables: result.status === 'completed' ? result.view.variables : {},
      };
    } catch (err) {
      if (isCancellation(err)) throw err;
      const cause = (err instanceof ActivityFailure || err instanceof ChildWorkflowFailure) && err.cause ? err.cause : err;
      return {
        type: 'callActivity.failed',
        elementInstanceKey: key,
        message: `called process "${command.processId}": ${cause instanceof Error ? cause.message : String(cause)}`,
      };
    }
  }

  /** The decision graph comes from an activity; evaluating it is pure, so it runs here in the workflow. */
  async businessRule(command: Command<'businessRuleTask.evaluate'>): Promise<EngineEvent> {
    const key = command.elementInstanceKey;
    try {
      const { graph: decisions } = await this.activities
        .engine()
        .resolveDecisionDefinition({ decisionId: command.decisionId, ...this.boundBy(command.elementId) });
      const { result } = this.guards.decideGuarded((budget) => evaluateDecision(decisions, command.decisionId, command.variables, budget));
      return { type: 'businessRuleTask.completed', elementInstanceKey: key, result };
    } catch (err) {
      if (isCancellation(err)) throw err;
      const cause = err instanceof ActivityFailure && err.cause ? err.cause : err;
      return {
        type: 'businessRuleTask.failed',
        elementInstanceKey: key,
        message: `decision "${command.decisionId}": ${cause instanceof Error ? cause.message : String(cause)}`,
      };
    }
  }
}
