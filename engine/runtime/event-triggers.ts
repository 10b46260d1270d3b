import type { CatchTrigger, FlowNode } from '../compiler/process-graph';
import { isFeelExpression, stripFeelMarker } from '../feel/feel';
import type { ElementInstance, EventSubscription, ProcessState } from './process-state';
import { scheduleTimer } from './timer-schedule';
import type { TokenRun } from './token-run';

/**
 * Catching events: arming timers and subscriptions when a token starts to wait, withdrawing them when
 * it leaves, and moving the token when one triggers. One owner element instance holds each timer or
 * subscription: the catch event or receive task itself, the activity its boundary events are attached
 * to, or the event-based gateway in front of its catch events.
 */
export const EventTriggers = {
  /** Arms `trigger` of element `elementId` for `owner`; false (with an incident on the owner) when it cannot be evaluated. */
  arm(run: TokenRun, owner: ElementInstance, elementId: string, trigger: CatchTrigger): boolean {
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
        run.raiseIncident(owner, 'EXTRACT_VALUE_ERROR', `correlation key "${trigger.correlationKey}" of ${elementId} must be a string or a number, not ${result.value === null ? 'null' : typeof result.value}`);
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
    run.commands.push({ type: 'subscription.open', subscriptionKey: subscription.key, elementInstanceKey: owner.key, elementId, eventType: subscription.eventType, name: subscription.name, ...(correlationKey !== undefined ? { correlationKey } : {}) });
    return true;
  },

  /** The activity became active: arm its timer, message and signal boundary events. */
  armBoundaryEvents(run: TokenRun, node: FlowNode, instance: ElementInstance): void {
    for (const id of node.boundaryEventIds ?? []) {
      const boundary = run.node(id);
      if (boundary.kind !== 'boundaryEvent' || instance.state !== 'active') continue;
      const trigger = boundary.trigger;
      if (trigger.type === 'timer' || trigger.type === 'message' || trigger.type === 'signal') EventTriggers.arm(run, instance, id, trigger);
    }
  },

  /** The owner left (completed or terminated): withdraw everything it was waiting for. */
  disarm(run: TokenRun, ownerKey: number): void {
    const { timers, subscriptions } = run.state;
    if (timers?.some((t) => t.elementInstanceKey === ownerKey)) {
      for (const t of timers) if (t.elementInstanceKey === ownerKey) run.commands.push({ type: 'timer.cancel', timerKey: t.key, elementInstanceKey: ownerKey });
      run.state.timers = timers.filter((t) => t.elementInstanceKey !== ownerKey);
    }
    if (subscriptions?.some((s) => s.elementInstanceKey === ownerKey)) {
      for (const s of subscriptions) if (s.elementInstanceKey === ownerKey) run.commands.push({ type: 'subscription.close', subscriptionKey: s.key, elementInstanceKey: ownerKey });
      run.state.subscriptions = subscriptions.filter((s) => s.elementInstanceKey !== ownerKey);
    }
  },

  /** A timer is due. A stale key (the owner already left) changes nothing. */
  fireTimer(run: TokenRun, timerKey: number): boolean {
    const timer = run.state.timers?.find((t) => t.key === timerKey);
    if (!timer) return false;
    run.state.timers = run.state.timers!.filter((t) => t !== timer);
    const owner = run.instance(timer.elementInstanceKey);
    const node = run.node(timer.elementId);
    // A non-interrupting cycle re-arms before the boundary path runs, counting from the due time, not from now.
    if (timer.cycle && timer.cycle.remaining !== 0 && node.kind === 'boundaryEvent' && !node.cancelActivity) {
      const next = {
        ...timer,
        key: run.state.nextKey++,
        dueAt: timer.dueAt + timer.cycle.intervalMs,
        cycle: { ...timer.cycle, remaining: timer.cycle.remaining === -1 ? -1 : timer.cycle.remaining - 1 },
      };
      run.state.timers.push(next);
      run.commands.push({ type: 'timer.start', timerKey: next.key, elementInstanceKey: next.elementInstanceKey, elementId: next.elementId, dueAt: next.dueAt });
    }
    if (!owner || owner.state !== 'active') return false;
    EventTriggers.deliver(run, owner, timer.elementId, {});
    return true;
  },

  /** The first open subscription (in the order they were opened) with this name and key, if any. */
  findMessageSubscription(state: ProcessState, name: string, correlationKey: string): EventSubscription | undefined {
    return state.subscriptions?.find((s) => s.eventType === 'message' && s.name === name && s.correlationKey === correlationKey);
  },

  correlateMessage(run: TokenRun, name: string, correlationKey: string, variables: Record<string, unknown>): boolean {
    const subscription = EventTriggers.findMessageSubscription(run.state, name, correlationKey);
    if (!subscription) return false;
    EventTriggers.trigger(run, subscription, variables);
    return true;
  },

  broadcastSignal(run: TokenRun, name: string, variables: Record<string, unknown>): boolean {
    const matching = (run.state.subscriptions ?? []).filter((s) => s.eventType === 'signal' && s.name === name);
    // Each one is re-checked: an earlier trigger may have withdrawn a later subscription (an interrupting boundary…).
    for (const subscription of matching) if (run.state.subscriptions?.includes(subscription)) EventTriggers.trigger(run, subscription, variables);
    return matching.length > 0;
  },

  /** A non-interrupting boundary subscription stays open (it may trigger again); every other one is consumed. */
  trigger(run: TokenRun, subscription: EventSubscription, variables: Record<string, unknown>): void {
    const node = run.node(subscription.elementId);
    const keepOpen = node.kind === 'boundaryEvent' && !node.cancelActivity;
    if (!keepOpen) {
      run.state.subscriptions = run.state.subscriptions!.filter((s) => s !== subscription);
      run.commands.push({ type: 'subscription.close', subscriptionKey: subscription.key, elementInstanceKey: subscription.elementInstanceKey });
    }
    const owner = run.instance(subscription.elementInstanceKey);
    if (owner?.state === 'active') EventTriggers.deliver(run, owner, subscription.elementId, variables);
  },

  /** Moves the token for an event of `elementId` that `owner` was waiting for. */
  deliver(run: TokenRun, owner: ElementInstance, elementId: string, variables: Record<string, unknown>): void {
    const node = run.node(elementId);
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
   * BPMN escalation (§10.5.5): the innermost enclosing activity with a matching escalation boundary
   * catches it; an interrupting one ends that activity. Unlike an error, an uncaught escalation is
   * not a failure: the thrower carries on (Zeebe does the same).
   */
  throwEscalation(run: TokenRun, source: ElementInstance, escalationCode: string): void {
    for (let holder = run.scopeOf(source); holder; holder = run.scopeOf(holder)) {
      const boundaries = (run.node(holder.elementId).boundaryEventIds ?? []).map((id) => run.node(id)).filter((b) => b.kind === 'boundaryEvent' && b.trigger.type === 'escalation');
      const code = (b: FlowNode) => (b.kind === 'boundaryEvent' && b.trigger.type === 'escalation' ? b.trigger.escalationCode : undefined);
      const boundary = boundaries.find((b) => code(b) === escalationCode) ?? boundaries.find((b) => code(b) === undefined);
      if (!boundary) continue;
      EventTriggers.deliver(run, holder, boundary.id, { escalationCode });
      return;
    }
  },
};
