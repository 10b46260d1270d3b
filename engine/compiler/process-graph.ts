// Over 300 lines because the graph is one JSON contract: every node kind and its fields read best in one place.
/**
 * The compiled, JSON-serialisable form of one executable BPMN process.
 *
 * It is what a running instance carries in its workflow input, so it must stay compact and must never
 * reference moddle objects: a redeploy produces a new graph and leaves running instances on theirs.
 */
export interface ProcessGraph {
  /** The BPMN process id (`bpmn:process/@id`), stable across versions. */
  processId: string;
  name?: string;
  /** `zeebe:versionTag` (Camunda 8.6): the process owner's name for this version, which call activities may bind to. */
  versionTag?: string;
  /** None start events: where an instance started through the API begins. */
  startEventIds: string[];
  /** Message start events: a published message with this name starts an instance there. */
  messageStartEvents?: Array<{ elementId: string; messageName: string }>;
  /** Signal start events: a broadcast signal with this name starts an instance there. */
  signalStartEvents?: Array<{ elementId: string; signalName: string }>;
  /** Timer start events: from each deploy, the engine starts an instance there when the timer is due. */
  timerStartEvents?: Array<{ elementId: string; timer: TimerDefinition }>;
  elements: Record<string, FlowNode>;
  flows: Record<string, SequenceFlow>;
  /**
   * `zeebe:executionListeners` of the process itself (issue 16): start ones run before the start event,
   * end ones after the last token ended and before the instance completes. Older graphs never carry any.
   */
  executionListeners?: ExecutionListener[];
  /**
   * Compiled when feelin's warnings are kept on the element instance (issue 16: a null from a missing
   * variable is never silent). Graphs compiled before lack it, so instances that carry them run (and
   * replay) with the state they always had.
   */
  strictFeelNulls?: true;
  /**
   * The process's embedded Camunda forms (`zeebe:userTaskForm`, issue 16) by id: form-js schemas a
   * user task names with `formKey="camunda-forms:bpmn:<id>"`. The engine never reads them; the API
   * renders and checks the task's form from them.
   */
  embeddedForms?: Record<string, Record<string, unknown>>;
}

/**
 * A user task's Camunda form (issue 16): linked to a deployed `.form` by its id and binding type,
 * or embedded in the process (see {@link ProcessGraph.embeddedForms}).
 */
export type TaskForm =
  { formId: string; bindingType: 'latest' | 'deployment' | 'versionTag'; versionTag?: string } | { embeddedFormId: string };

export interface SequenceFlow {
  id: string;
  name?: string;
  sourceId: string;
  targetId: string;
  /** FEEL expression without the leading `=`. */
  condition?: string;
}

/** A Zeebe input or output mapping: `source` is a FEEL expression, `target` a variable name. */
export interface VariableMapping {
  source: string;
  target: string;
}

interface FlowNodeBase {
  id: string;
  name?: string;
  /** The embedded subprocess that contains this node; absent at process level. */
  scopeId?: string;
  incoming: string[];
  outgoing: string[];
  inputs?: VariableMapping[];
  outputs?: VariableMapping[];
  /** Boundary events attached to this activity. */
  boundaryEventIds?: string[];
  /** Zeebe multi-instance characteristics: the activity runs once per element of a collection. */
  multiInstance?: MultiInstance;
  /**
   * `zeebe:properties`: name/value pairs with no meaning to the engine that the application reads,
   * e.g. `ticket.actions` naming which ticket actions complete a user task.
   */
  properties?: Record<string, string>;
  /**
   * `isForCompensation`: a compensation handler. It has no sequence flows; only a compensation throw
   * or end event starts it, through the compensation boundary event associated with it.
   */
  forCompensation?: true;
  /**
   * `zeebe:executionListeners` (issue 16): jobs the element waits for, start ones before its own work,
   * end ones before its token leaves. Graphs compiled before them never carry any.
   */
  executionListeners?: ExecutionListener[];
}

/** A listener is a job of its type, like a service task's: an in-process activity or an external worker. */
export interface ListenerJob {
  type: string;
  retries: number;
  /** The listener's own headers; the element's task headers are sent too, these winning. */
  headers?: Record<string, string>;
}

export interface ExecutionListener extends ListenerJob {
  eventType: 'start' | 'end';
}

/** Camunda 8's user task listener events (each a blocking job, see engine/runtime/listeners.ts). */
export interface TaskListener extends ListenerJob {
  eventType: 'creating' | 'assigning' | 'updating' | 'completing' | 'canceling';
}

export interface MultiInstance {
  sequential: boolean;
  /** FEEL, evaluates to a list. */
  inputCollection: string;
  /** Local variable holding the current item in each inner instance. */
  inputElement?: string;
  /** Variable that receives the list of every inner instance's `outputElement`. */
  outputCollection?: string;
  /** FEEL, evaluated in each inner instance when it completes. */
  outputElement?: string;
  /** FEEL, checked after each inner instance completes; true cancels the remaining ones. */
  completionCondition?: string;
}

