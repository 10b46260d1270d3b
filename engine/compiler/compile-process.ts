import { createHash } from 'node:crypto';
import { linkAdHocElements } from './compile-ad-hoc';
import { compileVersionTag } from './compile-called-binding';
import { linkCompensation, type Association } from './compile-compensation';
import { compileFlowNode } from './compile-flow-node';
import { collectEmbeddedForms } from './compile-forms';
import { compileExecutionListeners } from './compile-listeners';
import { BpmnValidationError, type CompileProblem } from './compile-problem';
import { assertWithinFlowElementLimit, MAX_FLOW_ELEMENTS } from './flow-element-limit';
import { lintDefinitions } from './lint-definitions';
import { parseBpmn, type ModdleElement } from './parse-bpmn';
import type { FlowNode, ProcessGraph, SequenceFlow } from './process-graph';
import { validateGraph } from './validate-graph';
import { isFeelExpression, stripFeelMarker } from '../feel/feel';

/** Subprocess nesting beyond this is refused; the interpreter walks scope chains on every step. */
export const MAX_NESTING_DEPTH = 10;

/** Elements that hold no behaviour and may appear among a process's flow elements. */
const NON_EXECUTABLE = new Set(['bpmn:DataObject', 'bpmn:DataObjectReference', 'bpmn:DataStoreReference']);

export interface CompiledProcess {
  graph: ProcessGraph;
  /** bpmnlint's and Flowdesk's modelling advice, in words; it never blocks a deploy. */
  warnings: CompileProblem[];
  /** sha256 of the XML, so re-deploying identical XML can be recognised. */
  contentHash: string;
}

/**
 * BPMN 2.0 XML → validated process graph.
 * @throws BpmnTooLargeError over the flow element limit (counted before parsing); BpmnParseError when
 *   the text is not BPMN XML; BpmnValidationError listing every problem otherwise.
 */
export interface CompileContext {
  /**
   * Process ids already deployed. A call activity naming a process neither deployed nor in the same
   * file deploys with a warning (Camunda 8 refuses nothing there, and raises an incident when the call
   * happens); left out, called process ids are not checked (the pure compiler knows no repository).
   */
  deployedProcessIds?: ReadonlySet<string>;
}

/**
 * BPMN 2.0 XML with exactly one executable process → its validated graph (the studio's validate and
 * diff, tests). A file with several executable processes is refused here; deploy uses
 * {@link compileProcesses}.
 */
export async function compileProcess(xml: string, context: CompileContext = {}): Promise<CompiledProcess> {
  const compiled = await compileProcesses(xml, context);
  if (compiled.length !== 1) {
    const found = compiled.map((c) => c.graph.processId).join(', ');
    throw new BpmnValidationError([
      {
        message: `a deployment needs exactly one executable bpmn:process here; found ${compiled.length} (${found})`,
        code: 'PROCESS_COUNT',
      },
    ]);
  }
  return compiled[0]!;
}

/**
 * BPMN 2.0 XML → one validated graph per executable process, as Camunda 8 deploys every executable
 * process of a file (each its own id and version). All or nothing: a problem in any refuses them all.
 * @throws BpmnTooLargeError over the flow element limit (counted before parsing); BpmnParseError when
 *   the text is not BPMN XML; BpmnValidationError listing every problem otherwise.
 */
export async function compileProcesses(xml: string, context: CompileContext = {}): Promise<CompiledProcess[]> {
  assertWithinFlowElementLimit(xml);
  const { definitions, errors: xmlErrors, warnings: xmlWarnings } = await parseBpmn(xml);
  const problems: CompileProblem[] = [...xmlErrors];

  const processes = ((definitions.rootElements as ModdleElement[] | undefined) ?? []).filter((e) => e.$type === 'bpmn:Process');
  const executable = processes.filter((p) => p.isExecutable !== false);
  if (executable.length === 0) {
    throw new BpmnValidationError([
      ...problems,
      { message: 'a deployment needs at least one executable bpmn:process; found none', code: 'PROCESS_COUNT' },
    ]);
  }
  const graphs = executable.map((process) => buildGraph(process, problems));
  if (problems.length === 0) for (const graph of graphs) problems.push(...validateGraph(graph));
  if (problems.length) throw new BpmnValidationError(problems);

  const inFile = new Set(graphs.map((g) => g.processId));
  const hash = createHash('sha256').update(xml).digest('hex');
  const elsewhere = (graph: ProcessGraph, id: string | undefined) =>
    id !== undefined && graphs.some((other) => other !== graph && (other.elements[id] || other.flows[id]));
  const compiled: CompiledProcess[] = [];
  for (const [i, graph] of graphs.entries()) {
    const lint = await lintDefinitions(definitions, graph);
    compiled.push({
      graph,
      warnings: [...xmlWarnings, ...lint.filter((w) => !elsewhere(graph, w.elementId)), ...checkCalledProcesses(graph, inFile, context)],
      // One file, several processes: each keeps its own hash, so re-deploying the file changes none of them.
      contentHash: graphs.length === 1 ? hash : createHash('sha256').update(`${hash}:${i}:${graph.processId}`).digest('hex'),
    });
  }
  return compiled;
}

