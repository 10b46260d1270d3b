import type { ProcessGraph } from '../compiler/process-graph';
import { InvalidEngineEventError } from './interpreter';
import type { ElementInstance, ProcessState } from './process-state';

/** Moves tokens on `from` (an element id of the running version) to `to` (one of the target version). */
export interface ElementMapping {
  from: string;
  to: string;
}

/** What migration does to one active element instance; `problem` set means it cannot move. */
export interface MigrationPlanItem {
  elementInstanceKey: number;
  elementId: string;
  targetElementId?: string;
  action: 'keep' | 'map' | 'refuse';
  problem?: string;
}

export interface MigrationPlan {
  items: MigrationPlanItem[];
  /** Every reason the migration is refused, naming the element (or the mapping field) concerned. */
  problems: Array<{ elementId?: string; field?: string; message: string }>;
}

/** Thrown by `migrateState` when the plan has problems; the shell answers the update with it. */
export class MigrationRefusedError extends InvalidEngineEventError {
  constructor(readonly problems: MigrationPlan['problems']) {
    super(`the instance cannot be migrated: ${problems.map((p) => p.message).join('; ')}`, 'MIGRATION_REFUSED');
  }
}

/**
 * Decides, for every active element instance, which element of `toGraph` it continues on: the
 * explicit mapping, else the element with the same id. A token is refused when there is no target,
 * the target is a different kind of element (a waiting user task cannot become a gateway), its
 * multi-instance-ness differs, or it would leave the subprocess its parent token moves to.
 * Pure: the API calls it for a preview, the workflow shell for the real thing.
 */
export function planMigration(
  state: ProcessState,
  fromGraph: ProcessGraph,
  toGraph: ProcessGraph,
  mappings: ElementMapping[] = [],
): MigrationPlan {
  const problems: MigrationPlan['problems'] = [];
  const explicit = new Map<string, string>();
  mappings.forEach((m, i) => {
    if (!fromGraph.elements[m.from])
      problems.push({ field: `mappings[${i}].from`, message: `mapping source "${m.from}" is not an element of the running version` });
    else if (!toGraph.elements[m.to])
      problems.push({ field: `mappings[${i}].to`, message: `mapping target "${m.to}" is not an element of the target version` });
    else explicit.set(m.from, m.to);
  });
  const targetOf = (elementId: string) => explicit.get(elementId) ?? (toGraph.elements[elementId] ? elementId : undefined);
  const byKey = new Map(state.elementInstances.map((i) => [i.key, i]));

  const items = state.elementInstances
    .filter((i) => i.state === 'active')
    .map((instance): MigrationPlanItem => {
      const base = { elementInstanceKey: instance.key, elementId: instance.elementId };
      const problem = refusal(instance, targetOf(instance.elementId), byKey, targetOf, fromGraph, toGraph);
      const target = targetOf(instance.elementId);
      if (problem) {
        problems.push({ elementId: instance.elementId, message: problem });
        return { ...base, ...(target ? { targetElementId: target } : {}), action: 'refuse', problem };
      }
      return { ...base, targetElementId: target!, action: target === instance.elementId ? 'keep' : 'map' };
    });

  for (const [key, arrived] of Object.entries(state.joins)) {
    const gatewayId = key.slice(key.lastIndexOf('/') + 1);
    if (!arrived.length) continue;
    const target = targetOf(gatewayId);
    const lost = arrived.filter((flowId) => !toGraph.flows[flowId] || toGraph.flows[flowId]!.targetId !== target);
    if (!target || lost.length) {
      problems.push({
        elementId: gatewayId,
        message: `the joining gateway ${gatewayId} is waiting for more tokens and its arrived flows (${arrived.join(', ')}) do not all exist in the target version`,
      });
    }
  }
  return { items, problems };
}

/**
 * The state continued on `toGraph`: active element instances (and their open incidents) take their
 * target ids; completed history keeps the ids it ran on. Keys, variables and tasks are untouched, so
 * work already started (a running service task) completes onto the moved token.
 * @throws MigrationRefusedError naming each element that cannot move.
 */
export function migrateState(
  state: ProcessState,
  fromGraph: ProcessGraph,
  toGraph: ProcessGraph,
  mappings: ElementMapping[] = [],
): ProcessState {
  if (state.status !== 'active') throw new InvalidEngineEventError('the process instance has ended', 'NOT_ACTIVE');
  const plan = planMigration(state, fromGraph, toGraph, mappings);
  if (plan.problems.length) throw new MigrationRefusedError(plan.problems);
  const moved = new Map(plan.items.map((i) => [i.elementInstanceKey, i.targetElementId!]));
  const renamed = new Map(plan.items.map((i) => [i.elementId, i.targetElementId!]));
  return {
    ...state,
    elementInstances: state.elementInstances.map((i) => {
      const to = moved.get(i.key);
      return to === undefined || to === i.elementId ? i : { ...i, elementId: to, kind: toGraph.elements[to]!.kind };
    }),
    incidents: state.incidents.map((inc) => {
      const to = inc.resolvedAt === undefined ? moved.get(inc.elementInstanceKey) : undefined;
      return to === undefined ? inc : { ...inc, elementId: to };
    }),
    joins: Object.fromEntries(
      Object.entries(state.joins).map(([key, arrived]) => {
        const cut = key.lastIndexOf('/');
        const gatewayId = key.slice(cut + 1);
        return [`${key.slice(0, cut)}/${renamed.get(gatewayId) ?? gatewayId}`, arrived];
      }),
    ),
  };
}

// ---------------------------------------------------------------------------------------------

function refusal(
  instance: ElementInstance,
  target: string | undefined,
  byKey: Map<number, ElementInstance>,
  targetOf: (id: string) => string | undefined,
  fromGraph: ProcessGraph,
  toGraph: ProcessGraph,
): string | undefined {
  const name = fromGraph.elements[instance.elementId]?.name;
  const label = name ? `"${name}" (${instance.elementId})` : instance.elementId;
  if (!target) return `active element ${label} has no element with the same id in the target version; map it to one`;
  const from = fromGraph.elements[instance.elementId];
  const to = toGraph.elements[target]!;
  if (from && from.kind !== to.kind) return `active element ${label} is a ${from.kind}, but its target ${target} is a ${to.kind}`;
  if (from && !!from.multiInstance !== !!to.multiInstance)
    return `active element ${label} and its target ${target} differ in multi-instance`;
  // Inner instances of a multi-instance body share the body's scope, so the subprocess is the parent.
  const parent = instance.scopeKey !== undefined ? byKey.get(instance.scopeKey) : undefined;
  const expectedScope = parent ? targetOf(parent.elementId) : undefined;
  if (to.scopeId !== expectedScope) {
    return `active element ${label} would move to ${target}, which is ${to.scopeId ? `inside subprocess ${to.scopeId}` : 'at process level'}, not ${expectedScope ? `inside ${expectedScope}` : 'at process level'} where its scope moves`;
  }
  return undefined;
}
