// Over 300 lines because it is the interpreter's whole vocabulary (its state, the events it takes, the commands it gives), read together.
import type { FlowNodeKind } from '../compiler/process-graph';
import type { TaskDenial, TaskListenerResult } from './task-listener-result';

/** Epoch milliseconds. The interpreter never reads a clock; the caller passes workflow time in. */
export type Instant = number;

export type ProcessStatus = 'active' | 'completed' | 'terminated';

/** What the engine resolved for a user task when it was opened (assignment, due date, form). */
export interface UserTaskDetails {
  assignee?: string;
  candidateGroups?: string[];
  candidateUsers?: string[];
  dueDate?: string;
  followUpDate?: string;
  formKey?: string;
  priority?: number;
}

/** One visit of one flow node: the unit Operate-style views paint and count. */
export interface ElementInstance {
  key: number;
  elementId: string;
  kind: FlowNodeKind;
  state: 'active' | 'completed' | 'terminated';
  enteredAt: Instant;
  leftAt?: Instant;
  /** The subprocess (or multi-instance body) instance this one runs inside; absent at process level. */
  scopeKey?: number;
  /** Set on the inner instances of a multi-instance activity: the key of their body. */
  bodyKey?: number;
  /** Local variables (input mappings, multi-instance item); visible to this element and its children. */
  locals?: Record<string, unknown>;
  task?: UserTaskDetails;
  /** Progress of a multi-instance body. */
  loop?: MultiInstanceProgress;
  /**
   * Set when an activity with a compensation handler completes, from the key sequence: compensation
   * undoes the most recently completed activity first.
   */
  completionKey?: number;
  /** Its compensation handler has been started (or queued): it is never compensated twice. */
  compensated?: true;
  /** On a compensation throw or end event while it waits for the handlers it started. */
  compensation?: CompensationProgress;
  /**
   * feelin's warnings of expressions evaluated for this element (an unknown variable became null…),
   * so a null that Camunda 8 accepts is never silent; at most {@link MAX_FEEL_WARNINGS}.
   */
  feelWarnings?: string[];
  /**
   * A listener job the element waits for (issue 16); never set on instances of graphs without listeners.
   * On a terminated user task: its `canceling` listeners still running.
   */
  listener?: PendingListener;
  /** A user task whose linked form (`zeebe:formDefinition formId`) is being looked up before it opens. */
  awaitingForm?: true;
  /** The last assignment, update or completion of this open user task that a task listener denied. */
  denial?: TaskDenial;
  /** On an ad-hoc sub-process instance (engine/runtime/ad-hoc.ts); its scope also keeps its inner variables. */
  adHoc?: AdHocProgress;
}

/** Where an ad-hoc sub-process stands: how many inner elements it activated, and whether its condition held. */
export interface AdHocProgress {
  activated: number;
  /** Its completion condition held: it completes once nothing runs inside (at once when it cancels the rest). */
  conditionMet?: true;
  /** Run by a job worker: a job of the sub-process is out, asking what to do next. */
  jobPending?: true;
}

/**
 * Camunda 8.8's job result of an ad-hoc sub-process's job (`type: adHocSubProcess`): the elements to
 * activate now, each with variables of its own, or that its completion condition is fulfilled (then
 * whether the inner elements still running are ended or awaited). Never both at once.
 */
export interface AdHocJobResult {
  activateElements?: AdHocActivation[];
  isCompletionConditionFulfilled?: boolean;
  isCancelRemainingInstances?: boolean;
}

/** What the API may change on an open user task (Camunda 8's user task update), each an updating listener's `changedAttributes`. */
export interface UserTaskChanges {
  candidateGroups?: string[];
  candidateUsers?: string[];
  /** ISO 8601; null clears it. */
  dueDate?: string | null;
  followUpDate?: string | null;
  priority?: number;
}

/** An assignment (null: unassign) or an update, applied once the task's assigning or updating listeners completed. */
export type UserTaskChange = UserTaskChanges & { assignee?: string | null };

