import type { ModdleElement } from './parse-bpmn';
import type { ExecutionListener, FlowNode, TaskListener } from './process-graph';
import { zeebeExtension } from './zeebe-extensions';

type Problem = (message: string, code: string, field?: string) => void;

/** Camunda 8's default for a listener without `retries`, as for a job. */
const DEFAULT_LISTENER_RETRIES = 3;

/** The task listener events Camunda 8 defines (zeebe-bpmn-moddle 2.0); all of them run here. */
const TASK_LISTENER_EVENTS = ['creating', 'assigning', 'updating', 'completing', 'canceling'] as const;

/**
 * Where Camunda 8 refuses a listener at deploy ("Execution listeners of type 'end' are not supported
 * by … element"): a gateway's token leaves by its chosen flows at once, a boundary event is never
 * "started", an error end event never ends normally. Refused here with the same reasoning.
 */
function allowed(node: FlowNode, eventType: 'start' | 'end'): boolean {
  if (eventType === 'end') {
    if (node.kind.endsWith('Gateway')) return false;
    if (node.kind === 'endEvent' && node.result.type === 'error') return false;
    return true;
  }
  return node.kind !== 'boundaryEvent';
}

/**
 * `zeebe:executionListeners` of a flow node: each a job of its type that the element waits for, start
 * listeners after the input mappings and before the element's own work, end listeners after its
 * output mappings and before the token leaves; in model order.
 */
export function compileExecutionListeners(
  el: ModdleElement,
  node: FlowNode | 'process',
  problem: Problem,
): ExecutionListener[] | undefined {
  const declared = (zeebeExtension(el, 'zeebe:ExecutionListeners')?.listeners as ModdleElement[] | undefined) ?? [];
  const out: ExecutionListener[] = [];
  declared.forEach((listener, index) => {
    const field = `zeebe:executionListeners[${index}]`;
    const eventType = String(listener.eventType ?? 'start');
    if (eventType !== 'start' && eventType !== 'end') {
      problem(`execution listener event type "${eventType}" is not one of start, end`, 'INVALID_LISTENER', `${field}.eventType`);
      return;
    }
    // The process itself takes both: start before its start event, end after it completes (Camunda 8 too).
    if (node !== 'process' && !allowed(node, eventType)) {
      problem(
        `execution listeners of type "${eventType}" are not supported on a ${describe(node)} (Camunda 8 refuses them too)`,
        'UNSUPPORTED_LISTENER',
        `${field}.eventType`,
      );
      return;
    }
    const job = listenerJob(listener, field, problem);
    if (job) out.push({ eventType, ...job, ...headersOf(listener) });
  });
  return out.length ? out : undefined;
}

/** `zeebe:taskListeners` of a user task; see {@link TASK_LISTENER_EVENTS}. */
export function compileTaskListeners(el: ModdleElement, problem: Problem): TaskListener[] | undefined {
  const declared = (zeebeExtension(el, 'zeebe:TaskListeners')?.listeners as ModdleElement[] | undefined) ?? [];
  const out: TaskListener[] = [];
  declared.forEach((listener, index) => {
    const field = `zeebe:taskListeners[${index}]`;
    const eventType = String(listener.eventType ?? '');
    if (!(TASK_LISTENER_EVENTS as readonly string[]).includes(eventType)) {
      problem(
        `task listener event type "${eventType}" is not one of ${TASK_LISTENER_EVENTS.join(', ')}`,
        'INVALID_LISTENER',
        `${field}.eventType`,
      );
      return;
    }
    const job = listenerJob(listener, field, problem);
    if (job) out.push({ eventType: eventType as TaskListener['eventType'], ...job });
  });
  return out.length ? out : undefined;
}

function listenerJob(listener: ModdleElement, field: string, problem: Problem): { type: string; retries: number } | undefined {
  const type = typeof listener.type === 'string' ? listener.type.trim() : '';
  if (!type) {
    problem('a listener needs a job type', 'MISSING_TASK_TYPE', `${field}.type`);
    return undefined;
  }
  const retriesText = typeof listener.retries === 'string' ? listener.retries.trim() : '';
  const retries = retriesText === '' ? DEFAULT_LISTENER_RETRIES : Number(retriesText);
  if (!Number.isInteger(retries) || retries < 1 || retries > 100) {
    problem(`retries must be a whole number from 1 to 100, not "${retriesText}"`, 'INVALID_RETRIES', `${field}.retries`);
    return undefined;
  }
  return { type, retries };
}

/** A listener's own `zeebe:taskHeaders` (zeebe-bpmn-moddle 2.0); the element's headers are added at run time. */
function headersOf(listener: ModdleElement): { headers?: Record<string, string> } {
  const values = ((listener.headers as ModdleElement | undefined)?.values as ModdleElement[] | undefined) ?? [];
  return values.length ? { headers: Object.fromEntries(values.map((h) => [String(h.key ?? ''), String(h.value ?? '')])) } : {};
}

function describe(node: FlowNode): string {
  if (node.kind === 'endEvent' && node.result.type === 'error') return 'error end event';
  return node.kind.replace(/([A-Z])/g, ' $1').toLowerCase();
}
