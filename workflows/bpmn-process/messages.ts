import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { CalledBinding, ProcessGraph, TimerDefinition } from '../../engine/compiler/process-graph';
import type { DecisionGraph } from '../../engine/dmn/decision-graph';
import type { AdHocActivation, PendingListener, ProcessState, UserTaskChanges, UserTaskDetails } from '../../engine/runtime/process-state';
import type { ClosedUserTask, ProcessInstanceView } from '../../engine/runtime/process-view';

/** The generic workflow's type name: every BPMN process instance runs as one of these. */
export const PROCESS_WORKFLOW_TYPE = 'bpmnProcess';

export interface ProcessInstanceInput {
  graph: ProcessGraph;
  variables: Record<string, unknown>;
  /** Where the graph came from; carried so views and activities can name the definition. */
  definition: { id: string; processId: string; version: number };
  businessKey?: string;
  /** A message start event the instance begins at; the none start event otherwise. */
  startEventId?: string;
  /**
   * Continue-as-new starts the next run from here: the interpreter state (tokens, scopes, timers with
   * their absolute due times, subscriptions) instead of a fresh start.
   */
  resume?: { state: ProcessState; runs: number };
  /** History events after which the instance continues as new at its next safe point (default 10,000). */
  historyBudget?: number;
  /**
   * Keep the instance projection (lists, filters) current through an activity at wait states; on by
   * default. Off only where nothing reads it (the engine benchmark isolates the interpreter's own cost).
   */
  projection?: boolean;
  /**
   * Task types the host application runs as local activities: short, idempotent database steps
   * (ticket fields, SLA clocks, audit). Any other type runs as a regular activity on the task queue.
   */
  localTaskTypes?: string[];
  /**
   * Every task type an activity of ours serves. Given, a service task of any other type becomes a job
   * for an external worker (see external-jobs.ts) instead of failing into an incident.
   */
  inProcessTaskTypes?: string[];
  /**
   * The task queue of the instance's regular (non-local) activities when they have workers of their own
   * (config `FLOWDESK_ACTIVITY_TASK_QUEUE`, docs/operations.md); absent, the instance's own task queue.
   */
  activityTaskQueue?: string;
  /** The organisation the instance belongs to, or `internal`: its jobs go to that organisation's workers only. */
  jobScope?: string;
}

/**
 * The summary each armed timer carries in the history (`TimerStarted`'s user metadata): it names the
 * catching element, so a what-if replay (workflows/what-if/recorded-history.ts) knows which timer fired.
 * Element ids are XML ids, without spaces.
 */
export const timerSummary = (elementId: string): string => `timer ${elementId}`;
export const timerElementOf = (summary: string): string | undefined => /^timer (\S+)$/.exec(summary)?.[1];

/** The workflow type of timer start events (workflows/bpmn-process/timer-start-workflow.ts). */
export const TIMER_START_WORKFLOW_TYPE = 'bpmnTimerStart';

export interface TimerStartInput {
  processId: string;
  definitionId: string;
  version: number;
  startEventId: string;
  timer: TimerDefinition;
  /** Carried across continue-as-new: the next due time and the firings left after it (-1: unbounded). */
  next?: { dueAt: number; remaining: number; intervalMs?: number };
}

/** The final view travels as the workflow result, so a closed instance can be read without replaying it. */
export interface ProcessInstanceResult {
  status: 'completed' | 'terminated';
  view: ProcessInstanceView;
  /** How many times the instance continued as new on its way. */
  runs?: number;
}

/**
 * The process workflow's signature, for typing a continue-as-new or a child start without importing the
 * workflow itself (whose module imports the pieces that start them).
 */
export type ProcessWorkflow = (input: ProcessInstanceInput) => Promise<ProcessInstanceResult>;

export interface CompleteUserTaskRequest {
  elementInstanceKey: number;
  variables: Record<string, unknown>;
}

export const processStateQuery = defineQuery<ProcessInstanceView>('processInstance.state');
export const completeUserTaskUpdate = defineUpdate<ProcessInstanceView, [CompleteUserTaskRequest]>('userTask.complete');
/** Assigns (a username) or unassigns (null) an open user task, after its assigning listeners. */
export const assignUserTaskUpdate = defineUpdate<ProcessInstanceView, [{ elementInstanceKey: number; assignee: string | null }]>(
  'userTask.assign',
);
/** Changes an open user task's candidates, dates or priority, after its updating listeners. */
export const updateUserTaskUpdate = defineUpdate<ProcessInstanceView, [{ elementInstanceKey: number; changes: UserTaskChanges }]>(
  'userTask.update',
);
export const retryIncidentUpdate = defineUpdate<ProcessInstanceView, [{ incidentKey: number }]>('incident.retry');
/** `propagate`: Camunda's non-local set (each variable where it exists, else at the process level). */
export const setVariablesUpdate = defineUpdate<
  ProcessInstanceView,
  [{ variables: Record<string, unknown>; scopeKey?: number; propagate?: true }]
>('variables.set');
/** Delivers a published message; rejected (NO_SUBSCRIPTION) when nothing in the instance waits for it. */
export const correlateMessageUpdate = defineUpdate<
  { correlated: true },
  [{ name: string; correlationKey: string; variables: Record<string, unknown> }]
>('message.correlate');
/**
 * Delivers a broadcast signal. `deliveryId` (a signal thrown by a process: the thrower's workflow id and
 * element instance key) makes it idempotent: a delivery the instance already received triggers nothing again.
 */
export const broadcastSignalUpdate = defineUpdate<
  { triggered: boolean },
  [{ name: string; variables: Record<string, unknown>; deliveryId?: string }]
