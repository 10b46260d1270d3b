// Over 300 lines because the interpreter's token loop is one state machine whose cases read best side by side.
import type { FlowNode, ProcessGraph } from '../compiler/process-graph';
import { evaluateFeel, stripFeelMarker } from '../feel/feel';
import { FeelBudget } from '../feel/feel-budget';
import { AdHocSubProcess } from './ad-hoc';
import { behaviourFor } from './behaviours';
import { Compensation } from './compensation';
import { describeError } from './describe-error';
import { EventTriggers, ROOT_SCOPE_KEY } from './event-triggers';
import { Listeners } from './listeners';
import { MultiInstanceBody } from './multi-instance';
import { ProcessListeners } from './process-listeners';
import type { Run } from './run';
import {
  MAX_FEEL_WARNINGS,
  type ElementInstance,
  type EngineCommand,
  type IncidentType,
  type Instant,
  type ProcessState,
} from './process-state';
import { runawayLoopMessage, type RunawayGuards, type StepOptions } from './runaway-guards';
import { TaskListeners } from './task-listeners';
import { VariableScopes } from './variable-scopes';

/**
 * Without runaway guards (replays of histories recorded before them): a diagram that loops through
 * elements that never wait fails the step here, as it always did.
 */
const MAX_ELEMENTS_PER_STEP = 10_000;

/**
 * One step's worth of token movement on a private copy of the state. Behaviours call back into it
 * to enter, leave, wait, throw and terminate; the result is the new state plus the commands for the
 * workflow shell.
 */
export class TokenRun implements Run {
  readonly commands: EngineCommand[] = [];
  readonly variables: VariableScopes;
  /**
   * Set while an event-based gateway passes a token to the catch event that won: that event
   * completes at once with these variables instead of waiting.
   */
  pendingTrigger: { elementId: string; variables: Record<string, unknown> } | undefined;
  /** What FEEL may spend in this step; undefined without guards (plain feelin, unbounded). */
  readonly feel: FeelBudget | undefined;
  /** Whether a gateway's only outgoing flow has its condition evaluated (`StepOptions.soleFlowConditions`). */
  readonly soleFlowConditions: boolean;
  /** A gateway evaluated its only flow's condition in this step: before the option, it took the flow unasked. */
  soleFlowConditionsAffected = false;
  private readonly guards: RunawayGuards | undefined;
  private entered = 0;
  private loopTripped = false;

  constructor(
    readonly graph: ProcessGraph,
    readonly state: ProcessState,
    readonly now: Instant,
    options: StepOptions = {},
  ) {
    this.variables = new VariableScopes(state);
    this.guards = options.guards;
    this.feel = options.guards ? new FeelBudget(options.guards.feelBudget) : undefined;
    this.soleFlowConditions = options.soleFlowConditions ?? false;
  }

  /** A guard stopped something in this step, or may have answered differently from before the guards. */
  get guardsAffected(): boolean {
    return this.loopTripped || (this.feel?.affected ?? false);
  }

  node(elementId: string): FlowNode {
    const node = this.graph.elements[elementId];
    if (!node) throw new Error(`element ${elementId} is not in process ${this.graph.processId}`);
    return node;
  }

  instance(key: number): ElementInstance | undefined {
    return this.state.elementInstances.find((i) => i.key === key);
  }

  /**
   * The element instance that owns a timer or subscription; ROOT_SCOPE_KEY stands for the process
   * itself (its event subprocesses), which has no element instance of its own.
   */
  owner(key: number): ElementInstance | undefined {
    if (key !== ROOT_SCOPE_KEY) return this.instance(key);
    return {
      key,
      elementId: this.graph.processId,
      kind: 'subProcess',
      state: this.state.status === 'active' ? 'active' : 'completed',
      enteredAt: this.state.startedAt,
    };
  }

