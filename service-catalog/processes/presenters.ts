import type { ProcessInstanceView } from '../../engine/client';
import type { ProcessDefinition } from './domain/process-definition.entity';
import type { ProcessInstanceDetail } from './domain/process-instance-service';
import { userTaskId } from './domain/user-task-id';

export function presentDefinition(d: ProcessDefinition) {
  return { id: d.id, processId: d.processId, name: d.name ?? null, version: d.version, deployedAt: d.deployedAt.toISOString() };
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

export function presentInstance({ instance, status, view }: ProcessInstanceDetail) {
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    ...presentInstanceRecord(instance),
    status,
    stateAvailable: view !== undefined,
    ...(view?.endedAt !== undefined ? { endedAt: iso(view.endedAt) } : {}),
    activeElementIds: view?.activeElementIds ?? [],
    openTasks: (view?.openUserTasks ?? []).map(({ elementInstanceKey, createdAt, ...task }) => ({
      id: userTaskId(instance.id, elementInstanceKey),
      createdAt: iso(createdAt),
      ...task,
    })),
    incidents: (view?.incidents ?? []).map(({ resolvedAt: _resolved, createdAt, ...i }) => ({ ...i, createdAt: iso(createdAt) })),
  };
}

export function presentInstanceDetail(detail: ProcessInstanceDetail) {
  const view: ProcessInstanceView | undefined = detail.view;
  return {
    ...presentInstance(detail),
    variables: view?.variables ?? {},
    history: (view?.history ?? []).map((h) => ({
      key: h.key,
      elementId: h.elementId,
      state: h.state,
      enteredAt: new Date(h.enteredAt).toISOString(),
      ...(h.leftAt !== undefined ? { leftAt: new Date(h.leftAt).toISOString() } : {}),
    })),
  };
}
