// Over 300 lines because each kind of recorded event is applied in one switch, where the cases read best side by side.
import type { ProcessGraph } from '../../compiler/process-graph';
import { evaluateDecision } from '../../dmn/evaluate-decision';
import { explainWaits } from '../explain-waits';
import { InvalidEngineEventError, startProcess, step } from '../interpreter';
import type { EngineCommand, EngineEvent, Instant, ProcessState, StepResult, TimerState } from '../process-state';
import { NEW_INSTANCE_OPTIONS } from '../runaway-guards';
import { recordedFiring } from './recorded-firing';
import type { RecordedEvent, RecordedInstance, ReplaySla } from './recorded-instance';
import { slaOutcome, type FiredTimer, type ReplayOutcome, type ReplayStatus, type UnfitEvent } from './replay-outcome';

export type { FiredTimer, ReplayOutcome, ReplayStatus, SlaOutcome, UnfitEvent } from './replay-outcome';

/**
 * Replays one recorded instance on `graph`: starts it with its recorded variables, answers work with
 * the recorded results of the same element, and applies each recorded user-task completion, message,
 * signal, variable change, cancel and timer firing where this graph has a place for it. A recorded
 * firing fires this graph's timer of the same element at the recorded time; a timer the record never
 * fires (new here) fires at its own due time when that comes before the next recorded event.
 * `horizon` is the replay's "now": new timers due by then fire, and an instance still open then counts
 * against its SLA from there. Pure and deterministic.
 */
export function replayInstance(graph: ProcessGraph, recorded: RecordedInstance, horizon: Instant, sla?: ReplaySla): ReplayOutcome {
  const replay = new InstanceReplay(graph, recorded);
  try {
    replay.start();
  } catch (err) {
    if (!(err instanceof InvalidEngineEventError)) throw err;
    return {
      status: 'not-started',
      path: [],
      waits: [],
      incidents: [],
      unfit: [
        { index: -1, event: `start at ${recorded.startEventId ?? 'the none start event'}`, at: recorded.startedAt, reason: err.message },
      ],
      assumed: [],
      timers: [],
    };
  }
  recorded.events.forEach((event, index) => replay.apply(event, index));
  replay.fireTimersUntil(horizon, recorded.events.length);
  return replay.outcome(horizon, sla);
}

class InstanceReplay {
  private state!: ProcessState;
  private readonly unfit: UnfitEvent[] = [];
  private readonly assumed: string[] = [];
  private readonly timers: FiredTimer[] = [];
  /** Recorded results of work per element id, used in the order they were recorded. */
  private readonly results = new Map<string, RecordedEvent[]>();
  /** Per timer element, the index of its last recorded firing: until then its timers wait for the record. */
  private readonly lastFiring = new Map<string, number>();

  constructor(
    private readonly graph: ProcessGraph,
    private readonly recorded: RecordedInstance,
  ) {
    for (const e of recorded.events)
      if (e.type === 'serviceTask.completed' || e.type === 'decision.evaluated' || e.type === 'callActivity.completed') {
        const by = e.type === 'serviceTask.completed' && !e.elementId ? `type:${e.taskType ?? ''}` : e.elementId!;
        const queue = this.results.get(by) ?? [];
        queue.push(e);
        this.results.set(by, queue);
      }
    if (recorded.timerFiringsRecorded)
      recorded.events.forEach((e, index) => {
        if (e.type === 'timer.fired') this.lastFiring.set(e.elementId, index);
      });
  }

  start(): void {
    const { recorded } = this;
    this.settle(
      startProcess(
        this.graph,
        recorded.variables,
        recorded.startedAt,
        recorded.startEventId ?? this.graph.startEventIds[0],
        NEW_INSTANCE_OPTIONS,
      ),
      recorded.startedAt,
    );
  }

