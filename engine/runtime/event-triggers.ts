import type { CatchTrigger, FlowNode } from '../compiler/process-graph';
import { isFeelExpression, stripFeelMarker } from '../feel/feel';
import type { ElementInstance, EventSubscription, ProcessState } from './process-state';
import { scheduleTimer } from './timer-schedule';
import type { Run } from './run';

/** The owner key of the process level's own triggers (its event subprocesses); element keys start at 1. */
export const ROOT_SCOPE_KEY = 0;

/** A retried broadcast comes within minutes of its first attempt: the last hundred deliveries are plenty. */
export const MAX_REMEMBERED_DELIVERIES = 100;

/** Event subprocesses and non-interrupting boundary events stay armed after they trigger. */
function staysArmed(node: FlowNode): boolean {
  return (node.kind === 'boundaryEvent' && !node.cancelActivity) || (node.kind === 'eventSubProcess' && !node.interrupting);
}

/**
 * Catching events: arming timers and subscriptions when a token starts to wait, withdrawing them when
 * it leaves, and moving the token when one triggers. One owner element instance holds each timer or
 * subscription: the catch event or receive task itself, the activity its boundary events are attached
 * to, or the event-based gateway in front of its catch events.
 */
export const EventTriggers = {
  /** Arms `trigger` of element `elementId` for `owner`; false (with an incident on the owner) when it cannot be evaluated. */
  arm(run: Run, owner: ElementInstance, elementId: string, trigger: CatchTrigger): boolean {
    if (trigger.type === 'timer') {
      let text = trigger.timer.expression;
      if (isFeelExpression(text)) {
        const result = run.evaluate(owner, stripFeelMarker(text));
        if (!result.ok) return false;
        text = String(result.value ?? '');
      }
      try {
        const { dueAt, cycle } = scheduleTimer(trigger.timer.kind, text, run.now);
        const timer = { key: run.state.nextKey++, elementInstanceKey: owner.key, elementId, dueAt, ...(cycle ? { cycle } : {}) };
        (run.state.timers ??= []).push(timer);
        run.commands.push({ type: 'timer.start', timerKey: timer.key, elementInstanceKey: owner.key, elementId, dueAt });
        return true;
      } catch (err) {
        run.raiseIncident(owner, 'EXPRESSION_ERROR', `timer of ${elementId}: ${(err as Error).message}`);
        return false;
      }
    }
    let correlationKey: string | undefined;
    if (trigger.type === 'message') {
      const result = run.evaluate(owner, trigger.correlationKey, 'EXTRACT_VALUE_ERROR');
      if (!result.ok) return false;
      if (typeof result.value !== 'string' && typeof result.value !== 'number') {
        run.raiseIncident(
          owner,
          'EXTRACT_VALUE_ERROR',
          `correlation key "${trigger.correlationKey}" of ${elementId} must be a string or a number, not ${result.value === null ? 'null' : typeof result.value}`,
        );
        return false;
      }
      correlationKey = String(result.value);
    }
    const subscription: EventSubscription = {
      key: run.state.nextKey++,
      elementInstanceKey: owner.key,
      elementId,
      eventType: trigger.type,
      name: trigger.type === 'message' ? trigger.messageName : trigger.signalName,
      ...(correlationKey !== undefined ? { correlationKey } : {}),
    };
    (run.state.subscriptions ??= []).push(subscription);
    run.commands.push({
      type: 'subscription.open',
      subscriptionKey: subscription.key,
      elementInstanceKey: owner.key,
      elementId,
      eventType: subscription.eventType,
      name: subscription.name,
      ...(correlationKey !== undefined ? { correlationKey } : {}),
    });
    return true;
  },

  /** The activity became active: arm its timer, message and signal boundary events. */
  armBoundaryEvents(run: Run, node: FlowNode, instance: ElementInstance): void {
    for (const id of node.boundaryEventIds ?? []) {
      const boundary = run.node(id);
      if (boundary.kind !== 'boundaryEvent' || instance.state !== 'active') continue;
      const trigger = boundary.trigger;
      if (trigger.type === 'timer' || trigger.type === 'message' || trigger.type === 'signal')
        EventTriggers.arm(run, instance, id, trigger);
    }
  },

  /** A scope became active (the process, a subprocess): arm the timer, message and signal starts of its event subprocesses. */
  armEventSubProcesses(run: Run, scopeElementId: string | undefined, owner: ElementInstance): void {
    for (const node of Object.values(run.graph.elements)) {
      if (node.kind !== 'eventSubProcess' || node.scopeId !== scopeElementId || owner.state !== 'active') continue;
      const trigger = node.trigger;
      if (trigger.type === 'timer' || trigger.type === 'message' || trigger.type === 'signal')
        EventTriggers.arm(run, owner, node.id, trigger);
    }
  },

  /**
   * An error or escalation reached `scope` (undefined: the process level): its matching event
   * subprocess, if any, takes it (a specific code beats a catch-all). The body of a multi-instance
   * subprocess is not a scope of its own: its inner instances are.
   */
  catchByEventSubProcess(
    run: Run,
    scope: ElementInstance | undefined,
    type: 'error' | 'escalation',
    code: string,
    variables: Record<string, unknown>,
  ): boolean {
    if (scope?.loop) return false;
    const scopeElementId = scope?.elementId;
    const codeOf = (n: FlowNode) =>
      n.kind === 'eventSubProcess' && n.trigger.type === 'error'
        ? n.trigger.errorCode
        : n.kind === 'eventSubProcess' && n.trigger.type === 'escalation'
          ? n.trigger.escalationCode
          : undefined;
    const candidates = Object.values(run.graph.elements).filter(
      (n) => n.kind === 'eventSubProcess' && n.scopeId === scopeElementId && n.trigger.type === type,
    );
    const handler = candidates.find((n) => codeOf(n) === code) ?? candidates.find((n) => codeOf(n) === undefined);
    if (!handler) return false;
    EventTriggers.deliver(run, scope ?? run.owner(ROOT_SCOPE_KEY)!, handler.id, variables);
    return true;
  },

  /** The owner left (completed or terminated): withdraw everything it was waiting for (or only what `which` selects). */
  disarm(run: Run, ownerKey: number, which: (elementId: string) => boolean = () => true): void {
    const { timers, subscriptions } = run.state;
    const mine = (x: { elementInstanceKey: number; elementId: string }) => x.elementInstanceKey === ownerKey && which(x.elementId);
    if (timers?.some(mine)) {
      for (const t of timers) if (mine(t)) run.commands.push({ type: 'timer.cancel', timerKey: t.key, elementInstanceKey: ownerKey });
      run.state.timers = timers.filter((t) => !mine(t));
    }
    if (subscriptions?.some(mine)) {
      for (const s of subscriptions)
        if (mine(s)) run.commands.push({ type: 'subscription.close', subscriptionKey: s.key, elementInstanceKey: ownerKey });
      run.state.subscriptions = subscriptions.filter((s) => !mine(s));
    }
  },

  /** A timer is due. A stale key (the owner already left) changes nothing. */
  fireTimer(run: Run, timerKey: number): boolean {
    const timer = run.state.timers?.find((t) => t.key === timerKey);
    if (!timer) return false;
    run.state.timers = run.state.timers!.filter((t) => t !== timer);
    const owner = run.owner(timer.elementInstanceKey);
    const node = run.node(timer.elementId);
    // A non-interrupting cycle re-arms before the boundary path runs, counting from the due time, not from now.
    if (timer.cycle && timer.cycle.remaining !== 0 && staysArmed(node)) {
      const next = {
        ...timer,
        key: run.state.nextKey++,
        dueAt: timer.dueAt + timer.cycle.intervalMs,
        cycle: { ...timer.cycle, remaining: timer.cycle.remaining === -1 ? -1 : timer.cycle.remaining - 1 },
      };
      run.state.timers.push(next);
      run.commands.push({
        type: 'timer.start',
        timerKey: next.key,
        elementInstanceKey: next.elementInstanceKey,
        elementId: next.elementId,
        dueAt: next.dueAt,
      });
    }
    if (!owner || owner.state !== 'active') return false;
    EventTriggers.deliver(run, owner, timer.elementId, {});
    return true;
  },

  /** The first open subscription (in the order they were opened) with this name and key, if any. */
  findMessageSubscription(state: ProcessState, name: string, correlationKey: string): EventSubscription | undefined {
    return state.subscriptions?.find((s) => s.eventType === 'message' && s.name === name && s.correlationKey === correlationKey);
  },

  correlateMessage(run: Run, name: string, correlationKey: string, variables: Record<string, unknown>): boolean {
    const subscription = EventTriggers.findMessageSubscription(run.state, name, correlationKey);
    if (!subscription) return false;
    EventTriggers.trigger(run, subscription, variables);
    return true;
  },

  broadcastSignal(run: Run, name: string, variables: Record<string, unknown>): boolean {
    const matching = (run.state.subscriptions ?? []).filter((s) => s.eventType === 'signal' && s.name === name);
    // Each one is re-checked: an earlier trigger may have withdrawn a later subscription (an interrupting boundary…).
    for (const subscription of matching)
      if (run.state.subscriptions?.includes(subscription)) EventTriggers.trigger(run, subscription, variables);
    return matching.length > 0;
  },

  /** A signal delivery (by id) that already triggered this instance: a retried broadcast must not trigger it again. */
  alreadyDelivered(state: ProcessState, deliveryId: string | undefined): boolean {
    return deliveryId !== undefined && (state.signalDeliveries?.includes(deliveryId) ?? false);
  },

  rememberDelivery(state: ProcessState, deliveryId: string): void {
    state.signalDeliveries = [...(state.signalDeliveries ?? []), deliveryId].slice(-MAX_REMEMBERED_DELIVERIES);
  },

  /** A non-interrupting boundary subscription stays open (it may trigger again); every other one is consumed. */
  trigger(run: Run, subscription: EventSubscription, variables: Record<string, unknown>): void {
    const keepOpen = staysArmed(run.node(subscription.elementId));
    if (!keepOpen) {
      run.state.subscriptions = run.state.subscriptions!.filter((s) => s !== subscription);
      run.commands.push({
        type: 'subscription.close',
        subscriptionKey: subscription.key,
        elementInstanceKey: subscription.elementInstanceKey,
      });
    }
    const owner = run.owner(subscription.elementInstanceKey);
    if (owner?.state === 'active') EventTriggers.deliver(run, owner, subscription.elementId, variables);
  },

  /** Moves the token for an event of `elementId` that `owner` was waiting for. */
  deliver(run: Run, owner: ElementInstance, elementId: string, variables: Record<string, unknown>): void {
    const node = run.node(elementId);
    if (node.kind === 'eventSubProcess') {
      const scopeKey = owner.key === ROOT_SCOPE_KEY ? undefined : owner.key;
      if (node.interrupting) {
        // Everything else in the scope ends, and so do the scope's other event subprocesses.
        for (const other of run.state.elementInstances) {
          if (other.state === 'active' && other.scopeKey === scopeKey && other.bodyKey === undefined) run.terminate(other);
        }
        for (const key of Object.keys(run.state.joins)) if (key.startsWith(`${scopeKey ?? 'root'}/`)) delete run.state.joins[key];
        EventTriggers.disarm(run, owner.key, (id) => run.node(id).kind === 'eventSubProcess');
      }
      run.variables.propagate(scopeKey, variables);
      const started = run.createInstance(node, scopeKey);
      run.activate(node, started);
      return;
    }
    if (node.kind === 'boundaryEvent') {
      if (node.cancelActivity) run.terminate(owner);
      const caught = run.createInstance(node, owner.scopeKey);
      run.complete(caught, variables);
      return;
    }
    if (owner.kind === 'eventBasedGateway') {
      const gateway = run.node(owner.elementId);
      const flowId = gateway.outgoing.find((id) => run.graph.flows[id]!.targetId === elementId)!;
      run.pendingTrigger = { elementId, variables };
      run.complete(owner, {}, [flowId]);
      run.pendingTrigger = undefined;
      return;
    }
    run.complete(owner, variables);
  },

  /**
   * BPMN escalation (§10.5.5): going outwards scope by scope, the first matching escalation event
   * subprocess of a scope or escalation boundary event on it catches it; an interrupting one ends
   * what it is attached to. Unlike an error, an uncaught escalation is
   * not a failure: the thrower carries on (Zeebe does the same).
   */
  throwEscalation(run: Run, source: ElementInstance, escalationCode: string): void {
    const variables = { escalationCode };
    let holder = run.scopeOf(source);
    if (EventTriggers.catchByEventSubProcess(run, holder, 'escalation', escalationCode, variables)) return;
    for (; holder; holder = run.scopeOf(holder)) {
      const boundaries = (run.node(holder.elementId).boundaryEventIds ?? [])
        .map((id) => run.node(id))
        .filter((b) => b.kind === 'boundaryEvent' && b.trigger.type === 'escalation');
      const code = (b: FlowNode) => (b.kind === 'boundaryEvent' && b.trigger.type === 'escalation' ? b.trigger.escalationCode : undefined);
      const boundary = boundaries.find((b) => code(b) === escalationCode) ?? boundaries.find((b) => code(b) === undefined);
      if (boundary) {
        EventTriggers.deliver(run, holder, boundary.id, variables);
        return;
      }
      if (EventTriggers.catchByEventSubProcess(run, run.scopeOf(holder), 'escalation', escalationCode, variables)) return;
    }
  },
};