/**
 * Which listener an element instance waits for: the event, the position among that event's listeners
 * (they run one after the other, in model order), and what resumes once the last one completes.
 */
export interface PendingListener {
  eventType: 'start' | 'end' | 'creating' | 'assigning' | 'updating' | 'completing' | 'canceling';
  index: number;
  /** `end`: the result the element completed with; `completing`: the completion variables. */
  result?: Record<string, unknown>;
  /** `end`: the flows the token leaves by, when the element chose them (absent: all outgoing). */
  flowIds?: string[];
  /** `assigning`, `updating`: the change to the task (`change`), or variables set in its scope, applied once the last completed. */
  change?: UserTaskChange;
  variables?: Record<string, unknown>;
  /** A process's `start` listeners: the start event the first token enters once they completed. */
  startEventId?: string;
}

export const MAX_FEEL_WARNINGS = 10;

/**
 * The handlers of one compensation throw run one at a time: `queue` holds the keys of the activity
 * instances still to compensate, in order; `handlerKey` is the handler instance running now.
 */
export interface CompensationProgress {
  queue: number[];
  handlerKey?: number;
}

export interface MultiInstanceProgress {
  items: unknown[];
  /** How many inner instances have been created so far. */
  started: number;
  completed: number;
  /** outputElement of each inner instance, by index. */
  outputs: unknown[];
}

export type IncidentType =
  | 'JOB_FAILED'
  | 'CONDITION_ERROR'
  | 'EXPRESSION_ERROR'
  | 'IO_MAPPING_ERROR'
  | 'UNHANDLED_ERROR_EVENT'
  | 'CALLED_PROCESS_FAILED'
  | 'EXTRACT_VALUE_ERROR'
  | 'DECISION_EVALUATION_ERROR'
  /** Camunda 8's incident types for a listener job failed with no retries left. */
  | 'EXECUTION_LISTENER_NO_RETRIES'
  | 'TASK_LISTENER_NO_RETRIES'
  /** Camunda 8's incident for a user task whose linked form is not deployed when the task is reached. */
  | 'FORM_NOT_FOUND'
  /** More elements entered since the instance last waited than the loop budget allows (runaway-guards.ts). */
  | 'RUNAWAY_LOOP';

/** A token that cannot move until someone fixes the cause and retries; it never fails the workflow. */
export interface Incident {
  key: number;
  type: IncidentType;
  elementInstanceKey: number;
  elementId: string;
  message: string;
  createdAt: Instant;
  resolvedAt?: Instant;
}

/**
 * An armed timer. `dueAt` is absolute workflow time, so it stays exact across worker restarts and
 * continue-as-new. `elementId` is the catching element (boundary event, catch event after an
 * event-based gateway, or the owner's own element).
 */
export interface TimerState {
  key: number;
  /** The element instance the timer belongs to: the catch event, the activity holding the boundary, or the gateway. */
  elementInstanceKey: number;
  elementId: string;
  dueAt: Instant;
  /** A cycle: the period, and how many firings are left after this one (-1: unbounded). */
  cycle?: { intervalMs: number; remaining: number };
}

/** An open message or signal subscription, mirrored by the shell into the subscription table. */
export interface EventSubscription {
  key: number;
  elementInstanceKey: number;
  elementId: string;
  eventType: 'message' | 'signal';
  name: string;
  correlationKey?: string;
}

