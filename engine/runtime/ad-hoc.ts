import type { FlowNode, SubProcessNode } from '../compiler/process-graph';
import type { AdHocActivation, AdHocJobResult, ElementInstance } from './process-state';
import type { Run } from './run';

export type AdHocNode = SubProcessNode & { adHoc: NonNullable<SubProcessNode['adHoc']> };

/** What an inner element may read of its ad-hoc sub-process: Camunda 8's `adHocSubProcessElements`. */
export const AD_HOC_ELEMENTS_VARIABLE = 'adHocSubProcessElements';

/**
 * Camunda 8's ad-hoc sub-process. Run by Zeebe itself (BPMN), entering it activates the inner elements its
 * `activeElementsCollection` names (none: it stays active, as in Camunda); after each inner element
 * completes, the `completionCondition` is evaluated in the sub-process's scope; once it holds, the elements
 * still active are ended (`cancelRemainingInstances`, the default) or awaited, and the sub-process completes
 * (TokenRun.settleScopes). Without a condition it completes once everything it activated is done. Run by a
 * job worker, a job of its type asks what to do on entering and again whenever an inner flow ends (one job at
 * a time: a newer one replaces it); its result activates elements or fulfils the condition. Where an inner
 * flow ends, `outputElement` is appended to `outputCollection`, which is handed out with its completion.
 * Variables written inside stay in the sub-process's scope.
 */