>('signal.broadcast');
export const cancelProcessUpdate = defineUpdate<ProcessInstanceView, [{ reason?: string }]>('processInstance.cancel');

/** Camunda 8.8's activation of inner elements of a running ad-hoc sub-process (its element instance key). */
export interface ActivateAdHocElementsRequest {
  elementInstanceKey: number;
  elements: AdHocActivation[];
  cancelRemainingInstances?: boolean;
}
export const activateAdHocElementsUpdate = defineUpdate<ProcessInstanceView, [ActivateAdHocElementsRequest]>('adHoc.activate');

/** What a service-task activity receives; its return value is merged (or output-mapped) into the process. */
export interface ServiceTaskInput {
  processInstanceId: string;
  processId: string;
  elementId: string;
  /** With the workflow id, the idempotency key of the side effect: the same on every attempt and retry. */
  elementInstanceKey: number;
  headers: Record<string, string>;
  variables: Record<string, unknown>;
}

/** What an external worker's job carries besides the service task input (Camunda's ActivatedJob fields). */
export interface ExternalJobInput extends ServiceTaskInput {
  jobType: string;
  /** The retries the task definition gives; a worker's failure may set fewer (kept in heartbeat details). */
  retries: number;
  processVersion: number;
  processDefinitionId: string;
  /** Set when the job is an execution or task listener's, not the element's own. */
  listener?: { kind: 'execution' | 'task'; eventType: PendingListener['eventType'] };
  /** Set on an ad-hoc sub-process's job (Camunda's kind AD_HOC_SUB_PROCESS): its answer may carry a job result. */
  adHocSubProcess?: true;
  /** A task listener's user task as it will be (Camunda's job `userTask`), with the attributes its change touches. */
  userTask?: UserTaskDetails & { changedAttributes?: string[] };
}
export type ServiceTaskOutput = Record<string, unknown> | void;

/** Activities the engine itself needs from the host application (the worker registers them). */
export interface EngineActivities {
  /**
   * The version of a process a call activity starts: the active one, or by the call's binding the one
   * deployed with the caller (`callerDefinitionId`) or the newest with a version tag.
   */
  resolveProcessDefinition(req: {
    processId: string;
    binding?: CalledBinding;
    callerDefinitionId?: string;
  }): Promise<{ graph: ProcessGraph; definition: ProcessInstanceInput['definition'] }>;
  /**
   * The decision requirements graph of the version a business rule task evaluates: the decision's newest,
   * or by the task's binding the one deployed with the caller (`callerDefinitionId`) or the newest with a
   * version tag.
   */
  resolveDecisionDefinition(req: {
    decisionId: string;
    binding?: CalledBinding;
    callerDefinitionId?: string;
  }): Promise<{ graph: DecisionGraph; version: number }>;
  /**
   * Records that the instance waits for a message (name + correlation key) or a signal, so a publisher
   * can find it. For a message, a buffered one that has not expired is consumed and returned.
   */
  openEventSubscription(req: EventSubscriptionRequest): Promise<{ buffered?: { variables: Record<string, unknown> } }>;
  closeEventSubscription(req: { processInstanceId: string; subscriptionKey: number }): Promise<void>;
  /** A timer start event is due: record and start an instance (idempotent by `instanceId`). */
  startProcessAtTimer(req: { instanceId: string; definitionId: string; startEventId: string }): Promise<void>;
  /**
   * A signal thrown by a process: every instance waiting for it, in any organisation, gets it. The
   * activity may be retried after reaching only some instances; `deliveryId`, the same on every attempt,
   * keeps a retry from triggering an instance twice or starting a signal-started process twice.
   */
  broadcastSignal(req: { name: string; variables: Record<string, unknown>; deliveryId?: string }): Promise<{ triggered: number }>;
  /**
   * Whether a user task's linked form is deployed now, by the task's binding (latest, deployment,
   * versionTag); not found is Camunda 8's FORM_NOT_FOUND incident, with the message given.
   */
  resolveTaskForm(req: { definitionId: string; elementId: string; formId: string }): Promise<{ found: boolean; message?: string }>;
}

export interface EventSubscriptionRequest {
  processInstanceId: string;
  processId: string;
  subscriptionKey: number;
  elementId: string;
  eventType: 'message' | 'signal';
  name: string;
  correlationKey?: string;
}

/** Continue a running instance on another deployed version of its process (`processInstance.migrate`). */
export interface MigrateProcessRequest {
  graph: ProcessGraph;
  definition: ProcessInstanceInput['definition'];
  mappings?: Array<{ from: string; to: string }>;
}
export const migrateProcessUpdate = defineUpdate<ProcessInstanceView, [MigrateProcessRequest]>('processInstance.migrate');

/**
 * The few fields a live list filters and shows, written to the application's database by the
 * workflow at every wait state and at the end, so a list never has to query a worker per row.
 */
export interface InstanceProjection {
  instanceId: string;
  definitionId: string;
  version: number;
  status: 'active' | 'completed' | 'terminated';
  activeElementIds: string[];
  openTasks: ProcessInstanceView['openUserTasks'];
  /** The user tasks that ended since the run's previous projection (absent: none, or an instance from before). */
  closedTasks?: ClosedUserTask[];
  incidents: ProcessInstanceView['incidents'];
  /** The incidents resolved since the run's previous projection (absent: none, or an instance from before). */
  resolvedIncidents?: ProcessInstanceView['incidents'];
  endedAt?: number;
  /** Increases with every projection of one run, so a late retry never overwrites a newer row. */
  revision: number;
}

/** Optional host activity: a worker without it simply keeps no projection. */
export interface ProjectionActivities {
  projectProcessInstance(projection: InstanceProjection): Promise<void>;
}
