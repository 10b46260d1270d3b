import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import type { DecisionGraph } from '../../engine/dmn/decision-graph';
import type { AdHocActivation } from '../../engine/runtime/process-state';
import type { ProcessInstanceView } from '../../engine/runtime/process-view';
import type { RecordedEvent, RecordedInstance } from '../../engine/runtime/what-if/recorded-instance';
import { timerElementOf, type ProcessInstanceInput, type ProcessInstanceResult, type ServiceTaskInput } from '../bpmn-process/messages';

type History = temporal.api.history.v1.IHistory;
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

const decode = <T>(payload: unknown): T | undefined => (payload ? defaultPayloadConverter.fromPayload<T>(payload as Payload) : undefined);
const millis = (t: HistoryEvent['eventTime']): number => Number(String(t?.seconds ?? 0)) * 1000 + Math.floor((t?.nanos ?? 0) / 1e6);

/**
 * An instance's business events read back from its Temporal histories (oldest run first, one per
 * continue-as-new). Temporal is the one complete record: the start input; every accepted update
 * (user-task completions, messages, signals, variable changes, cancels — a validator's refusal never
 * enters it); the results of regular activities with the element they ran for; local activities'
 * results by task type; the decision graphs the instance resolved; every timer that fired, at the time
 * it fired, named by the element its `TimerStarted` summary gives (command-dispatch.ts). Element instance
 * keys are named by element through the views the updates and the final result return. A history from
 * before timers were named leaves `timerFiringsRecorded` false: its firings cannot be told apart.
 */
export function recordedFromHistories(instanceId: string, businessKey: string | null, histories: History[]): RecordedInstance {
  const events: Array<RecordedEvent | PendingCompletion> = [];
  const keys = new Map<number, string>();
  const learn = (view: ProcessInstanceView | undefined) => view?.history?.forEach((h) => keys.set(h.key, h.elementId));
  const decisions: DecisionGraph[] = [];
  let start: Pick<RecordedInstance, 'startedAt' | 'variables' | 'startEventId'> | undefined;
  let unnamedFirings = 0;
  for (const history of histories) {
    const scheduled = new Map<string, ServiceTaskInput>();
    /** Timer elements by the id of their `TimerStarted` event (ids count per run). */
    const timers = new Map<string, string | undefined>();
    for (const e of history.events ?? []) {
      const at = millis(e.eventTime);
      const started = e.workflowExecutionStartedEventAttributes;
      if (started) {
        const input = decode<ProcessInstanceInput>(started.input?.payloads?.[0]);
        if (input && !input.resume && !start)
          start = { startedAt: at, variables: input.variables ?? {}, ...(input.startEventId ? { startEventId: input.startEventId } : {}) };
        if (input?.resume) learn({ history: input.resume.state.elementInstances } as unknown as ProcessInstanceView);
      }
      const accepted = e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input;
      if (accepted) {
        const arg = decode<Record<string, unknown>>(accepted.args?.payloads?.[0]) ?? {};
        const variables = (arg.variables ?? {}) as Record<string, unknown>;
        if (accepted.name === 'userTask.complete') events.push({ pending: 'userTask', at, key: Number(arg.elementInstanceKey), variables });
        else if (accepted.name === 'message.correlate')
          events.push({ type: 'message.correlated', at, name: String(arg.name), correlationKey: String(arg.correlationKey), variables });
        else if (accepted.name === 'signal.broadcast') events.push({ type: 'signal.received', at, name: String(arg.name), variables });
        else if (accepted.name === 'variables.set' && arg.scopeKey === undefined) events.push({ type: 'variables.set', at, variables });
        else if (accepted.name === 'processInstance.cancel') events.push({ type: 'instance.cancelled', at });
        else if (accepted.name === 'adHoc.activate')
          events.push({
            pending: 'adHoc',
            at,
            key: Number(arg.elementInstanceKey),
            elements: (arg.elements ?? []) as AdHocActivation[],
            ...(arg.cancelRemainingInstances === true ? { cancelRemainingInstances: true } : {}),
          });
      }
      const updated = e.workflowExecutionUpdateCompletedEventAttributes?.outcome?.success?.payloads?.[0];
      if (updated) learn(decode<ProcessInstanceView>(updated));
      const activity = e.activityTaskScheduledEventAttributes;
      if (activity) {
        const input = decode<ServiceTaskInput>(activity.input?.payloads?.[0]);
        if (input && typeof input.elementId === 'string' && typeof input.elementInstanceKey === 'number')
          scheduled.set(String(e.eventId), input);
      }
      const done = e.activityTaskCompletedEventAttributes;
      if (done) {
        const input = scheduled.get(String(done.scheduledEventId));
        if (input)
          events.push({
            type: 'serviceTask.completed',
            at,
            elementId: input.elementId,
            variables: decode<Record<string, unknown>>(done.result?.payloads?.[0]) ?? {},
          });
      }
      if (e.timerStartedEventAttributes) {
        const summary = decode<unknown>(e.userMetadata?.summary);
        timers.set(String(e.eventId), typeof summary === 'string' ? timerElementOf(summary) : undefined);
      }
      const fired = e.timerFiredEventAttributes;
      if (fired) {
        const elementId = timers.get(String(fired.startedEventId));
        if (elementId) events.push({ type: 'timer.fired', at, elementId });
        else unnamedFirings++;
      }
      const marker = e.markerRecordedEventAttributes;
      if (marker?.markerName === 'core_local_activity') {
        const data = decode<{ activity_type?: string }>(marker.details?.data?.payloads?.[0]);
        const result = decode<unknown>(marker.details?.result?.payloads?.[0]);
        if (data?.activity_type === 'resolveDecisionDefinition') {
          const graph = (result as { graph?: DecisionGraph } | undefined)?.graph;
          if (graph) decisions.push(graph);
        } else if (data?.activity_type)
          events.push({
            type: 'serviceTask.completed',
            at,
            taskType: data.activity_type,
            variables: (result ?? {}) as Record<string, unknown>,
          });
      }
      const completed = e.workflowExecutionCompletedEventAttributes?.result?.payloads?.[0];
      if (completed) learn(decode<ProcessInstanceResult>(completed)?.view);
    }
  }
  if (!start) throw new Error(`the history of ${instanceId} has no start`);
  return {
    instanceId,
    businessKey,
    ...start,
    events: events.map((e): RecordedEvent => {
      if (!('pending' in e)) return e;
      const elementId = keys.get(e.key) ?? `(element instance ${e.key})`;
      if (e.pending === 'adHoc') {
        const { pending: _pending, key: _key, ...activation } = e;
        return { type: 'adHoc.activated', elementId, ...activation };
      }
      return { type: 'userTask.completed', at: e.at, elementId, variables: e.variables };
    }),
    ...(decisions.length ? { decisions } : {}),
    timerFiringsRecorded: unnamedFirings === 0,
  };
}

/** A completion (or an ad-hoc activation) named by element instance key until the views name its element. */
type PendingCompletion =
  | { pending: 'userTask'; at: number; key: number; variables: Record<string, unknown> }
  | { pending: 'adHoc'; at: number; key: number; elements: AdHocActivation[]; cancelRemainingInstances?: true };