export const AdHocSubProcess = {
  isAdHoc(node: FlowNode | undefined): node is AdHocNode {
    return node?.kind === 'subProcess' && node.adHoc !== undefined;
  },

  /** Entering (or an incident at entering resolved): the elements named activate, each in the sub-process's scope. */
  activate(run: Run, node: AdHocNode, instance: ElementInstance): void {
    const ids = node.adHoc.jobWorker ? [] : elementsToActivate(run, node, instance);
    if (!ids) return;
    const { outputCollection } = node.adHoc;
    instance.locals = {
      ...instance.locals,
      [AD_HOC_ELEMENTS_VARIABLE]: node.adHoc.activatableIds.map((id) => describeElement(run.node(id), node.adHoc.documentation?.[id])),
      ...(outputCollection ? { [outputCollection]: [] } : {}),
    };
    instance.adHoc = { activated: ids.length };
    if (node.adHoc.jobWorker) return AdHocSubProcess.requestJob(run, node, instance);
    for (const id of ids) {
      if (instance.state !== 'active') return; // an earlier element's path ended it (an error caught outside)
      run.enter(id, undefined, instance.key);
    }
  },

  /**
   * Asks the job worker what to do next, with the variables the sub-process sees. A job still out is
   * cancelled first: its worker decided on what is now out of date (Zeebe keeps one job at a time too).
   */
  requestJob(run: Run, node: AdHocNode, instance: ElementInstance): void {
    const job = node.adHoc.jobWorker!;
    const progress = instance.adHoc!;
    if (progress.jobPending) run.commands.push({ type: 'work.cancel', elementInstanceKey: instance.key });
    progress.jobPending = true;
    run.commands.push({
      type: 'serviceTask.execute',
      elementInstanceKey: instance.key,
      elementId: node.id,
      taskType: job.taskType,
      retries: job.retries,
      headers: job.headers,
      variables: run.variables.visible(instance),
      adHocJob: true,
    });
  },

  /**
   * The job worker answered. Its variables merge from the sub-process's scope as a job's do in Zeebe (where a
   * variable exists, nearest first, else at the process level); its result activates elements (after ending
   * those still running, if asked) or fulfils the completion condition. A result naming an element the
   * sub-process may not activate, or doing both, is an incident (the job API refuses both before they get here).
   */
  jobCompleted(run: Run, node: AdHocNode, instance: ElementInstance, variables: Record<string, unknown>, result?: AdHocJobResult): void {
    const progress = instance.adHoc!;
    delete progress.jobPending;
    mergeFromScope(run, instance, variables);
    const elements = result?.activateElements ?? [];
    const unknown = AdHocSubProcess.notActivatable(
      node,
      elements.map((e) => e.elementId),
    );
    if (unknown.length) {
      run.raiseIncident(instance, 'EXTRACT_VALUE_ERROR', `the job result activates ${notAmong(node, unknown)}`);
      return;
    }
    if (elements.length && result?.isCompletionConditionFulfilled) {
      run.raiseIncident(instance, 'EXTRACT_VALUE_ERROR', 'the job result both activates elements and fulfils the completion condition');
      return;
    }
    const cancelRemaining = result?.isCancelRemainingInstances === true;
    if (elements.length) AdHocSubProcess.activateRequested(run, instance, elements, cancelRemaining);
    if (result?.isCompletionConditionFulfilled) {
      progress.conditionMet = true;
      if (cancelRemaining) endRunningInside(run, instance);
      // A newer job asked meanwhile (an inner flow ended while this one was answered) has nothing left to decide.
      run.commands.push({ type: 'work.cancel', elementInstanceKey: instance.key });
    }
  },

  /** The active job-worker ad-hoc sub-process instance `key` whose job answers now, if it is one. */
  jobHolder(run: Run, key: number): { node: AdHocNode; instance: ElementInstance } | undefined {
    const instance = run.instance(key);
    const node = instance && run.graph.elements[instance.elementId];
    if (!instance || instance.state !== 'active' || instance.listener || !AdHocSubProcess.isAdHoc(node) || !node.adHoc.jobWorker)
      return undefined;
    if (!instance.adHoc || instance.adHoc.conditionMet) return undefined; // completing: a late answer changes nothing
    return { node, instance };
  },

  /**
   * Camunda 8.8's activation API: the elements asked for activate now, each with its own variables, after
   * the inner elements still running were ended if asked (the interpreter checked that it may: requireActivatable).
   */
  activateRequested(run: Run, instance: ElementInstance, elements: AdHocActivation[], cancelRemaining: boolean): void {
    if (cancelRemaining) endRunningInside(run, instance);
    instance.adHoc = { ...instance.adHoc, activated: (instance.adHoc?.activated ?? 0) + elements.length };
    for (const { elementId, variables } of elements) {
      if (instance.state !== 'active') return;
      run.enter(elementId, undefined, instance.key, variables);
    }
  },

  /**
   * An inner element completed and took its outgoing flows (`pathEnded`: it had none). Its flow's output is
   * collected, the condition evaluated; once it held, whatever is still active inside is ended if the
   * sub-process cancels the rest.
   */
  innerCompleted(run: Run, node: FlowNode, inner: ElementInstance, pathEnded: boolean): void {
    const scopeNode = node.scopeId === undefined ? undefined : run.graph.elements[node.scopeId];
    if (!AdHocSubProcess.isAdHoc(scopeNode) || inner.scopeKey === undefined) return;
    const scope = run.instance(inner.scopeKey);
    if (!scope?.adHoc || scope.state !== 'active') return;
    const { outputCollection, outputElement, jobWorker } = scopeNode.adHoc;
    if (pathEnded && outputCollection && outputElement) {
      // In the sub-process's scope, where the inner elements' variables stay.
      const output = run.evaluate(scope, outputElement);
      if (!output.ok) return;
      const collected = scope.locals?.[outputCollection];
      scope.locals = { ...scope.locals, [outputCollection]: [...(Array.isArray(collected) ? collected : []), output.value] };
    }
    if (!jobWorker) return AdHocSubProcess.checkCondition(run, scopeNode, scope);
    // Run by a job worker: an inner flow that ended asks it again, unless it already said the sub-process is done.
    if (pathEnded && !scope.adHoc.conditionMet) AdHocSubProcess.requestJob(run, scopeNode, scope);
  },

  /** Run again once an incident of its own was resolved: a job worker is asked again; else the condition is. */
  resume(run: Run, node: AdHocNode, instance: ElementInstance): void {
    if (node.adHoc.jobWorker && !instance.adHoc!.conditionMet) AdHocSubProcess.requestJob(run, node, instance);
    else if (!node.adHoc.jobWorker) AdHocSubProcess.checkCondition(run, node, instance);
  },

  /** The condition after an inner completion, or again once an incident it raised was resolved. */
  checkCondition(run: Run, node: AdHocNode, instance: ElementInstance): void {
    const progress = instance.adHoc!;
    const { completionCondition, cancelRemainingInstances } = node.adHoc;
    if (!progress.conditionMet && completionCondition) {
      const holds = run.evaluate(instance, completionCondition, 'CONDITION_ERROR');
      if (!holds.ok) return;
      if (typeof holds.value !== 'boolean') {
        run.raiseIncident(instance, 'CONDITION_ERROR', `the completion condition gave ${describe(holds.value)}, not true or false`);
        return;
      }
      if (holds.value) progress.conditionMet = true;
    }
    if (progress.conditionMet && cancelRemainingInstances) endRunningInside(run, instance);
  },

  /** Of `ids`, those the sub-process may not activate (a sequence flow leads to them, or they are not inside it). */
  notActivatable(node: AdHocNode, ids: readonly string[]): string[] {
    return ids.filter((id) => !node.adHoc.activatableIds.includes(id));
  },

  /** Whether a sub-process with nothing left running inside may complete now (TokenRun.settleScopes). */
  mayComplete(node: AdHocNode, instance: ElementInstance): boolean {
    const progress = instance.adHoc;
    if (!progress) return false;
    if (node.adHoc.jobWorker || node.adHoc.completionCondition) return progress.conditionMet === true;
    return progress.activated > 0;
  },

  /** What it hands to its enclosing scope on completing: the collected outputs, if it collects. */
  result(node: AdHocNode, instance: ElementInstance): Record<string, unknown> {
    const { outputCollection } = node.adHoc;
    return outputCollection ? { [outputCollection]: instance.locals?.[outputCollection] ?? [] } : {};
  },
};

