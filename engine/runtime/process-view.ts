import type { ProcessGraph } from '../compiler/process-graph';
import { explainWaits, type Wait } from './explain-waits';
import { AdHocSubProcess } from './ad-hoc';
import type { ElementInstance, Incident, ProcessState, ProcessStatus, UserTaskDetails } from './process-state';
import type { TaskDenial } from './task-listener-result';

export interface OpenUserTask extends UserTaskDetails {
  elementInstanceKey: number;
  elementId: string;
  name?: string;
  createdAt: number;
  /** Its last assignment, update or completion a task listener denied, with the reason. */
  denial?: TaskDenial;
}

/** An active ad-hoc sub-process an operator may activate elements of, with what it may activate. */
export interface ActivatableAdHoc {
  key: number;
  elementId: string;
  name?: string;
  activatable: Array<{ elementId: string; name?: string }>;
}

/** What a query returns: the instance as an agent or an operations view needs to see it. */
export interface ProcessInstanceView {
  status: ProcessStatus;
  activeElementIds: string[];
  openUserTasks: OpenUserTask[];
  incidents: Incident[];
  /** Everything the instance waits for now (explain-waits.ts); absent in views from before it existed. */
  waits?: Wait[];
  variables: Record<string, unknown>;
  history: Array<{
    key: number;
    elementId: string;
    state: string;
    enteredAt: number;
    leftAt?: number;
    scopeKey?: number;
    /** On an inner instance of a multi-instance activity: its body's key (the body itself has none). */
    bodyKey?: number;
    /** feelin's warnings of this element's expressions (an unknown variable read as null…). */
    feelWarnings?: string[];
  }>;
  /** Local variables of the active element instances that have any (input mappings, multi-instance items). */
  scopes?: Array<{ key: number; elementId: string; variables: Record<string, unknown> }>;
  /** The active ad-hoc sub-processes that may still be told to activate elements (Camunda 8.8's activation API). */
  adHocSubProcesses?: ActivatableAdHoc[];
  startedAt: number;
  endedAt?: number;
}

export function viewProcessInstance(graph: ProcessGraph, state: ProcessState): ProcessInstanceView {
  const active = state.elementInstances.filter((i) => i.state === 'active');
  return {
    status: state.status,
    activeElementIds: [...new Set(active.map((i) => i.elementId))],
    openUserTasks: active.filter((i) => isWorkedTask(i) && !i.listener && !i.awaitingForm).map((i) => userTaskOf(graph, i)),
    incidents: state.incidents.filter((i) => i.resolvedAt === undefined),
    waits: explainWaits(graph, state),
    variables: state.variables,
    history: state.elementInstances.map(({ key, elementId, state: s, enteredAt, leftAt, scopeKey, bodyKey, feelWarnings }) => ({
      key,
      elementId,
      state: s,
      enteredAt,
      ...(leftAt !== undefined ? { leftAt } : {}),
      ...(scopeKey !== undefined ? { scopeKey } : {}),
      ...(bodyKey !== undefined ? { bodyKey } : {}),
      ...(feelWarnings?.length ? { feelWarnings } : {}),
    })),
    scopes: active
      .filter((i) => i.locals && Object.keys(i.locals).length)
      .map((i) => ({ key: i.key, elementId: i.elementId, variables: i.locals! })),
    adHocSubProcesses: activatableAdHocs(graph, active),
    startedAt: state.startedAt,
    ...(state.endedAt !== undefined ? { endedAt: state.endedAt } : {}),
  };
}

/** A user task as people work it: the task itself, not a multi-instance body around it. */
const isWorkedTask = (i: ElementInstance) => i.kind === 'userTask' && i.loop === undefined;

function userTaskOf(graph: ProcessGraph, i: ElementInstance): OpenUserTask {
  return {
    elementInstanceKey: i.key,
    elementId: i.elementId,
    ...(graph.elements[i.elementId]?.name ? { name: graph.elements[i.elementId]!.name } : {}),
    createdAt: i.enteredAt,
    ...i.task,
    ...(i.denial ? { denial: i.denial } : {}),
  };
}

/** A user task that has ended: completed by someone, or terminated with its scope (a boundary event, a cancel). */
export interface ClosedUserTask extends OpenUserTask {
  state: 'completed' | 'terminated';
  closedAt: number;
}

/**
 * The user tasks that ended since a list last showed the instance: those among `wereActive` (the tasks
 * active then, open to people or not yet) that are no longer active, and those newer than `newestKey`
 * (element instance keys only grow) that ended before any list saw them. Each as it stood when it ended
 * (its last assignee, candidates, dates).
 */
export function closedUserTasks(
  graph: ProcessGraph,
  state: ProcessState,
  wereActive: ReadonlySet<number>,
  newestKey: number,
): ClosedUserTask[] {
  return state.elementInstances
    .filter((i) => isWorkedTask(i) && i.state !== 'active' && (wereActive.has(i.key) || i.key > newestKey))
    .map((i) => ({
      ...userTaskOf(graph, i),
      state: i.state as ClosedUserTask['state'],
      closedAt: i.leftAt ?? state.endedAt ?? i.enteredAt,
    }));
}

/**
 * The incidents resolved since a list last showed the instance: those among `wereOpen`, and those newer
 * than `newestKey` that were raised and resolved before any list saw them.
 */
export function resolvedIncidents(state: ProcessState, wereOpen: ReadonlySet<number>, newestKey: number): Incident[] {
  return state.incidents.filter((i) => i.resolvedAt !== undefined && (wereOpen.has(i.key) || i.key > newestKey));
}

/** Ad-hoc sub-processes the activation API accepts now: active, their completion condition not yet met. */
function activatableAdHocs(graph: ProcessGraph, active: ElementInstance[]): ActivatableAdHoc[] {
  const named = (id: string) => ({ elementId: id, ...(graph.elements[id]?.name ? { name: graph.elements[id]!.name } : {}) });
  return active.flatMap((i) => {
    const node = graph.elements[i.elementId];
    if (!AdHocSubProcess.isAdHoc(node) || !i.adHoc || i.adHoc.conditionMet) return [];
    return [{ key: i.key, ...named(i.elementId), activatable: node.adHoc.activatableIds.map(named) }];
  });
}
