import type { FlowNode, ProcessGraph } from '../compiler/process-graph';
import { evaluateFeel } from '../feel/feel';
import { describeError } from './describe-error';
import { behaviourFor } from './behaviours';
import type { ElementInstance, EngineCommand, IncidentType, Instant, ProcessState } from './process-state';

/** Guards against a diagram that loops through elements that never wait (a livelock inside one step). */
const MAX_ELEMENTS_PER_STEP = 10_000;

/**
 * One step's worth of token movement on a private copy of the state. Behaviours call back into it
 * to enter, leave and wait; the result is the new state plus the commands for the workflow shell.
 */
export class TokenRun {
  readonly commands: EngineCommand[] = [];
  private entered = 0;

  constructor(
    readonly graph: ProcessGraph,
    readonly state: ProcessState,
    readonly now: Instant,
  ) {}

  node(elementId: string): FlowNode {
    const node = this.graph.elements[elementId];
    if (!node) throw new Error(`element ${elementId} is not in process ${this.graph.processId}`);
    return node;
  }

  /** A token arrives at a flow node, through `viaFlowId` unless it is the start. */
  enter(elementId: string, viaFlowId?: string): void {
    if (++this.entered > MAX_ELEMENTS_PER_STEP) {
      throw new Error(`more than ${MAX_ELEMENTS_PER_STEP} elements entered without a wait state: the diagram loops`);
    }
    const node = this.node(elementId);
    const behaviour = behaviourFor(node.kind);
    if (behaviour.arrive && !behaviour.arrive(this, node, viaFlowId)) return;
    const instance: ElementInstance = {
      key: this.state.nextKey++,
      elementId,
      kind: node.kind,
      state: 'active',
      enteredAt: this.now,
    };
    this.state.elementInstances.push(instance);
    if (node.inputs?.length) {
      const locals = this.mapVariables(instance, node.inputs, this.state.variables, 'IO_MAPPING_ERROR');
      if (!locals) return;
      instance.locals = locals;
    }
    behaviour.execute(this, node, instance);
  }

  /**
   * The element is done: apply its output mappings (or merge its result into the process scope),
   * then send a token down each of `flowIds` (all outgoing flows by default).
   */
  complete(instance: ElementInstance, result: Record<string, unknown> = {}, flowIds?: string[]): void {
    const node = this.node(instance.elementId);
    if (node.outputs?.length) {
      const context = { ...this.state.variables, ...instance.locals, ...result };
      const mapped = this.mapVariables(instance, node.outputs, context, 'IO_MAPPING_ERROR');
      if (!mapped) return;
      Object.assign(this.state.variables, mapped);
    } else {
      Object.assign(this.state.variables, result);
    }
    instance.state = 'completed';
    instance.leftAt = this.now;
    for (const flowId of flowIds ?? node.outgoing) {
      this.enter(this.graph.flows[flowId]!.targetId, flowId);
    }
  }

  /** Variables as an element sees them: the process scope overlaid with its own input mappings. */
  visibleVariables(instance: ElementInstance): Record<string, unknown> {
    return instance.locals ? { ...this.state.variables, ...instance.locals } : this.state.variables;
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
    const node = this.node(instance.elementId);
    if (node.inputs?.length && !instance.locals) {
      const locals = this.mapVariables(instance, node.inputs, this.state.variables, 'IO_MAPPING_ERROR');
      if (!locals) return;
      instance.locals = locals;
    }
    behaviourFor(node.kind).execute(this, node, instance);
  }

  /** Evaluates FEEL in the element's scope; an error becomes an incident and `undefined`. */
  evaluate(instance: ElementInstance, expression: string, type: IncidentType = 'EXPRESSION_ERROR'): { ok: true; value: unknown } | { ok: false } {
    try {
      return { ok: true, value: evaluateFeel(expression, this.visibleVariables(instance)).value };
    } catch (err) {
      this.raiseIncident(instance, type, describeError(err));
      return { ok: false };
    }
  }

  private mapVariables(
    instance: ElementInstance,
    mappings: Array<{ source: string; target: string }>,
    context: Record<string, unknown>,
    type: IncidentType,
  ): Record<string, unknown> | undefined {
    const out: Record<string, unknown> = {};
    try {
      for (const { source, target } of mappings) {
        const expression = source.trim().startsWith('=') ? source.trim().slice(1) : source;
        out[target] = evaluateFeel(expression, { ...context, ...out }).value;
      }
      return out;
    } catch (err) {
      this.raiseIncident(instance, type, describeError(err));
      return undefined;
    }
  }

  /**
   * Called once after a step's token movement: checking inside `complete` would end the process
   * between the branches of a fork.
   */
  completeProcessWhenIdle(): void {
    if (this.state.status !== 'active') return;
    if (this.state.elementInstances.some((i) => i.state === 'active')) return;
    if (Object.values(this.state.joins).some((arrived) => arrived.length > 0)) return;
    this.state.status = 'completed';
    this.state.endedAt = this.now;
  }
}
