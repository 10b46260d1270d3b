import type { FlowNode } from '../compiler/process-graph';
import { evaluateCondition, evaluateFeel } from '../feel/feel';
import { describeError } from './describe-error';
import type { ElementInstance } from './process-state';
import type { Run } from './run';

/**
 * BPMN multi-instance (§13.2.7) with Zeebe's extension: the body instance evaluates the input
 * collection once and runs one inner instance per item, all at once (parallel) or one after the
 * other (sequential). Each inner instance sees `loopCounter` and its item as local variables.
 */
export const MultiInstanceBody = {
  start(run: Run, node: FlowNode, body: ElementInstance): void {
    const mi = node.multiInstance!;
    const items = run.evaluate(body, mi.inputCollection, 'EXTRACT_VALUE_ERROR');
    if (!items.ok) return;
    if (!Array.isArray(items.value)) {
      run.raiseIncident(
        body,
        'EXTRACT_VALUE_ERROR',
        `input collection "${mi.inputCollection}" must be a list but was ${items.value === null ? 'null' : typeof items.value}`,
      );
      return;
    }
    body.loop = { items: items.value, started: 0, completed: 0, outputs: [] };
    MultiInstanceBody.resume(run, node, body);
  },

  /** Creates the inner instances still due: all of them in parallel, the next one when sequential. */
  resume(run: Run, node: FlowNode, body: ElementInstance): void {
    const loop = body.loop;
    if (!loop) {
      MultiInstanceBody.start(run, node, body);
      return;
    }
    if (loop.completed >= loop.items.length) {
      finish(run, node, body);
      return;
    }
    const mi = node.multiInstance!;
    const due = mi.sequential ? Math.min(loop.started + 1, loop.items.length) : loop.items.length;
    while (loop.started < due && body.state === 'active') {
      const index = loop.started++;
      const inner = run.createInstance(node, body.scopeKey, body.key);
      inner.locals = { loopCounter: index + 1, ...(mi.inputElement ? { [mi.inputElement]: loop.items[index] } : {}) };
      run.activate(node, inner);
    }
  },

  innerCompleted(run: Run, inner: ElementInstance, result: Record<string, unknown>): void {
    const body = run.instance(inner.bodyKey!)!;
    const node = run.node(body.elementId);
    const mi = node.multiInstance!;
    const loop = body.loop!;
    const context = {
      ...run.variables.visible(inner),
      ...result,
      numberOfInstances: loop.items.length,
      numberOfCompletedInstances: loop.completed + 1,
    };
    try {
      if (mi.outputElement) {
        const { value, warnings } = evaluateFeel(mi.outputElement, context, run.feel);
        run.noteFeelWarnings(inner, mi.outputElement, warnings);
        loop.outputs[Number(inner.locals?.loopCounter ?? 1) - 1] = value;
      }
      loop.completed++;
      const noteOnBody = (w: string[]) => run.noteFeelWarnings(body, mi.completionCondition!, w);
      if (mi.completionCondition && evaluateCondition(mi.completionCondition, context, run.feel, noteOnBody)) {
        for (const other of run.state.elementInstances) if (other.bodyKey === body.key) run.terminate(other);
        finish(run, node, body);
        return;
      }
    } catch (err) {
      run.raiseIncident(body, 'EXPRESSION_ERROR', describeError(err));
      return;
    }
    if (loop.completed >= loop.items.length) finish(run, node, body);
    else if (mi.sequential) MultiInstanceBody.resume(run, node, body);
  },
};

function finish(run: Run, node: FlowNode, body: ElementInstance): void {
  const mi = node.multiInstance!;
  if (mi.outputCollection) run.variables.propagate(body.scopeKey, { [mi.outputCollection]: body.loop!.outputs.map((o) => o ?? null) });
  run.complete(body);
}
