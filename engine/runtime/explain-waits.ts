import type { FlowNode, ProcessGraph } from '../compiler/process-graph';
import { AdHocSubProcess } from './ad-hoc';
import { ROOT_SCOPE_KEY } from './event-triggers';
import { pendingListenerJob } from './listeners';
import type { Instant, ProcessState } from './process-state';

/** What happens when a timer, message or signal an instance waits for arrives. */
export interface TriggerEffect {
  /** interrupts / runs beside: a boundary event on `activity`; starts: an event subprocess; continues: the token moves on. */
  type: 'interrupts' | 'runs-beside' | 'starts' | 'continues';
  activity?: string;
  /** The names (else ids) of the elements the path goes on to. */
  next: string[];
}

interface WaitBase {
  elementId: string;
  /** The element's name, else its id: what the sentence calls it. */
  label: string;
}

/** One thing an instance waits for, as the engine knows it: the parts a sentence or a screen needs. */
export type Wait =
  | (WaitBase & {
      kind: 'userTask';
      since: Instant;
      assignee?: string;
      candidateGroups: string[];
      candidateUsers: string[];
      dueDate?: string;
    })
  | (WaitBase & { kind: 'timer'; dueAt: Instant; repeatsLeft?: number; effect: TriggerEffect })
  | (WaitBase & { kind: 'message'; messageName: string; correlationKey?: string; effect: TriggerEffect })
  | (WaitBase & { kind: 'signal'; signalName: string; effect: TriggerEffect })
  /** `adHocDecision`: the job of an ad-hoc sub-process run by a job worker, which decides what it does next. */
  | (WaitBase & { kind: 'job'; taskType: string; since: Instant; adHocDecision?: true })
  | (WaitBase & { kind: 'calledProcess'; since: Instant })
  /** An ad-hoc sub-process with nothing running inside: it waits for Camunda's activation API to name its elements. */
  | (WaitBase & { kind: 'adHocActivation'; since: Instant; activatable: string[] })
  | (WaitBase & { kind: 'incident'; incidentType: string; message: string; since: Instant });

const labelOf = (graph: ProcessGraph, id: string) => graph.elements[id]?.name ?? id;

/**
 * Everything an active instance waits for, from its state alone: open user tasks with their
 * candidates, armed timers with their due time and what they do, open message and signal
 * subscriptions, service tasks waiting for a worker, called processes, ad-hoc sub-processes with nothing
 * running inside, and open incidents. Pure, so
 * the workflow's query, the what-if replay and tests all read the same answer.
 */
export function explainWaits(graph: ProcessGraph, state: ProcessState): Wait[] {
  if (state.status !== 'active') return [];
  const waits: Wait[] = [];
  const openIncidents = state.incidents.filter((i) => i.resolvedAt === undefined);
  const failing = new Set(openIncidents.map((i) => i.elementInstanceKey));
  for (const instance of state.elementInstances) {
    if (instance.state !== 'active' || instance.loop !== undefined) continue;
    const node = graph.elements[instance.elementId];
    const base = { elementId: instance.elementId, label: labelOf(graph, instance.elementId) };
    const listener = node && pendingListenerJob(node, instance);
    if (listener) {
      // Held by its listener: it waits for that job, whatever the element's own kind.
      if (!failing.has(instance.key)) waits.push({ ...base, kind: 'job', taskType: listener.type, since: instance.enteredAt });
    } else if (instance.kind === 'userTask' && !instance.awaitingForm) {
      const task = instance.task ?? {};
      waits.push({
        ...base,
        kind: 'userTask',
        since: instance.enteredAt,
        ...(task.assignee ? { assignee: task.assignee } : {}),
        candidateGroups: task.candidateGroups ?? [],
        candidateUsers: task.candidateUsers ?? [],
        ...(task.dueDate ? { dueDate: task.dueDate } : {}),
      });
    } else if (node?.kind === 'serviceTask' && !failing.has(instance.key)) {
      waits.push({ ...base, kind: 'job', taskType: node.taskType, since: instance.enteredAt });
    } else if (node?.kind === 'callActivity' && !failing.has(instance.key)) {
      waits.push({ ...base, kind: 'calledProcess', since: instance.enteredAt });
    } else if (AdHocSubProcess.isAdHoc(node) && instance.adHoc?.jobPending && !failing.has(instance.key)) {
      // Its job worker decides what happens next.
      waits.push({ ...base, kind: 'job', taskType: node.adHoc.jobWorker!.taskType, since: instance.enteredAt, adHocDecision: true });
    } else if (AdHocSubProcess.isAdHoc(node) && instance.adHoc && !instance.adHoc.conditionMet && !failing.has(instance.key)) {
      const running = state.elementInstances.some((i) => i.state === 'active' && i.scopeKey === instance.key);
      const activatable = node.adHoc.activatableIds.map((id) => labelOf(graph, id));
      if (!running) waits.push({ ...base, kind: 'adHocActivation', since: instance.enteredAt, activatable });
    }
  }
  const processListener = state.processListener;
  if (processListener && !failing.has(ROOT_SCOPE_KEY)) {
    // The process's own listener job (the process has no element instance; its id names it, as in Camunda 8).
    const job = (graph.executionListeners ?? []).filter((l) => l.eventType === processListener.eventType)[processListener.index];
    if (job)
      waits.push({
        elementId: graph.processId,
        label: graph.name ?? graph.processId,
        kind: 'job',
        taskType: job.type,
        since: state.startedAt,
      });
  }
  for (const timer of [...(state.timers ?? [])].sort((a, b) => a.dueAt - b.dueAt)) {
    waits.push({
      elementId: timer.elementId,
      label: labelOf(graph, timer.elementId),
      kind: 'timer',
      dueAt: timer.dueAt,
      ...(timer.cycle ? { repeatsLeft: timer.cycle.remaining } : {}),
      effect: effectOf(graph, timer.elementId),
    });
  }
  for (const s of state.subscriptions ?? []) {
    const base = { elementId: s.elementId, label: labelOf(graph, s.elementId), effect: effectOf(graph, s.elementId) };
    if (s.eventType === 'message')
      waits.push({
        ...base,
        kind: 'message',
        messageName: s.name,
        ...(s.correlationKey !== undefined ? { correlationKey: s.correlationKey } : {}),
      });
    else waits.push({ ...base, kind: 'signal', signalName: s.name });
  }
  for (const incident of openIncidents) {
    waits.push({
      elementId: incident.elementId,
      label: labelOf(graph, incident.elementId),
      kind: 'incident',
      incidentType: incident.type,
      message: incident.message,
      since: incident.createdAt,
    });
  }
  return waits;
}