  apply(event: RecordedEvent, index: number): void {
    this.fireTimersUntil(event.at, index);
    const elementId = event.type === 'userTask.completed' || event.type === 'timer.fired' ? { elementId: event.elementId } : {};
    const refuse = (reason: string, what: string): void => {
      this.unfit.push({ index, event: what, ...elementId, at: event.at, reason });
    };
    switch (event.type) {
      case 'serviceTask.completed':
      case 'decision.evaluated':
      case 'callActivity.completed':
        return; // answers to work, taken when the work is asked for
      case 'userTask.completed': {
        const what = `completion of ${event.elementId}`;
        if (this.state.status !== 'active') return refuse(`the instance has already ${this.state.status}`, what);
        if (!this.graph.elements[event.elementId]) return refuse(`${event.elementId} is not in this diagram`, what);
        const open = this.state.elementInstances.find(
          (i) => i.elementId === event.elementId && i.kind === 'userTask' && i.state === 'active' && i.loop === undefined,
        );
        if (!open) return refuse(`${event.elementId} is not open here${this.waitingAt()}`, what);
        return this.feed({ type: 'userTask.complete', elementInstanceKey: open.key, variables: event.variables }, event.at, refuse, what);
      }
      case 'message.correlated': {
        const what = `message "${event.name}" (${event.correlationKey})`;
        if (this.state.status !== 'active') return refuse(`the instance has already ${this.state.status}`, what);
        const waits = this.state.subscriptions?.some(
          (s) => s.eventType === 'message' && s.name === event.name && (s.correlationKey ?? '') === event.correlationKey,
        );
        if (!waits) return refuse(`nothing waits for it here${this.waitingAt()}`, what);
        return this.feed(
          { type: 'message.correlate', name: event.name, correlationKey: event.correlationKey, variables: event.variables },
          event.at,
          refuse,
          what,
        );
      }
      case 'signal.received': {
        const what = `signal "${event.name}"`;
        const waits = this.state.subscriptions?.some((s) => s.eventType === 'signal' && s.name === event.name);
        if (this.state.status !== 'active' || !waits) return refuse(`nothing waits for it here${this.waitingAt()}`, what);
        return this.feed({ type: 'signal.broadcast', name: event.name, variables: event.variables }, event.at, refuse, what);
      }
      case 'variables.set':
        if (this.state.status !== 'active') return refuse(`the instance has already ${this.state.status}`, 'variables set');
        return this.feed({ type: 'variables.set', variables: event.variables }, event.at, refuse, 'variables set');
      case 'adHoc.activated': {
        const what = `activation of ${event.elements.map((e) => e.elementId).join(', ')} in ${event.elementId}`;
        if (this.state.status !== 'active') return refuse(`the instance has already ${this.state.status}`, what);
        const scope = this.state.elementInstances.find(
          (i) => i.elementId === event.elementId && i.kind === 'subProcess' && i.state === 'active',
        );
        if (!scope) return refuse(`${event.elementId} is not active here${this.waitingAt()}`, what);
        const { elements, cancelRemainingInstances } = event;
        return this.feed(
          { type: 'adHoc.activate', elementInstanceKey: scope.key, elements, cancelRemainingInstances },
          event.at,
          refuse,
          what,
        );
      }
      case 'instance.cancelled':
        if (this.state.status !== 'active') return refuse(`the instance has already ${this.state.status}`, 'cancel');
        return this.feed({ type: 'process.cancel' }, event.at, refuse, 'cancel');
      case 'timer.fired': {
        const what = `timer ${event.elementId} fired at ${new Date(event.at).toISOString()}`;
        if (!this.recorded.timerFiringsRecorded) return; // such a record's timers fire when due (fireTimersUntil)
        if (this.state.status !== 'active') return refuse(`the instance has already ${this.state.status}`, what);
        if (!this.graph.elements[event.elementId]) return refuse(`${event.elementId} is not in this diagram`, what);
        const armed = recordedFiring(
          (this.state.timers ?? []).filter((t) => t.elementId === event.elementId),
          event.at,
        );
        if (!armed) return refuse(`no timer of ${event.elementId} is armed here${this.waitingAt()}`, what);
        if (!this.fire(armed, event.at, { source: 'recorded', index })) refuse(`its timer no longer counts here${this.waitingAt()}`, what);
        return;
      }
    }
  }

  /**
   * Fires, in due order, every timer armed now or by an earlier firing that is due by `until` and that
   * no recorded firing from event `index` on is for: those wait for their recorded time.
   */
  fireTimersUntil(until: Instant, index: number): void {
    const source = this.recorded.timerFiringsRecorded ? 'new' : 'due';
    for (;;) {
      if (this.state.status !== 'active') return;
      const due = (this.state.timers ?? [])
        .filter((t) => t.dueAt <= until && (this.lastFiring.get(t.elementId) ?? -1) < index)
        .sort((a, b) => a.dueAt - b.dueAt || a.key - b.key)[0];
      if (!due) return;
      this.fire(due, due.dueAt, { source });
    }
  }

  /** Whether the interpreter took the firing. */
  private fire(timer: TimerState, at: Instant, how: Pick<FiredTimer, 'source' | 'index'>): boolean {
    const before = this.state;
    this.settle(step(this.graph, this.state, { type: 'timer.fired', timerKey: timer.key }, at, NEW_INSTANCE_OPTIONS), at);
    // A timer the interpreter ignored (its element already left) would come round again for ever.
    if (this.state === before) {
      this.state = { ...before, timers: (before.timers ?? []).filter((t) => t.key !== timer.key) };
      return false;
    }
    this.timers.push({ elementId: timer.elementId, at, dueAt: timer.dueAt, ...how });
    return true;
  }