/** The ids `activeElementsCollection` gives, checked against the activatable elements; undefined after an incident. */
function elementsToActivate(run: Run, node: AdHocNode, instance: ElementInstance): string[] | undefined {
  const { activeElementsCollection } = node.adHoc;
  if (!activeElementsCollection) return [];
  const evaluated = run.evaluate(instance, activeElementsCollection);
  if (!evaluated.ok) return undefined;
  const value = evaluated.value;
  if (!Array.isArray(value) || value.some((id) => typeof id !== 'string')) {
    run.raiseIncident(instance, 'EXTRACT_VALUE_ERROR', `activeElementsCollection gave ${describe(value)}, not a list of element ids`);
    return undefined;
  }
  const unknown = AdHocSubProcess.notActivatable(node, value as string[]);
  if (unknown.length) {
    run.raiseIncident(instance, 'EXTRACT_VALUE_ERROR', `activeElementsCollection names ${notAmong(node, unknown)}`);
    return undefined;
  }
  return value as string[];
}

/** `"x", "y", not among the elements it may activate (a, b)`: how an incident names what it was refused. */
function notAmong(node: AdHocNode, unknown: readonly string[]): string {
  return `${unknown.map((id) => `"${id}"`).join(', ')}, not among the elements it may activate (${node.adHoc.activatableIds.join(', ')})`;
}

/** Ends every inner element instance still running (cancelRemainingInstances). */
function endRunningInside(run: Run, instance: ElementInstance): void {
  for (const child of run.state.elementInstances) if (child.state === 'active' && child.scopeKey === instance.key) run.terminate(child);
}

function describeElement(node: FlowNode, documentation: string | undefined): Record<string, unknown> {
  return { elementId: node.id, elementName: node.name ?? null, documentation: documentation ?? null, properties: node.properties ?? {} };
}

/** Zeebe's merge of a job's variables from the sub-process: its own where it has them, else as any propagation goes. */
function mergeFromScope(run: Run, instance: ElementInstance, variables: Record<string, unknown>): void {
  const own = Object.fromEntries(Object.entries(variables).filter(([name]) => instance.locals && Object.hasOwn(instance.locals, name)));
  if (Object.keys(own).length) instance.locals = { ...instance.locals, ...own };
  const rest = Object.fromEntries(Object.entries(variables).filter(([name]) => !(name in own)));
  if (Object.keys(rest).length) run.variables.propagate(instance.scopeKey, rest);
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