  /**
   * A token arrives at a flow node in a scope, through `viaFlowId` unless it is a start; `locals`: the
   * variables it starts with (an element an ad-hoc sub-process was asked to activate).
   */
  enter(elementId: string, viaFlowId: string | undefined, scopeKey: number | undefined, locals?: Record<string, unknown>): void {
    if (this.guards) {
      this.state.activationsSinceWait = (this.state.activationsSinceWait ?? 0) + 1;
    } else if (++this.entered > MAX_ELEMENTS_PER_STEP) {
      throw new Error(`more than ${MAX_ELEMENTS_PER_STEP} elements entered without a wait state: the diagram loops`);
    }
    const node = this.node(elementId);
    const behaviour = behaviourFor(node.kind);
    if (behaviour.arrive && !behaviour.arrive(this, node, viaFlowId, scopeKey)) return;
    const instance = this.createInstance(node, scopeKey);
    if (locals && Object.keys(locals).length) instance.locals = { ...locals };
    if (this.guards && this.state.activationsSinceWait! > this.guards.maxActivationsWithoutWait) {
      // The token stops here with an incident; a retry runs the element again, with a fresh budget.
      this.loopTripped = true;
      this.raiseIncident(instance, 'RUNAWAY_LOOP', runawayLoopMessage(this.guards.maxActivationsWithoutWait));
    } else if (node.multiInstance) MultiInstanceBody.start(this, node, instance);
    else this.activate(node, instance);
    // Boundary events listen while the activity (or its multi-instance body) is active.
    if (node.boundaryEventIds?.length && instance.state === 'active') EventTriggers.armBoundaryEvents(this, node, instance);
  }

  createInstance(node: FlowNode, scopeKey: number | undefined, bodyKey?: number): ElementInstance {
    const instance: ElementInstance = {
      key: this.state.nextKey++,
      elementId: node.id,
      kind: node.kind,
      state: 'active',
      enteredAt: this.now,
      ...(scopeKey !== undefined ? { scopeKey } : {}),
      ...(bodyKey !== undefined ? { bodyKey } : {}),
    };
    this.state.elementInstances.push(instance);
    return instance;
  }

  /** Input mappings, then the element's behaviour. Also how an inner multi-instance instance starts. */
  activate(node: FlowNode, instance: ElementInstance): void {
    if (node.inputs?.length) {
      const mapped = this.mapVariables(instance, node.inputs, this.variables.visible(instance));
      if (!mapped) return;
      instance.locals = { ...instance.locals, ...mapped };
    }
    if (Listeners.holdAtStart(this, node, instance)) return;
    // Called directly, not through execute(): a loop that never waits recurses here once per element.
    behaviourFor(node.kind).execute(this, node, instance);
  }

  /** The element's own behaviour, once its start listeners (if any) have completed. */
  execute(node: FlowNode, instance: ElementInstance): void {
    behaviourFor(node.kind).execute(this, node, instance);
  }

  /**
   * The element is done: its result (or its output mappings) goes to the enclosing scopes, then a
   * token goes down each of `flowIds` (all outgoing flows by default). An inner multi-instance
   * instance reports to its body instead. End listeners hold the element between the two;
   * `afterEndListeners` resumes it there once they have all completed.
   */
  complete(instance: ElementInstance, result: Record<string, unknown> = {}, flowIds?: string[], afterEndListeners = false): void {
    const node = this.node(instance.elementId);
    if (!afterEndListeners) {
      const applyOutputs = instance.loop === undefined; // a body's outputs were applied by each inner instance
      if (applyOutputs && node.outputs?.length) {
        const context = { ...this.variables.visible(instance), ...result };
        const mapped = this.mapVariables(instance, node.outputs, context);
        if (!mapped) return;
        this.variables.propagate(instance.scopeKey, mapped);
      } else if (applyOutputs) {
        this.variables.propagate(instance.scopeKey, result);
      }
      if (Listeners.holdAtEnd(this, node, instance, result, flowIds)) return;
    }
    // Inline, not a method of its own: a loop that never waits recurses through here once per element.
    instance.state = 'completed';
    instance.leftAt = this.now;
    Compensation.recordCompletion(this, node, instance);
    EventTriggers.disarm(this, instance.key);
    if (instance.bodyKey !== undefined) {
      MultiInstanceBody.innerCompleted(this, instance, result);
      return;
    }
    if (node.forCompensation) {
      Compensation.handlerCompleted(this, instance);
      return;
    }
    const taken = flowIds ?? node.outgoing;
    for (const flowId of taken) {
      this.enter(this.graph.flows[flowId]!.targetId, flowId, instance.scopeKey);
    }
    if (node.scopeId !== undefined) AdHocSubProcess.innerCompleted(this, node, instance, taken.length === 0);
  }

