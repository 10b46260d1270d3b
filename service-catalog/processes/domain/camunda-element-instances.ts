import type { ProcessGraph } from '../../../engine/compiler';
import type { ProcessInstanceView } from '../../../workflows/client';
import { camundaTypeOf, type CamundaElementType } from './camunda-element-types';
import { elementInstanceRef } from './user-task-id';

export const ELEMENT_INSTANCE_STATES = ['ACTIVE', 'COMPLETED', 'TERMINATED'] as const;
export type ElementInstanceState = (typeof ELEMENT_INSTANCE_STATES)[number];

/** One element instance in Camunda 8's `ElementInstanceResult` shape; keys are Flowdesk's references. */
export interface CamundaElementInstance {
  processDefinitionId: string;
  startDate: string;
  endDate: string | null;
  elementId: string;
  elementName: string;
  type: CamundaElementType;
  state: ElementInstanceState;
  hasIncident: boolean;
  tenantId: string;
  elementInstanceKey: string;
  processInstanceKey: string;
  rootProcessInstanceKey: string;
  processDefinitionKey: string;
  incidentKey: string | null;
}

/** What an instance's element instances are read from: its record, its version's graph and its workflow's view. */
export interface InstanceFacts {
  processInstanceId: string;
  /** The version's id, Camunda's `processDefinitionKey`. */
  definitionId: string;
  tenantId: string;
  graph: ProcessGraph;
  view: ProcessInstanceView;
}

const STATES: Record<string, ElementInstanceState> = { active: 'ACTIVE', completed: 'COMPLETED', terminated: 'TERMINATED' };
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Every element instance of the instance, as Camunda lists them: first the process itself (a `PROCESS`
 * element instance whose key is the instance's), then each element instance of the workflow's history in
 * the order it was entered. An open incident marks its element instance and every scope around it,
 * the process included (`incidentKey`: its own incident first, else the first one inside it).
 */
export function elementInstancesOf(facts: InstanceFacts): CamundaElementInstance[] {
  const { processInstanceId, definitionId, tenantId, graph, view } = facts;
  const incidents = incidentsByScope(view);
  const common = {
    processDefinitionId: graph.processId,
    tenantId,
    processInstanceKey: processInstanceId,
    rootProcessInstanceKey: processInstanceId,
    processDefinitionKey: definitionId,
  };
  const incidentOf = (key: number | null) => {
    const found = incidents.get(key);
    return { hasIncident: found !== undefined, incidentKey: found === undefined ? null : elementInstanceRef(processInstanceId, found) };
  };
  const process: CamundaElementInstance = {
    ...common,
    startDate: iso(view.startedAt),
    endDate: view.endedAt !== undefined ? iso(view.endedAt) : null,
    elementId: graph.processId,
    elementName: graph.name ?? graph.processId,
    type: 'PROCESS',
    state: STATES[view.status] ?? 'ACTIVE',
    ...incidentOf(null),
    elementInstanceKey: processInstanceId,
  };
  const elements = view.history.map((h): CamundaElementInstance => {
    const node = graph.elements[h.elementId];
    return {
      ...common,
      startDate: iso(h.enteredAt),
      endDate: h.leftAt !== undefined ? iso(h.leftAt) : null,
      elementId: h.elementId,
      elementName: node?.name ?? h.elementId,
      type: camundaTypeOf(node, h.bodyKey !== undefined),
      state: STATES[h.state] ?? 'ACTIVE',
      ...incidentOf(h.key),
      elementInstanceKey: elementInstanceRef(processInstanceId, h.key),
    };
  });
  return [process, ...elements];
}

/**
 * For each element instance with an open incident on it or inside it (null: the process), the key of
 * that incident: its own first, else the first found inside. Scopes are followed through `scopeKey`
 * (and a multi-instance body through `bodyKey`).
 */
function incidentsByScope(view: ProcessInstanceView): Map<number | null, number> {
  const parentOf = new Map(view.history.map((h) => [h.key, h.bodyKey ?? h.scopeKey ?? null]));
  const marked = new Map<number | null, number>();
  for (const incident of view.incidents) marked.set(incident.elementInstanceKey, incident.key);
  for (const incident of view.incidents) {
    const seen = new Set<number | null>();
    let at: number | null = incident.elementInstanceKey;
    while (at !== null && !seen.has(at)) {
      seen.add(at);
      at = parentOf.get(at) ?? null;
      if (!marked.has(at)) marked.set(at, incident.key);
    }
  }
  return marked;
}

/**
 * The scope of each element instance (Camunda's `elementInstanceScopeKey`), by its reference: the
 * element instance it runs in, a multi-instance activity's inner instances in their body, the top
 * level in the process (the instance's key). The process itself has none.
 */
export function scopesOf(facts: Pick<InstanceFacts, 'processInstanceId' | 'view'>): Map<string, string> {
  const { processInstanceId, view } = facts;
  return new Map(
    view.history.map((h) => {
      const parent = h.bodyKey ?? h.scopeKey;
      return [
        elementInstanceRef(processInstanceId, h.key),
        parent === undefined ? processInstanceId : elementInstanceRef(processInstanceId, parent),
      ];
    }),
  );
}

/** Camunda 8's `ProcessElementStatisticsResult`: how many instances of an element are in each state. */
export interface ElementStatistics {
  elementId: string;
  active: number;
  canceled: number;
  incidents: number;
  completed: number;
}

/**
 * Per element of one instance, how many of its element instances are active, completed or ended by
 * their scope (canceled), and how many open incidents are on it, as Camunda's instance statistics
 * count them: the process itself and a multi-instance activity's body are not elements here (the
 * inner instances are counted).
 */
export function elementStatisticsOf(facts: InstanceFacts): ElementStatistics[] {
  const counts = new Map<string, ElementStatistics>();
  const of = (elementId: string) =>
    counts.get(elementId) ?? counts.set(elementId, { elementId, active: 0, canceled: 0, incidents: 0, completed: 0 }).get(elementId)!;
  for (const e of elementInstancesOf(facts)) {
    if (e.type === 'PROCESS' || e.type === 'MULTI_INSTANCE_BODY') continue;
    const at = of(e.elementId);
    if (e.state === 'ACTIVE') at.active++;
    else if (e.state === 'COMPLETED') at.completed++;
    else at.canceled++;
  }
  for (const incident of facts.view.incidents) of(incident.elementId).incidents++;
  return [...counts.values()].sort((a, b) => (a.elementId < b.elementId ? -1 : a.elementId > b.elementId ? 1 : 0));
}