export interface StartEventNode extends FlowNodeBase {
  kind: 'startEvent';
  /** Only inside an event subprocess: what starts it (copied onto the EventSubProcessNode). */
  trigger?: BoundaryTrigger;
  /** Only inside an event subprocess: `isInterrupting` (default true). */
  interrupting?: boolean;
  /**
   * The start form (Camunda 8): on the process's none start event, the form whoever starts an instance
   * fills in, linked or embedded as a user task's; its answers become the instance's first variables.
   */
  form?: TaskForm;
}

/** What an end event does besides consuming its token. */
export type EndEventResult =
  | { type: 'none' }
  | { type: 'terminate' }
  | { type: 'error'; errorCode?: string; errorMessage?: string }
  | { type: 'escalation'; escalationCode?: string }
  | { type: 'signal'; signalName: string }
  | CompensationThrow;

/**
 * A compensation throw or end event (BPMN §10.5.4, as Camunda 8 runs it): undoes the completed
 * activities of its scope that have a compensation handler (or only `activityRef`), then goes on.
 */
export interface CompensationThrow {
  type: 'compensation';
  /** The one activity to compensate; absent, every compensable completed activity of the scope. */
  activityRef?: string;
}

/**
 * A timer as drawn: `expression` is the ISO 8601 text (`PT5S`, `2026-12-24T18:00:00Z`, `R3/PT1S`) or a
 * FEEL expression (`=…`) evaluated when the timer is armed, i.e. when the token arrives.
 */
export interface TimerDefinition {
  kind: 'duration' | 'date' | 'cycle';
  expression: string;
}

/** What a catching event (intermediate, boundary, receive task, after an event-based gateway) waits for. */
export type CatchTrigger =
  | { type: 'timer'; timer: TimerDefinition }
  /** `correlationKey` is FEEL (without `=`), evaluated when the subscription opens, compared as a string. */
  | { type: 'message'; messageName: string; correlationKey: string }
  | { type: 'signal'; signalName: string };

export interface EndEventNode extends FlowNodeBase {
  kind: 'endEvent';
  result: EndEventResult;
}

/** An embedded subprocess: a scope of its own with one none start event (an ad-hoc one has none). */
export interface SubProcessNode extends FlowNodeBase {
  kind: 'subProcess';
  startEventId: string;
  /** Present on Camunda 8's ad-hoc sub-process (`bpmn:adHocSubProcess`, `zeebe:adHoc`). */
  adHoc?: AdHocSettings;
}

/**
 * An ad-hoc sub-process's inner elements are not started by a start event: entering it activates the
 * ones `activeElementsCollection` names; it completes once `completionCondition` holds after an inner
 * element completed, or, without one, once everything activated is done.
 */
export interface AdHocSettings {
  /** FEEL (without `=`) giving the ids of the inner elements to activate on entering; none activates nothing. */
  activeElementsCollection?: string;
  /** FEEL (without `=`), evaluated in the sub-process's scope after an inner element completed. */
  completionCondition?: string;
  /** When the condition holds: end the inner elements still active (true, Camunda's default), or wait for them. */
  cancelRemainingInstances: boolean;
  /** The variable that collects `outputElement` of each inner flow that completes (propagated on completion). */
  outputCollection?: string;
  /** FEEL (without `=`), evaluated where an inner flow ends; its value is appended to `outputCollection`. */
  outputElement?: string;
  /** The inner elements it may activate: those no sequence flow leads to (boundary events and event subprocesses aside). */
  activatableIds: string[];
  /** Inner elements' `bpmn:documentation`, by id, for `adHocSubProcessElements` (absent: none is documented). */
  documentation?: Record<string, string>;
  /**
   * Camunda 8's job worker implementation (a task definition on the sub-process): a job of this type decides
   * what to activate and when it completes, instead of `activeElementsCollection` and `completionCondition`.
   */
  jobWorker?: { taskType: string; retries: number; headers: Record<string, string> };
}

/**
 * An event subprocess (BPMN §10.3.5): no flows in or out; while its enclosing scope (the process or
 * a subprocess) is active, its start event's trigger is armed. Interrupting, it ends everything
 * else in the scope first; non-interrupting, it runs beside it (and may run again).
 */
export interface EventSubProcessNode extends FlowNodeBase {
  kind: 'eventSubProcess';
  startEventId: string;
  trigger: BoundaryTrigger;
  interrupting: boolean;
}

/** A call activity: a child process instance of another (or the same) process definition. */
export interface CallActivityNode extends FlowNodeBase {
  kind: 'callActivity';
  /** Static process id, or a FEEL expression (`=…`) evaluated when the activity is entered. */
  calledProcessId: string;
  /** Zeebe `propagateAllChildVariables`: copy every child variable back (default true). */
  propagateAllChildVariables: boolean;
  /** Zeebe `propagateAllParentVariables`: the child starts with all visible variables (default true). */
  propagateAllParentVariables: boolean;
  /** Zeebe `bindingType`; absent: `latest`, the called process's active version when the call happens. */
  binding?: CalledBinding;
}