export interface ProcessState {
  status: ProcessStatus;
  variables: Record<string, unknown>;
  /** Every element instance in the order entered; the active ones are where the tokens are. */
  elementInstances: ElementInstance[];
  /** Arrived-but-not-yet-joined sequence flows per joining gateway, keyed `<scope key or root>/<gateway id>`. */
  joins: Record<string, string[]>;
  incidents: Incident[];
  /** Armed timers (absent in states from before timers existed). */
  timers?: TimerState[];
  /** Open message and signal subscriptions. */
  subscriptions?: EventSubscription[];
  /**
   * The latest signal deliveries that triggered something here (at most MAX_REMEMBERED_DELIVERIES), so a
   * broadcast retried after a partial failure does not trigger this instance twice. Carried across
   * continue-as-new with the rest of the state.
   */
  signalDeliveries?: string[];
  nextKey: number;
  startedAt: Instant;
  endedAt?: Instant;
  /**
   * Elements entered since the instance last waited for the world (a user task, timer, message,
   * signal, regular activity or called process), counted across local activities, which pass through
   * without waiting. Kept only where the runaway guards run (runaway-guards.ts).
   */
  activationsSinceWait?: number;
  /**
   * The process's own execution listener that runs now (issue 16): its jobs use the element instance
   * key ROOT_SCOPE_KEY and its element id is the process id, as in Camunda 8.
   */
  processListener?: PendingListener;
}

/**
 * Set by the shell on the result of work it ran as a local activity, inside the workflow task that
 * asked for it: the instance passed through without waiting, so the loop budget keeps counting.
 */
interface LocalResult {
  local?: true;
}

export type EngineEvent =
  | { type: 'userTask.complete'; elementInstanceKey: number; variables: Record<string, unknown> }
  /** Camunda 8's assign (a name) and unassign (null): after the task's assigning listeners, if any. */
  | { type: 'userTask.assign'; elementInstanceKey: number; assignee: string | null }
  /** Camunda 8's user task update: after the task's updating listeners, if any. */
  | { type: 'userTask.update'; elementInstanceKey: number; changes: UserTaskChanges }
  /** Variables set on an open user task's own scope: its updating listeners run first (Camunda 8.8). */
  | { type: 'userTask.setVariables'; elementInstanceKey: number; variables: Record<string, unknown> }
  /** Whether a user task's linked form is deployed (`userTask.resolveForm`); not found is an incident. */
  | { type: 'userTask.formResolved'; elementInstanceKey: number; found: boolean; message?: string }
  /** `adHocResult`: the answer of an ad-hoc sub-process's job (its element instance key), beside the variables it merges. */
  | ({
      type: 'serviceTask.completed';
      elementInstanceKey: number;
      variables: Record<string, unknown>;
      adHocResult?: AdHocJobResult;
    } & LocalResult)
  | ({ type: 'serviceTask.failed'; elementInstanceKey: number; message: string } & LocalResult)
  /** The worker reported a business error (Zeebe's "throw error" from a job): caught by a boundary event, or an incident. */
  | ({ type: 'serviceTask.bpmnError'; elementInstanceKey: number; errorCode: string; message: string } & LocalResult)
  | { type: 'callActivity.completed'; elementInstanceKey: number; variables: Record<string, unknown> }
  | ({ type: 'businessRuleTask.completed'; elementInstanceKey: number; result: unknown } & LocalResult)
  | ({ type: 'businessRuleTask.failed'; elementInstanceKey: number; message: string } & LocalResult)
  | { type: 'callActivity.failed'; elementInstanceKey: number; message: string }
  /** The listener job the element instance waits for completed (its variables merge like a job's) or failed for good. */
  /** `result`: a task listener's answer (Camunda 8.8's job result), a denial, corrections, or both. */
  | ({
      type: 'listener.completed';
      elementInstanceKey: number;
      variables: Record<string, unknown>;
      result?: TaskListenerResult;
    } & LocalResult)
  | ({ type: 'listener.failed'; elementInstanceKey: number; message: string } & LocalResult)
  /**
   * Sets variables at the process level or in one element instance's scope (audited by the caller); with
   * `propagate` (Camunda's non-local set), each goes where it exists, nearest first, else to the process level.
   */
  | { type: 'variables.set'; scopeKey?: number; variables: Record<string, unknown>; propagate?: true }
  | { type: 'incident.retry'; incidentKey: number }
  | { type: 'timer.fired'; timerKey: number }
  /** A published message; it triggers the first open subscription with the same name and correlation key. */
  | { type: 'message.correlate'; name: string; correlationKey: string; variables: Record<string, unknown> }
  /**
   * A broadcast signal; it triggers every open subscription with the name. With a `deliveryId` (a
   * signal thrown by a process), a delivery already received is ignored.
   */
  | { type: 'signal.broadcast'; name: string; variables: Record<string, unknown>; deliveryId?: string }
  | { type: 'process.cancel'; reason?: string }
  /**
   * Camunda 8.8's activation of inner elements of an active ad-hoc sub-process (its element instance),
   * each with variables of its own; `cancelRemainingInstances` ends the inner elements still running first.
   */
  | { type: 'adHoc.activate'; elementInstanceKey: number; elements: AdHocActivation[]; cancelRemainingInstances?: boolean };

