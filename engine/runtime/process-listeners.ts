import type { ExecutionListener } from '../compiler/process-graph';
import { EventTriggers, ROOT_SCOPE_KEY } from './event-triggers';
import type { Run } from './run';

/**
 * Execution listeners on the process itself (Camunda 8): start listeners run before the start event
 * is entered (and before the process's event subprocesses listen), end listeners once the last token
 * ended, before the instance completes. Each is a job the instance waits for, in model order; their
 * variables go to the process scope. The process has no element instance, so its listener jobs carry
 * ROOT_SCOPE_KEY and the process id, as the process's own element instance does in Camunda 8; a
 * failed one is an incident there, and retrying it runs that listener again.
 */
export const ProcessListeners = {
  /** True when a start listener now holds the new instance. */
  holdAtStart(run: Run, startEventId: string | undefined): boolean {
    if (listenersOf(run, 'start').length === 0) return false;
    run.state.processListener = { eventType: 'start', index: 0, ...(startEventId !== undefined ? { startEventId } : {}) };
    send(run);
    return true;
  },

  /** Every token ended: true when an end listener now holds the completion. Nothing triggers the process meanwhile. */
  holdAtEnd(run: Run): boolean {
    if (listenersOf(run, 'end').length === 0) return false;
    EventTriggers.disarm(run, ROOT_SCOPE_KEY);
    run.state.processListener = { eventType: 'end', index: 0 };
    send(run);
    return true;
  },

  completed(run: Run, variables: Record<string, unknown>): void {
    const pending = run.state.processListener!;
    run.variables.propagate(undefined, variables);
    if (pending.index + 1 < listenersOf(run, pending.eventType).length) {
      run.state.processListener = { ...pending, index: pending.index + 1 };
      send(run);
      return;
    }
    delete run.state.processListener;
    if (pending.eventType === 'start') {
      EventTriggers.armEventSubProcesses(run, undefined, run.owner(ROOT_SCOPE_KEY)!);
      run.enter(pending.startEventId!, undefined, undefined);
      return;
    }
    run.state.status = 'completed';
    run.state.endedAt = run.now;
  },

  failed(run: Run, message: string): void {
    run.raiseIncident(run.owner(ROOT_SCOPE_KEY)!, 'EXECUTION_LISTENER_NO_RETRIES', message);
  },

  resend(run: Run): void {
    send(run);
  },

  /** The instance is cancelled: the listener job stops, its incident with it. */
  cancel(run: Run): void {
    if (!run.state.processListener) return;
    delete run.state.processListener;
    run.commands.push({ type: 'work.cancel', elementInstanceKey: ROOT_SCOPE_KEY });
    for (const incident of run.state.incidents)
      if (incident.elementInstanceKey === ROOT_SCOPE_KEY && incident.resolvedAt === undefined) incident.resolvedAt = run.now;
  },
};

function listenersOf(run: Run, eventType: string): ExecutionListener[] {
  return (run.graph.executionListeners ?? []).filter((l) => l.eventType === eventType);
}

function send(run: Run): void {
  const pending = run.state.processListener!;
  const listener = listenersOf(run, pending.eventType)[pending.index]!;
  run.commands.push({
    type: 'listener.execute',
    elementInstanceKey: ROOT_SCOPE_KEY,
    elementId: run.graph.processId,
    listenerKind: 'execution',
    eventType: pending.eventType,
    jobType: listener.type,
    retries: listener.retries,
    headers: { ...listener.headers },
    variables: { ...run.state.variables },
  });
}
