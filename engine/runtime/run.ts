import type { FlowNode, ProcessGraph } from '../compiler/process-graph';
import type { FeelBudget } from '../feel/feel-budget';
import type { ElementInstance, EngineCommand, IncidentType, Instant, ProcessState } from './process-state';
import type { VariableScopes } from './variable-scopes';

/**
 * What behaviours, events, listeners, compensation and multi-instance bodies may ask of the step they
 * run in. TokenRun implements it; they depend on this, not on TokenRun, whose token loop in turn
 * dispatches to them: the imports run one way.
 */
export interface Run {
  readonly graph: ProcessGraph;
  readonly state: ProcessState;
  readonly now: Instant;
  readonly commands: EngineCommand[];
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
  soleFlowConditionsAffected: boolean;

  node(elementId: string): FlowNode;
  instance(key: number): ElementInstance | undefined;
  /** The element instance that owns a timer or subscription, the process itself for ROOT_SCOPE_KEY. */
  owner(key: number): ElementInstance | undefined;
  /** A token arrives at a flow node in a scope, through `viaFlowId` unless it is a start. */
  enter(elementId: string, viaFlowId: string | undefined, scopeKey: number | undefined, locals?: Record<string, unknown>): void;
  createInstance(node: FlowNode, scopeKey: number | undefined, bodyKey?: number): ElementInstance;
  activate(node: FlowNode, instance: ElementInstance): void;
  execute(node: FlowNode, instance: ElementInstance): void;
  complete(instance: ElementInstance, result?: Record<string, unknown>, flowIds?: string[], afterEndListeners?: boolean): void;
  terminate(instance: ElementInstance): void;
  throwError(source: ElementInstance, errorCode: string, message: string): void;
  scopeOf(instance: ElementInstance): ElementInstance | undefined;
  raiseIncident(instance: ElementInstance, type: IncidentType, message: string): void;
  /** Evaluates FEEL in the element's scope; an error becomes an incident and `{ ok: false }`. */
  evaluate(instance: ElementInstance, expression: string, type?: IncidentType): { ok: true; value: unknown } | { ok: false };
  noteFeelWarnings(instance: ElementInstance, expression: string, warnings: string[]): void;
  joinKey(scopeKey: number | undefined, gatewayId: string): string;
  hasOpenIncident(instance: ElementInstance): boolean;
}
