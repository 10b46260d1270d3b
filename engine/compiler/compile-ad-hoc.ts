import { stripFeelMarker } from '../feel/feel';
import type { CompileProblem } from './compile-problem';
import { compileTaskDefinition } from './compile-task-definition';
import type { ModdleElement } from './parse-bpmn';
import type { FlowNode, SubProcessNode } from './process-graph';
import { zeebeExtension } from './zeebe-extensions';

type SubProcessBase = Omit<SubProcessNode, 'kind' | 'startEventId' | 'adHoc'>;
type Problem = (message: string, code: string, field?: string) => void;

/** What an ad-hoc sub-process may not hold (Camunda 8): its elements start when named, not from a start event. */
const NOT_INSIDE: ReadonlySet<FlowNode['kind']> = new Set(['startEvent', 'endEvent']);
/** Elements that are not work of their own: they start with their activity or scope, never by name. */
const NOT_ACTIVATABLE: ReadonlySet<FlowNode['kind']> = new Set(['boundaryEvent', 'eventSubProcess']);

/**
 * Camunda 8's ad-hoc sub-process: `zeebe:adHoc` names what to activate and what to collect,
 * `completionCondition` and `cancelRemainingInstances` when it ends; with a task definition, a job worker
 * decides both instead (the job worker implementation, as Camunda's AI agent uses it). The inner elements it
 * may activate are found once the flows are wired (compile-process). With a job worker, Zeebe deploys but never
 * reads `activeElementsCollection` and `completionCondition`; so do we, and the linter says so. Refused, naming
 * the field: sequential ordering, which Zeebe does not run either.
 */
export function compileAdHocSubProcess(el: ModdleElement, base: SubProcessBase, problem: Problem): SubProcessNode | undefined {
  const runByJobWorker = zeebeExtension(el, 'zeebe:TaskDefinition') !== undefined;
  const jobWorker = runByJobWorker ? compileTaskDefinition(el, problem) : undefined;
  if (runByJobWorker && !jobWorker) return undefined;
  if (el.ordering === 'Sequential') {
    problem(
      'sequential ordering is not supported; ad-hoc sub-processes run their elements in parallel, as in Camunda 8',
      'UNSUPPORTED_AD_HOC_ORDERING',
      'ordering',
    );
    return undefined;
  }
  const settings = zeebeExtension(el, 'zeebe:AdHoc');
  const expression = (value: unknown) => (typeof value === 'string' && value.trim() ? stripFeelMarker(value.trim()) : undefined);
  const completionCondition = expression((el.completionCondition as ModdleElement | undefined)?.body);
  const outputCollection = typeof settings?.outputCollection === 'string' ? settings.outputCollection.trim() : '';
  const outputElement = expression(settings?.outputElement);
  if (outputElement && !outputCollection) {
    problem('an output element needs an output collection to collect into', 'MISSING_OUTPUT_COLLECTION', 'zeebe:adHoc.outputCollection');
    return undefined;
  }
  const activeElementsCollection = expression(settings?.activeElementsCollection);
  const documentation = innerDocumentation(el);
  return {
    ...base,
    kind: 'subProcess',
    startEventId: '',
    adHoc: {
      ...(activeElementsCollection ? { activeElementsCollection } : {}),
      ...(completionCondition ? { completionCondition } : {}),
      cancelRemainingInstances: el.cancelRemainingInstances !== false,
      ...(outputCollection ? { outputCollection } : {}),
      ...(outputElement ? { outputElement } : {}),
      activatableIds: [],
      ...(documentation ? { documentation } : {}),
      ...(jobWorker ? { jobWorker } : {}),
    },
  };
}

/** The inner elements' documentation texts, by id: what `adHocSubProcessElements` tells a job worker about each. */
function innerDocumentation(el: ModdleElement): Record<string, string> | undefined {
  const texts: Array<[string, string]> = [];
  for (const inner of (el.flowElements as ModdleElement[] | undefined) ?? []) {
    const docs = (inner.documentation as ModdleElement[] | undefined) ?? [];
    const text = docs
      .map((d) => (typeof d.text === 'string' ? d.text.trim() : ''))
      .filter(Boolean)
      .join('\n');
    if (text && typeof inner.id === 'string') texts.push([inner.id, text]);
  }
  return texts.length ? Object.fromEntries(texts) : undefined;
}

/**
 * Once the flows are wired: the inner elements the sub-process may activate (no flow leads to them), and
 * Camunda's constraints — no start or end event inside, at least one activity — each naming the element.
 */
export function linkAdHocElements(node: SubProcessNode, elements: Record<string, FlowNode>, problems: CompileProblem[]): void {
  const inner = Object.values(elements).filter((n) => n.scopeId === node.id);
  for (const n of inner.filter((i) => NOT_INSIDE.has(i.kind))) {
    problems.push({
      elementId: n.id,
      elementName: n.name,
      message: `an ad-hoc sub-process (${node.id}) cannot hold a ${n.kind === 'startEvent' ? 'start' : 'end'} event: its elements start when it names them`,
      code: 'AD_HOC_START_OR_END_EVENT',
    });
  }
  const activatable = inner.filter((n) => !NOT_INSIDE.has(n.kind) && !NOT_ACTIVATABLE.has(n.kind) && n.incoming.length === 0);
  if (!activatable.length) {
    problems.push({
      elementId: node.id,
      elementName: node.name,
      message: 'an ad-hoc sub-process needs at least one inner activity that no sequence flow leads to',
      code: 'AD_HOC_WITHOUT_ACTIVITY',
    });
  }
  node.adHoc!.activatableIds = activatable.map((n) => n.id);
}
