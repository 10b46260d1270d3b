import { describeWait, type ProcessInstanceView, type TaskDenial, type Wait } from '../../workflows/client';
import type { CancelResult } from './domain/process-instance-operations';
import type { ProcessDefinition } from './domain/process-definition.entity';
import type { ProcessInstanceDetail } from './domain/process-instance-service';
import { userTaskId } from './domain/user-task-id';

export function presentDefinition(d: ProcessDefinition, active?: boolean) {
  return {
    id: d.id,
    processId: d.processId,
    name: d.name ?? null,
    version: d.version,
    versionTag: d.versionTag ?? null,
    deployedAt: d.deployedAt.toISOString(),
    archivedAt: d.archivedAt ? d.archivedAt.toISOString() : null,
    ...(active !== undefined ? { active } : {}),
  };
}

/** The stored record of an instance, without its live state. */
export function presentInstanceRecord(instance: ProcessInstanceDetail['instance']) {
  return {
    id: instance.id,
    definitionId: instance.definition.id,
    processId: instance.processId,
    version: instance.version,
    businessKey: instance.businessKey ?? null,
    organizationId: instance.organizationId ?? null,
    startedAt: instance.startedAt.toISOString(),
  };
}

/** A task listener's denial on the wire: its moment as ISO text (absent on denials from before it was kept). */
export function presentDenial({ deniedAt, ...denial }: TaskDenial): Omit<TaskDenial, 'deniedAt'> & { deniedAt?: string } {
  return { ...denial, ...(deniedAt !== undefined ? { deniedAt: new Date(deniedAt).toISOString() } : {}) };
}

/** The ticket an instance drives, if any: its number and the ticket actions that complete each user task. */
export interface InstanceTicket {
  number: string;
  actionsByElement: Record<string, string[]>;
}

export function presentInstance({ instance, status, view, projection }: ProcessInstanceDetail, ticket?: InstanceTicket) {
  const iso = (ms: number) => new Date(ms).toISOString();
  const live =
    view ??
    (projection
      ? {
          activeElementIds: projection.activeElementIds,
          openUserTasks: projection.openTasks,
          incidents: projection.incidents,
          endedAt: projection.endedAt?.getTime(),
        }
      : undefined);
  return {
    ...presentInstanceRecord(instance),
    status,
    stateAvailable: live !== undefined,
    stateSource: view ? 'workflow' : projection ? 'projection' : 'none',
    openIncidentCount: live?.incidents.length ?? 0,
    ticketNumber: ticket?.number ?? null,
    ...(live?.endedAt !== undefined ? { endedAt: iso(live.endedAt) } : {}),
    activeElementIds: live?.activeElementIds ?? [],
    openTasks: (live?.openUserTasks ?? []).map(({ elementInstanceKey, createdAt, denial, ...task }) => {
      const ticketActions = ticket?.actionsByElement[task.elementId];
      return {
        id: userTaskId(instance.id, elementInstanceKey),
        createdAt: iso(createdAt),
        ...task,
        ...(denial ? { denial: presentDenial(denial) } : {}),
        ...(ticketActions?.length ? { ticketActions } : {}),
      };
    }),
    incidents: (live?.incidents ?? []).map(({ resolvedAt: _resolved, createdAt, ...i }) => ({ ...i, createdAt: iso(createdAt) })),
    ...(projection?.termination ? { termination: projection.termination } : {}),
  };
}

/** @param words how the waits' sentences name groups and in which zone they say times (default: keys, UTC). */
export function presentInstanceDetail(
  detail: ProcessInstanceDetail,
  ticket?: InstanceTicket,
  words: { groupName?: (key: string) => string; timeZone?: string } = {},
) {
  const view: ProcessInstanceView | undefined = detail.view;
  return {
    ...presentInstance(detail, ticket),
    variables: view?.variables ?? {},
    history: (view?.history ?? []).map((h) => ({
      key: h.key,
      elementId: h.elementId,
      state: h.state,
      enteredAt: new Date(h.enteredAt).toISOString(),
      ...(h.leftAt !== undefined ? { leftAt: new Date(h.leftAt).toISOString() } : {}),
      ...(h.scopeKey !== undefined ? { scopeKey: h.scopeKey } : {}),
      ...(h.feelWarnings ? { feelWarnings: h.feelWarnings } : {}),
    })),
    elementCounts: countElements(view?.history ?? []),
    scopes: view?.scopes ?? [],
    adHocSubProcesses: view?.adHocSubProcesses ?? [],
    waits: presentWaits(view?.waits ?? [], words.groupName, words.timeZone),
  };
}

const minuteFormats = new Map<string, Intl.DateTimeFormat>();
/**
 * Times in a sentence, to the minute, as a person in `timeZone` reads them (“9 Dec 2026, 16:00
 * Europe/Vilnius”); UTC unless the reader says otherwise.
 */
function inWords(timeZone: string) {
  let format = minuteFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone });
    if (minuteFormats.size < 500) minuteFormats.set(timeZone, format);
  }
  return (ms: number) => `${format.format(new Date(ms))} ${timeZone}`;
}

/** Whether `zone` is an IANA time zone this runtime knows (what a `timeZone` query may name). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * What an instance waits for, each with its sentence; `groupName` turns candidate group keys into the
 * names people know (the keys stay in `candidateGroups`).
 */
export function presentWaits(waits: readonly Wait[], groupName: (key: string) => string = (k) => k, timeZone = 'UTC') {
  const iso = (ms: number) => new Date(ms).toISOString();
  const time = inWords(timeZone);
  return waits.map((w) => {
    const named = w.kind === 'userTask' ? { ...w, candidateGroups: w.candidateGroups.map(groupName) } : w;
    const text = describeWait(named, time);
    switch (w.kind) {
      case 'timer':
        return { ...w, dueAt: iso(w.dueAt), text };
      case 'userTask':
      case 'job':
      case 'calledProcess':
      case 'adHocActivation':
      case 'incident':
        return { ...w, since: iso(w.since), text };
      default:
        return { ...w, text };
    }
  });
}

/** Per element id, its instances by state: what the instance viewer paints as counts. */
export function countElements(
  history: Array<{ elementId: string; state: string }>,
): Record<string, { active: number; completed: number; terminated: number }> {
  const counts: Record<string, { active: number; completed: number; terminated: number }> = {};
  for (const h of history) {
    const c = (counts[h.elementId] ??= { active: 0, completed: 0, terminated: 0 });
    if (h.state === 'active' || h.state === 'completed' || h.state === 'terminated') c[h.state]++;
  }
  return counts;
}

/** The answer of a cancel: the instance's state, or that it was terminated instead, and why. */
export function presentCancel(id: string, result: CancelResult) {
  if ('view' in result) return presentChanged(id, result.view);
  return { id, status: 'CANCELED', activeElementIds: [], incidents: [], variables: {}, termination: result.termination };
}

/** The short answer of an operation: where the instance stands now. */
export function presentChanged(id: string, view: ProcessInstanceView) {
  return {
    id,
    status: view.status === 'active' ? 'RUNNING' : view.status === 'completed' ? 'COMPLETED' : 'CANCELED',
    activeElementIds: view.activeElementIds,
    incidents: view.incidents.map(({ resolvedAt: _r, createdAt, ...i }) => ({ ...i, createdAt: new Date(createdAt).toISOString() })),
    variables: view.variables,
  };
}