/** One inner element to activate in an ad-hoc sub-process, with the local variables it starts with. */
export interface AdHocActivation {
  elementId: string;
  variables?: Record<string, unknown>;
}

/** Instructions for the workflow shell; the only way the interpreter touches the world. */
export type EngineCommand =
  | {
      type: 'serviceTask.execute';
      elementInstanceKey: number;
      elementId: string;
      taskType: string;
      retries: number;
      headers: Record<string, string>;
      variables: Record<string, unknown>;
      /** The job of an ad-hoc sub-process run by a job worker (Camunda's job kind AD_HOC_SUB_PROCESS), not a task's. */
      adHocJob?: true;
    }
  /** Run one execution or task listener's job; answered by `listener.completed` or `listener.failed`. */
  | {
      type: 'listener.execute';
      elementInstanceKey: number;
      elementId: string;
      listenerKind: 'execution' | 'task';
      eventType: PendingListener['eventType'];
      jobType: string;
      retries: number;
      headers: Record<string, string>;
      variables: Record<string, unknown>;
      /** A task listener's user task as it will be (Camunda's job `userTask`), and what the pending change touches. */
      userTask?: UserTaskDetails & { changedAttributes?: string[] };
    }
  /** Find a user task's linked form as deployed now; answered by `userTask.formResolved`. */
  | { type: 'userTask.resolveForm'; elementInstanceKey: number; elementId: string; formId: string }
  | { type: 'callActivity.start'; elementInstanceKey: number; elementId: string; processId: string; variables: Record<string, unknown> }
  | {
      type: 'businessRuleTask.evaluate';
      elementInstanceKey: number;
      elementId: string;
      decisionId: string;
      variables: Record<string, unknown>;
    }
  /** The element was terminated (boundary event, cancel…): stop the work the shell started for it. */
  | { type: 'work.cancel'; elementInstanceKey: number }
  /** Report `timer.fired` at `dueAt` (absolute workflow time). */
  | { type: 'timer.start'; timerKey: number; elementInstanceKey: number; elementId: string; dueAt: Instant }
  | { type: 'timer.cancel'; timerKey: number; elementInstanceKey: number }
  /** Make the instance findable by message name + correlation key (or signal name); may deliver a buffered message. */
  | {
      type: 'subscription.open';
      subscriptionKey: number;
      elementInstanceKey: number;
      elementId: string;
      eventType: 'message' | 'signal';
      name: string;
      correlationKey?: string;
    }
  | { type: 'subscription.close'; subscriptionKey: number; elementInstanceKey: number }
  /** Broadcast a signal to every waiting instance (a signal throw or end event); nothing comes back. */
  | { type: 'signal.throw'; elementInstanceKey: number; name: string; variables: Record<string, unknown> };

export interface StepResult {
  state: ProcessState;
  commands: EngineCommand[];
  /** The runaway guards (a budget ran out, a linear-time regex ran) may have changed the outcome: the shell asks `patched()`. */
  guardsAffected?: true;
  /** A gateway evaluated its only flow's condition (`StepOptions.soleFlowConditions`): the shell then asks its `patched()` marker. */
  soleFlowConditionsAffected?: true;
}