  outcome(horizon: Instant, sla?: ReplaySla): ReplayOutcome {
    const { state } = this;
    const incidents = state.incidents
      .filter((i) => i.resolvedAt === undefined)
      .map((i) => ({ elementId: i.elementId, type: i.type, message: i.message }));
    const status: ReplayStatus =
      state.status === 'completed' ? 'completed' : state.status === 'terminated' ? 'terminated' : incidents.length ? 'incident' : 'waiting';
    return {
      status,
      path: state.elementInstances.map((i) => i.elementId),
      waits: explainWaits(this.graph, state)
        .filter((w) => w.kind !== 'incident')
        .map((w) => ({ elementId: w.elementId, kind: w.kind, label: w.label })),
      incidents,
      unfit: this.unfit,
      assumed: this.assumed,
      timers: this.timers,
      ...(state.endedAt !== undefined ? { endedAt: state.endedAt } : {}),
      ...(sla ? { sla: slaOutcome(this.recorded.startedAt, state.endedAt, horizon, sla) } : {}),
    };
  }

  private feed(event: EngineEvent, at: Instant, refuse: (reason: string, what: string) => void, what: string): void {
    try {
      this.settle(step(this.graph, this.state, event, at, NEW_INSTANCE_OPTIONS), at);
    } catch (err) {
      if (!(err instanceof InvalidEngineEventError)) throw err;
      refuse(err.message, what);
    }
  }

  /** Takes a step's state and answers the work it asked for, from the record, until nothing is left to answer. */
  private settle(result: StepResult, at: Instant): void {
    this.state = result.state;
    const pending: EngineCommand[] = [...result.commands];
    // Buffered messages wait until the step's own work is answered, as in the shell's inbox.
    const inbox: EngineEvent[] = [];
    while (pending.length || inbox.length) {
      const command = pending.shift();
      const answer = command ? this.answer(command, inbox) : inbox.shift();
      if (!answer) continue;
      try {
        const next = step(this.graph, this.state, answer, at, NEW_INSTANCE_OPTIONS);
        this.state = next.state;
        pending.push(...next.commands);
      } catch (err) {
        // Only a buffered message can be refused here (its subscription closed meanwhile): the shell drops it too.
        if (!(err instanceof InvalidEngineEventError) || command) throw err;
      }
    }
  }

  private answer(command: EngineCommand, inbox: EngineEvent[]): EngineEvent | undefined {
    if (command.type === 'subscription.open') {
      // Opening a subscription consumed a message published before anyone waited (subscription-writer.ts);
      // the record has the answer of each opening, in the order the recorded run opened them.
      const opened = this.take('type:openEventSubscription', 'serviceTask.completed');
      const buffered =
        opened?.type === 'serviceTask.completed' ? (opened.variables.buffered as { variables?: Record<string, unknown> }) : undefined;
      if (buffered && command.eventType === 'message' && command.correlationKey !== undefined)
        inbox.push({
          type: 'message.correlate',
          name: command.name,
          correlationKey: command.correlationKey,
          variables: buffered.variables ?? {},
        });
      return undefined;
    }
    if (command.type === 'serviceTask.execute') {
      const recorded =
        this.take(command.elementId, 'serviceTask.completed') ?? this.take(`type:${command.taskType}`, 'serviceTask.completed');
      if (!recorded) this.assumed.push(command.elementId);
      return {
        type: 'serviceTask.completed',
        elementInstanceKey: command.elementInstanceKey,
        variables: recorded?.type === 'serviceTask.completed' ? recorded.variables : {},
      };
    }
    if (command.type === 'businessRuleTask.evaluate') {
      const drg = this.recorded.decisions?.find((d) => d.decisions[command.decisionId]);
      if (drg) {
        try {
          const { result } = evaluateDecision(drg, command.decisionId, command.variables);
          return { type: 'businessRuleTask.completed', elementInstanceKey: command.elementInstanceKey, result };
        } catch (err) {
          return {
            type: 'businessRuleTask.failed',
            elementInstanceKey: command.elementInstanceKey,
            message: `decision "${command.decisionId}": ${err instanceof Error ? err.message : String(err)}`,
          };
        }
      }
      const recorded = this.take(command.elementId, 'decision.evaluated');
      // A decision nobody evaluated for this instance stays unanswered: it shows as a wait, not a guess.
      return recorded?.type === 'decision.evaluated'
        ? { type: 'businessRuleTask.completed', elementInstanceKey: command.elementInstanceKey, result: recorded.result }
        : undefined;
    }
    if (command.type === 'callActivity.start') {
      const recorded = this.take(command.elementId, 'callActivity.completed');
      return recorded?.type === 'callActivity.completed'
        ? { type: 'callActivity.completed', elementInstanceKey: command.elementInstanceKey, variables: recorded.variables }
        : undefined;
    }
    return undefined;
  }

  private take(elementId: string, type: RecordedEvent['type']): RecordedEvent | undefined {
    const queue = this.results.get(elementId);
    const index = queue?.findIndex((e) => e.type === type) ?? -1;
    return index < 0 ? undefined : queue!.splice(index, 1)[0];
  }

  private waitingAt(): string {
    const waits = explainWaits(this.graph, this.state).map((w) => w.elementId);
    return waits.length ? ` (the instance waits at ${[...new Set(waits)].join(', ')})` : '';
  }
}