/** What the catching element does when its trigger arrives. */
function effectOf(graph: ProcessGraph, elementId: string): TriggerEffect {
  const node: FlowNode | undefined = graph.elements[elementId];
  if (!node) return { type: 'continues', next: [] };
  const next = node.outgoing.map((f) => graph.flows[f]).flatMap((f) => (f ? [labelOf(graph, f.targetId)] : []));
  if (node.kind === 'boundaryEvent')
    return { type: node.cancelActivity ? 'interrupts' : 'runs-beside', activity: labelOf(graph, node.attachedToId), next };
  if (node.kind === 'eventSubProcess') return { type: 'starts', activity: labelOf(graph, node.id), next: [] };
  const scope = node.scopeId ? graph.elements[node.scopeId] : undefined;
  if (node.kind === 'startEvent' && scope?.kind === 'eventSubProcess') return { type: 'starts', activity: labelOf(graph, scope.id), next };
  return { type: 'continues', next };
}

/** A time as the sentence shows it; the caller picks the zone and format. */
export type TimeFormat = (at: Instant) => string;

const list = (names: string[], word: 'or' | 'and') =>
  names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} ${word} ${names[names.length - 1]}`;

function then(effect: TriggerEffect): string {
  const onward = effect.next.length ? ` and goes on to ${list(effect.next, 'and')}` : '';
  switch (effect.type) {
    case 'interrupts':
      return `stops “${effect.activity}”${onward}`;
    case 'runs-beside':
      return `runs ${list(effect.next, 'and') || 'its path'} beside “${effect.activity}”`;
    case 'starts':
      return `starts “${effect.activity}”`;
    default:
      return effect.next.length ? `goes on to ${list(effect.next, 'and')}` : 'goes on';
  }
}

/** One wait in words, e.g. “Waiting for the message “customer-reply” (key INC-7); then goes on to Resolve.” */
export function describeWait(wait: Wait, time: TimeFormat): string {
  switch (wait.kind) {
    case 'userTask': {
      const who = wait.assignee
        ? wait.assignee
        : list([...wait.candidateGroups.map((g) => `the ${g} group`), ...wait.candidateUsers], 'or') || 'anyone who may work on it';
      const due = wait.dueDate ? `, due ${wait.dueDate}` : '';
      return `Waiting for ${who} to complete “${wait.label}” (open since ${time(wait.since)}${due}).`;
    }
    case 'timer': {
      const left = wait.repeatsLeft ?? 0;
      const repeat =
        left === -1 ? ', then again every period' : left === 1 ? ', then once more' : left > 1 ? `, then ${left} more times` : '';
      return `At ${time(wait.dueAt)} the timer “${wait.label}” ${then(wait.effect)}${repeat}.`;
    }
    case 'message': {
      const key = wait.correlationKey !== undefined ? ` with key ${wait.correlationKey}` : '';
      return `Waiting for the message “${wait.messageName}”${key}; when it arrives it ${then(wait.effect)}.`;
    }
    case 'signal':
      return `Waiting for the signal “${wait.signalName}”; when it arrives it ${then(wait.effect)}.`;
    case 'job':
      if (wait.adHocDecision)
        return `Waiting for a worker of type “${wait.taskType}” to decide what “${wait.label}” does next (since ${time(wait.since)}).`;
      return `Waiting for a worker of type “${wait.taskType}” to finish “${wait.label}” (since ${time(wait.since)}).`;
    case 'calledProcess':
      return `Waiting for the process called by “${wait.label}” to end (since ${time(wait.since)}).`;
    case 'adHocActivation':
      return `Waiting for “${wait.label}” to be told what to do next: nothing runs in it, and it may activate ${list(
        wait.activatable.map((a) => `“${a}”`),
        'or',
      )} (Camunda’s ad-hoc activation API; since ${time(wait.since)}).`;
    case 'incident':
      return `Stuck at “${wait.label}” since ${time(wait.since)}: ${wait.message} (${wait.incidentType}); it goes on once the cause is fixed and the incident retried.`;
  }
}