  /** Ends an element instance and everything running inside it, cancelling work the shell started. */
  terminate(instance: ElementInstance): void {
    if (instance.state !== 'active') return;
    instance.state = 'terminated';
    instance.leftAt = this.now;
    EventTriggers.disarm(this, instance.key);
    const working = instance.kind === 'serviceTask' || instance.kind === 'callActivity' || instance.kind === 'businessRuleTask';
    if (working || instance.listener || instance.awaitingForm || instance.adHoc?.jobPending)
      this.commands.push({ type: 'work.cancel', elementInstanceKey: instance.key });
    for (const child of this.state.elementInstances) {
      if (child.state === 'active' && (child.scopeKey === instance.key || child.bodyKey === instance.key)) this.terminate(child);
    }
    this.clearJoins(instance.key);
    for (const incident of this.state.incidents) {
      if (incident.elementInstanceKey === instance.key && incident.resolvedAt === undefined) incident.resolvedAt = this.now;
    }
    TaskListeners.canceled(this, instance);
  }

  /**
   * BPMN error semantics (§10.5.2): going outwards scope by scope, the first matching error event
   * subprocess of a scope or error boundary event on it catches it (a specific error code beats a
   * catch-all); what it interrupts is terminated. Nobody catching it is an incident, as in Zeebe.
   * @param source the activity that failed, or the error end event that threw.
   */
  throwError(source: ElementInstance, errorCode: string, message: string): void {
    const fromActivity = source.kind !== 'endEvent';
    const variables = { errorCode, errorMessage: message };
    let holder = fromActivity ? source : this.scopeOf(source);
    // An error end event is first offered to the error event subprocesses of its own scope.
    if (!fromActivity && EventTriggers.catchByEventSubProcess(this, holder, 'error', errorCode, variables)) return;
    for (; holder; holder = this.scopeOf(holder)) {
      // Boundary events of a multi-instance activity belong to its body, not to each inner instance.
      if (holder.bodyKey !== undefined) continue;
      const boundary = this.findErrorBoundary(this.node(holder.elementId), errorCode);
      if (boundary) {
        this.terminate(holder);
        const caught = this.createInstance(boundary, holder.scopeKey);
        this.complete(caught, variables);
        return;
      }
      if (EventTriggers.catchByEventSubProcess(this, this.scopeOf(holder), 'error', errorCode, variables)) return;
    }
    this.raiseIncident(source, 'UNHANDLED_ERROR_EVENT', `error "${errorCode}" was thrown and no boundary event catches it: ${message}`);
  }

  /** The subprocess or multi-instance body an instance runs in. */
  scopeOf(instance: ElementInstance): ElementInstance | undefined {
    const key = instance.bodyKey ?? instance.scopeKey;
    return key === undefined ? undefined : this.instance(key);
  }

  raiseIncident(instance: ElementInstance, type: IncidentType, message: string): void {
    this.state.incidents.push({
      key: this.state.nextKey++,
      type,
      elementInstanceKey: instance.key,
      elementId: instance.elementId,
      message,
      createdAt: this.now,
    });
  }

  /** Re-runs an element's behaviour after its incident was resolved (new variables, a fixed worker…). */
  reexecute(instance: ElementInstance): void {
    if (instance.listener) {
      Listeners.resend(this, instance);
      return;
    }
    const node = this.node(instance.elementId);
    if (instance.loop) {
      MultiInstanceBody.resume(this, node, instance);
      return;
    }
    if (node.inputs?.length && !instance.locals) {
      this.activate(node, instance);
      return;
    }
    behaviourFor(node.kind).execute(this, node, instance);
  }

  /** Evaluates FEEL in the element's scope; an error becomes an incident and `{ ok: false }`. */
  evaluate(
    instance: ElementInstance,
    expression: string,
    type: IncidentType = 'EXPRESSION_ERROR',
  ): { ok: true; value: unknown } | { ok: false } {
    try {
      const { value, warnings } = evaluateFeel(expression, this.variables.visible(instance), this.feel);
      this.noteFeelWarnings(instance, expression, warnings);
      return { ok: true, value };
    } catch (err) {
      this.raiseIncident(instance, type, describeError(err));
      return { ok: false };
    }
  }