/**
 * Which version a call activity starts or a business rule task evaluates (Camunda 8.6 binding types):
 * the one deployed together with the calling version, or the newest one carrying a version tag.
 */
export type CalledBinding = { type: 'deployment' } | { type: 'versionTag'; versionTag: string };

/** What a boundary event reacts to. */
export type BoundaryTrigger =
  | { type: 'error'; errorCode?: string }
  /** Absent code: catches every escalation. */
  | { type: 'escalation'; escalationCode?: string }
  | CatchTrigger;

/** An intermediate catch event: a wait state until its trigger happens. */
export interface IntermediateCatchEventNode extends FlowNodeBase {
  kind: 'intermediateCatchEvent';
  trigger: CatchTrigger | { type: 'link'; linkName: string };
}

/** What an intermediate throw event does before passing its token on. */
export type ThrowResult =
  | { type: 'none' }
  | { type: 'escalation'; escalationCode?: string }
  /** Jumps to the catching link event of the same name in the same scope (resolved at compile time). */
  | { type: 'link'; linkName: string; targetId: string }
  /** Broadcast to every instance waiting for the signal (this one included); the token does not wait. */
  | { type: 'signal'; signalName: string }
  /** Waits until the compensation handlers it started have completed. */
  | CompensationThrow;

export interface IntermediateThrowEventNode extends FlowNodeBase {
  kind: 'intermediateThrowEvent';
  result: ThrowResult;
}

/** A receive task waits for a message, like an intermediate message catch event, but may carry boundary events. */
export interface ReceiveTaskNode extends FlowNodeBase {
  kind: 'receiveTask';
  trigger: Extract<CatchTrigger, { type: 'message' }>;
}

/** Waits on the catch events its outgoing flows lead to; the first one triggered wins, the others are withdrawn. */
export interface EventBasedGatewayNode extends FlowNodeBase {
  kind: 'eventBasedGateway';
}

export interface BoundaryEventNode extends FlowNodeBase {
  kind: 'boundaryEvent';
  attachedToId: string;
  /** Interrupting (the default) terminates the activity it is attached to. */
  cancelActivity: boolean;
  trigger: BoundaryTrigger | CompensationBoundaryTrigger;
}

/**
 * A compensation boundary event never interrupts and has no outgoing flows: once the activity it is
 * attached to has completed, a compensation throw runs `handlerId`, the activity its association points to.
 */
export interface CompensationBoundaryTrigger {
  type: 'compensation';
  handlerId: string;
}
/** `bpmn:task` and `bpmn:manualTask`: the engine only passes the token through. */
export interface PassThroughNode extends FlowNodeBase {
  kind: 'task' | 'manualTask';
}

export interface UserTaskNode extends FlowNodeBase {
  kind: 'userTask';
  assignee?: string;
  candidateGroups?: string;
  candidateUsers?: string;
  formKey?: string;
  /** The Camunda form the task shows, when `zeebe:formDefinition` names one (issue 16); a custom formKey has none. */
  form?: TaskForm;
  dueDate?: string;
  followUpDate?: string;
  priority?: string;
  taskListeners?: TaskListener[];
}

export interface ServiceTaskNode extends FlowNodeBase {
  kind: 'serviceTask';
  /** `zeebe:taskDefinition/@type`: names the activity the worker runs. */
  taskType: string;
  retries: number;
  headers: Record<string, string>;
}

export interface ScriptTaskNode extends FlowNodeBase {
  kind: 'scriptTask';
  expression: string;
  resultVariable: string;
}

/** Zeebe's DMN business rule task: evaluates a deployed decision into a result variable. */
export interface BusinessRuleTaskNode extends FlowNodeBase {
  kind: 'businessRuleTask';
  decisionId: string;
  resultVariable: string;
  /** Zeebe `bindingType`; absent: `latest`, the decision's newest version when the task is reached. */
  binding?: CalledBinding;
}

export interface ExclusiveGatewayNode extends FlowNodeBase {
  kind: 'exclusiveGateway';
  defaultFlowId?: string;
}

export interface ParallelGatewayNode extends FlowNodeBase {
  kind: 'parallelGateway';
}

export interface InclusiveGatewayNode extends FlowNodeBase {
  kind: 'inclusiveGateway';
  defaultFlowId?: string;
}

export type FlowNode =
  | StartEventNode
  | EndEventNode
  | PassThroughNode
  | UserTaskNode
  | ServiceTaskNode
  | ScriptTaskNode
  | BusinessRuleTaskNode
  | ExclusiveGatewayNode
  | ParallelGatewayNode
  | InclusiveGatewayNode
  | SubProcessNode
  | CallActivityNode
  | BoundaryEventNode
  | IntermediateCatchEventNode
  | IntermediateThrowEventNode
  | ReceiveTaskNode
  | EventBasedGatewayNode
  | EventSubProcessNode;

export type FlowNodeKind = FlowNode['kind'];
