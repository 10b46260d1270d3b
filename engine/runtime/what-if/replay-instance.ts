import type { ProcessGraph } from '../../compiler/process-graph';
import { evaluateDecision } from '../../dmn/evaluate-decision';
import { explainWaits } from '../explain-waits';
import { InvalidEngineEventError, startProcess, step } from '../interpreter';
import type { EngineCommand, EngineEvent, Instant, ProcessState, StepResult } from '../process-state';
import { RUNAWAY_GUARDS } from '../runaway-guards';
import type { RecordedEvent, RecordedInstance, ReplaySla } from './recorded-instance';

export type ReplayStatus = 'completed' | 'terminated' | 'waiting' | 'incident' | 'not-started';
export type SlaOutcome = 'met' | 'breached' | 'open';

/** A recorded event the graph had no place for: reported as it was, never bent to fit. */
export interface UnfitEvent {
  /** Its position in the instance's recorded events. */
  index: number;
  event: string;
  /** The element the event was meant for, when it names one (a user task's completion). */
  elementId?: string;
  at: Instant;
  reason: string;
}

/** Where one instance ends up on one graph when its recorded events are replayed through the interpreter. */
export interface ReplayOutcome {
  status: ReplayStatus;
  /** Element ids in the order the instance entered them. */
  path: string[];
  /** What it still waits for at the end of the replay (explain-waits.ts), in words a list can show. */
  waits: Array<{ elementId: string; kind: string; label: string }>;
  incidents: Array<{ elementId: string; type: string; message: string }>;
  unfit: UnfitEvent[];
  /**
   * Work the record has no answer for on this graph (a service task the recorded diagram did not have):
   * replayed as finishing with no output, and named here so nobody mistakes it for recorded fact.
   */
  assumed: string[];
  endedAt?: Instant;
  sla?: SlaOutcome;
}

/**
 * Replays one recorded instance on `graph`: starts it with its recorded variables, fires the timers
 * the graph arms at their due times, answers work with the recorded results of the same element,
 * and applies each recorded user-task completion, message, signal, variable change or cancel where
 * this graph has a place for it. `horizon` is the replay's "now": timers due by then fire, and an
 * instance still open then counts against its SLA from there. Pure and deterministic.
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
    };
  }
  recorded.events.forEach((event, index) => replay.apply(event, index));
  replay.fireTimersUntil(horizon);
  return replay.outcome(horizon, sla);
}

class InstanceReplay {
  private state!: ProcessState;
  private readonly unfit: UnfitEvent[] = [];
  private readonly assumed: string[] = [];
  /** Recorded results of work per element id, used in the order they were recorded. */
  private readonly results = new Map<string, RecordedEvent[]>();

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
  }

  start(): void {
    const { recorded } = this;
    this.settle(
      startProcess(this.graph, recorded.variables, recorded.startedAt, recorded.startEventId ?? this.graph.startEventIds[0], {
        guards: RUNAWAY_GUARDS,
      }),
      recorded.startedAt,
    );
  }

  apply(event: RecordedEvent, index: number): void {
    this.fireTimersUntil(event.at);
    const elementId = event.type === 'userTask.completed' ? { elementId: event.elementId } : {};
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
      case 'instance.cancelled':
        if (this.state.status !== 'active') return refuse(`the instance has already ${this.state.status}`, 'cancel');
        return this.feed({ type: 'process.cancel' }, event.at, refuse, 'cancel');
    }
  }

  /** Fires, in due order, every timer armed now or by an earlier firing that is due by `until`. */
  fireTimersUntil(until: Instant): void {
    for (;;) {
      if (this.state.status !== 'active') return;
      const due = (this.state.timers ?? []).filter((t) => t.dueAt <= until).sort((a, b) => a.dueAt - b.dueAt || a.key - b.key)[0];
      if (!due) return;
      const before = this.state;
      this.settle(
        step(this.graph, this.state, { type: 'timer.fired', timerKey: due.key }, due.dueAt, { guards: RUNAWAY_GUARDS }),
        due.dueAt,
      );
      // A timer the interpreter ignored (its element already left) would come round again for ever.
      if (this.state === before) this.state = { ...before, timers: (before.timers ?? []).filter((t) => t.key !== due.key) };
    }
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
      ...(state.endedAt !== undefined ? { endedAt: state.endedAt } : {}),
      ...(sla ? { sla: slaOutcome(this.recorded.startedAt, state.endedAt, horizon, sla) } : {}),
    };
  }

  private feed(event: EngineEvent, at: Instant, refuse: (reason: string, what: string) => void, what: string): void {
    try {
      this.settle(step(this.graph, this.state, event, at, { guards: RUNAWAY_GUARDS }), at);
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
        const next = step(this.graph, this.state, answer, at, { guards: RUNAWAY_GUARDS });
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

function slaOutcome(startedAt: Instant, endedAt: Instant | undefined, horizon: Instant, sla: ReplaySla): SlaOutcome {
  const deadline = startedAt + sla.resolutionMs;
  if (endedAt !== undefined) return endedAt <= deadline ? 'met' : 'breached';
  return horizon > deadline ? 'breached' : 'open';
}