function buildGraph(process: ModdleElement, problems: CompileProblem[]): ProcessGraph {
  if (!process.id) problems.push({ message: 'the bpmn:process has no id', code: 'MISSING_PROCESS_ID' });
  const processListeners = compileExecutionListeners(process, 'process', (message, code, field) =>
    problems.push({ elementId: process.id, message, code, ...(field ? { field } : {}) }),
  );
  const elements: Record<string, FlowNode> = {};
  const flows: Record<string, SequenceFlow> = {};
  const moddleFlows: ModdleElement[] = [];
  const associations: Association[] = [];
  let count = 0;

  /** Depth-first through subprocesses: every node records the subprocess that contains it. */
  const collect = (container: ModdleElement, scopeId: string | undefined, depth: number) => {
    if (depth > MAX_NESTING_DEPTH) {
      problems.push({ elementId: container.id, message: `subprocesses nest deeper than ${MAX_NESTING_DEPTH} levels`, code: 'TOO_DEEP' });
      return;
    }
    // Associations (artifacts) tie compensation boundary events to their handlers.
    for (const artifact of (container.artifacts as ModdleElement[] | undefined) ?? []) {
      if (artifact.$type !== 'bpmn:Association') continue;
      associations.push({
        id: artifact.id,
        sourceId: (artifact.sourceRef as ModdleElement | undefined)?.id,
        targetId: (artifact.targetRef as ModdleElement | undefined)?.id,
      });
    }
    for (const el of (container.flowElements as ModdleElement[] | undefined) ?? []) {
      if (++count > MAX_FLOW_ELEMENTS) continue;
      if (!el.id) {
        problems.push({ message: `a ${el.$type} has no id`, code: 'MISSING_ID' });
        continue;
      }
      if (elements[el.id] || flows[el.id]) {
        problems.push({ elementId: el.id, message: 'the id is used by more than one element', code: 'DUPLICATE_ID' });
        continue;
      }
      if (el.$type === 'bpmn:SequenceFlow') {
        moddleFlows.push(el);
        continue;
      }
      if (NON_EXECUTABLE.has(el.$type)) continue;
      const node = compileFlowNode(el, problems, scopeId, container.triggeredByEvent === true);
      if (!node) continue;
      elements[node.id] = node;
      if (node.kind === 'subProcess' || node.kind === 'eventSubProcess') collect(el, node.id, depth + 1);
    }
  };
  collect(process, undefined, 0);
  if (count > MAX_FLOW_ELEMENTS) {
    problems.push({
      elementId: process.id,
      message: `has ${count} flow elements; the limit is ${MAX_FLOW_ELEMENTS}`,
      code: 'TOO_MANY_ELEMENTS',
    });
  }

  for (const el of moddleFlows) {
    const source = (el.sourceRef as ModdleElement | undefined)?.id;
    const target = (el.targetRef as ModdleElement | undefined)?.id;
    if (!source || !target) {
      problems.push({ elementId: el.id, message: 'the sequence flow needs both a source and a target', code: 'DANGLING_FLOW' });
      continue;
    }
    const conditionBody = (el.conditionExpression as ModdleElement | undefined)?.body;
    const condition = typeof conditionBody === 'string' && conditionBody.trim() ? stripFeelMarker(conditionBody) : undefined;
    flows[el.id!] = {
      id: el.id!,
      ...(el.name ? { name: String(el.name) } : {}),
      sourceId: source,
      targetId: target,
      ...(condition ? { condition } : {}),
    };
    // A flow touching an unsupported element already has its problem reported there.
    elements[source]?.outgoing.push(el.id!);
    elements[target]?.incoming.push(el.id!);
  }

  for (const node of Object.values(elements)) {
    if (node.kind === 'boundaryEvent') {
      const host = elements[node.attachedToId];
      if (host) (host.boundaryEventIds ??= []).push(node.id);
    }
    if (node.kind === 'intermediateThrowEvent' && node.result.type === 'link' && node.result.linkName) {
      // BPMN §10.5.6: a link pairs a throw and a catch event of the same name in the same process level.
      const name = node.result.linkName;
      const targets = Object.values(elements).filter(
        (n) =>
          n.kind === 'intermediateCatchEvent' && n.trigger.type === 'link' && n.trigger.linkName === name && n.scopeId === node.scopeId,
      );
      if (targets.length !== 1) {
        problems.push({
          elementId: node.id,
          elementName: node.name,
          message: `link "${name}" needs exactly one catching link event of that name in the same scope, found ${targets.length}`,
          code: 'LINK_TARGET',
        });
      } else {
        node.result.targetId = targets[0]!.id;
      }
    }
    if (node.kind === 'eventSubProcess') {
      const starts = Object.values(elements).filter((n) => n.kind === 'startEvent' && n.scopeId === node.id);
      const start = starts[0];
      if (starts.length !== 1 || start?.kind !== 'startEvent' || !start.trigger) {
        problems.push({
          elementId: node.id,
          elementName: node.name,
          message: `an event subprocess needs exactly one start event with a timer, message, signal, error or escalation trigger, found ${starts.length} start events`,
          code: 'EVENT_SUBPROCESS_START_EVENT',
        });
      } else {
        node.startEventId = start.id;
        node.trigger = start.trigger;
        node.interrupting = start.interrupting !== false;
      }
    }
    if (node.kind === 'subProcess' && node.adHoc) {
      linkAdHocElements(node, elements, problems);
    } else if (node.kind === 'subProcess') {
      const starts = Object.values(elements).filter((n) => n.kind === 'startEvent' && n.scopeId === node.id);
      if (starts.length !== 1) {
        problems.push({
          elementId: node.id,
          elementName: node.name,
          message: `an embedded subprocess needs exactly one none start event, found ${starts.length}`,
          code: 'SUBPROCESS_START_EVENT',
        });
      } else {
        node.startEventId = starts[0]!.id;
      }
    }
  }

  linkCompensation(elements, associations, problems);

  const startEventIds = Object.values(elements)
    .filter((n) => n.kind === 'startEvent' && !n.scopeId && !n.trigger)
    .map((n) => n.id);
  const messageStartEvents = Object.values(elements).flatMap((n) =>
    n.kind === 'startEvent' && !n.scopeId && n.trigger?.type === 'message' ? [{ elementId: n.id, messageName: n.trigger.messageName }] : [],
  );
  const signalStartEvents = Object.values(elements).flatMap((n) =>
    n.kind === 'startEvent' && !n.scopeId && n.trigger?.type === 'signal' ? [{ elementId: n.id, signalName: n.trigger.signalName }] : [],
  );
  const timerStartEvents = Object.values(elements).flatMap((n) =>
    n.kind === 'startEvent' && !n.scopeId && n.trigger?.type === 'timer' ? [{ elementId: n.id, timer: n.trigger.timer }] : [],
  );
  const embeddedForms = collectEmbeddedForms(process, elements, problems);
  const versionTag = compileVersionTag(process, problems);
  return {
    processId: process.id ?? '',
    ...(process.name ? { name: String(process.name) } : {}),
    ...(versionTag ? { versionTag } : {}),
    startEventIds,
    ...(messageStartEvents.length ? { messageStartEvents } : {}),
    ...(signalStartEvents.length ? { signalStartEvents } : {}),
    ...(timerStartEvents.length ? { timerStartEvents } : {}),
    elements,
    flows,
    strictFeelNulls: true,
    ...(embeddedForms ? { embeddedForms } : {}),
    ...(processListeners ? { executionListeners: processListeners } : {}),
  };
}

/**
 * A call activity with a static process id that is neither in the file nor deployed: Camunda 8 deploys
 * it and raises an incident when the call happens, so this is a warning, for the process owner to act on.
 */
function checkCalledProcesses(graph: ProcessGraph, inFile: ReadonlySet<string>, context: CompileContext): CompileProblem[] {
  const deployed = context.deployedProcessIds;
  if (!deployed) return [];
  return Object.values(graph.elements).flatMap((node) =>
    node.kind === 'callActivity' &&
    !isFeelExpression(node.calledProcessId) &&
    !inFile.has(node.calledProcessId) &&
    !deployed.has(node.calledProcessId)
      ? [
          {
            elementId: node.id,
            elementName: node.name,
            field: 'zeebe:calledElement.processId',
            code: 'UNKNOWN_CALLED_PROCESS',
            message: `calls process "${node.calledProcessId}", which is not deployed yet: the call raises an incident until it is`,
          },
        ]
      : [],
  );
}