  /** Keeps feelin's warnings on the element instance (graphs compiled with Camunda 8's null rules only). */
  noteFeelWarnings(instance: ElementInstance, expression: string, warnings: string[]): void {
    if (!this.graph.strictFeelNulls || warnings.length === 0) return;
    const kept = (instance.feelWarnings ??= []);
    for (const w of warnings) if (kept.length < MAX_FEEL_WARNINGS) kept.push(`${stripFeelMarker(expression)}: ${w}`);
  }

  joinKey(scopeKey: number | undefined, gatewayId: string): string {
    return `${scopeKey ?? 'root'}/${gatewayId}`;
  }

  /**
   * After the token movement of a step: completes subprocesses whose tokens have all ended, then
   * the process. Checking inside `complete` would end a scope between the branches of a fork.
   */
  settleScopes(): void {
    for (let changed = true; changed;) {
      changed = false;
      for (const instance of this.state.elementInstances) {
        if (instance.state !== 'active' || (instance.kind !== 'subProcess' && instance.kind !== 'eventSubProcess') || instance.loop)
          continue;
        // A subprocess held by its listener is not done, however idle it is.
        if (instance.listener || this.hasOpenIncident(instance) || !this.isIdle(instance.key)) continue;
        const node = this.graph.elements[instance.elementId];
        if (AdHocSubProcess.isAdHoc(node)) {
          if (!AdHocSubProcess.mayComplete(node, instance)) continue;
          this.complete(instance, AdHocSubProcess.result(node, instance));
        } else this.complete(instance);
        changed = true;
      }
      if (!changed) changed = behaviourFor('inclusiveGateway').settle?.(this) ?? false;
    }
    // The process's own listener, or a cancelled task's canceling listeners, hold its completion.
    const held = this.state.processListener !== undefined || TaskListeners.cancelingPending(this.state.elementInstances);
    if (this.state.status === 'active' && !held && this.isIdle(undefined) && !ProcessListeners.holdAtEnd(this)) {
      this.state.status = 'completed';
      this.state.endedAt = this.now;
      EventTriggers.disarm(this, ROOT_SCOPE_KEY);
    }
  }

  /** No active element instance and no waiting join in the scope. */
  isIdle(scopeKey: number | undefined): boolean {
    if (this.state.elementInstances.some((i) => i.state === 'active' && i.scopeKey === scopeKey && i.bodyKey === undefined)) return false;
    if (scopeKey !== undefined && TaskListeners.cancelingPending(this.state.elementInstances, scopeKey)) return false;
    const prefix = `${scopeKey ?? 'root'}/`;
    return !Object.entries(this.state.joins).some(([key, arrived]) => key.startsWith(prefix) && arrived.length > 0);
  }

  hasOpenIncident(instance: ElementInstance): boolean {
    return this.state.incidents.some((i) => i.elementInstanceKey === instance.key && i.resolvedAt === undefined);
  }

  private findErrorBoundary(node: FlowNode, errorCode: string): FlowNode | undefined {
    const code = (b: FlowNode) => (b.kind === 'boundaryEvent' && b.trigger.type === 'error' ? b.trigger.errorCode : undefined);
    const boundaries = (node.boundaryEventIds ?? [])
      .map((id) => this.node(id))
      .filter((b) => b.kind === 'boundaryEvent' && b.trigger.type === 'error');
    return boundaries.find((b) => code(b) === errorCode) ?? boundaries.find((b) => code(b) === undefined);
  }

  private clearJoins(scopeKey: number): void {
    const prefix = `${scopeKey}/`;
    for (const key of Object.keys(this.state.joins)) if (key.startsWith(prefix)) delete this.state.joins[key];
  }

  private mapVariables(
    instance: ElementInstance,
    mappings: Array<{ source: string; target: string }>,
    context: Record<string, unknown>,
  ): Record<string, unknown> | undefined {
    const out: Record<string, unknown> = {};
    try {
      for (const { source, target } of mappings) {
        const { value, warnings } = evaluateFeel(stripFeelMarker(source), { ...context, ...out }, this.feel);
        this.noteFeelWarnings(instance, source, warnings);
        out[target] = value;
      }
      return out;
    } catch (err) {
      this.raiseIncident(instance, 'IO_MAPPING_ERROR', describeError(err));
      return undefined;
    }
  }
}
