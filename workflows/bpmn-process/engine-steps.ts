import { log } from '@temporalio/workflow';
import { InvalidEngineEventError, startProcess, step } from '../../engine/runtime/interpreter';
import type { EngineCommand, EngineEvent, ProcessState } from '../../engine/runtime/process-state';
import { viewProcessInstance, type ProcessInstanceView } from '../../engine/runtime/process-view';
import type { CommandDispatcher } from './command-dispatch';
import type { ProcessRun } from './process-run';
import { asRejection } from './rejections';
import type { RunawayGuardsPatch } from './runaway-guards-patch';

/**
 * Feeds events to the pure interpreter, keeps the state it returns and dispatches its commands. The
 * clock is the workflow clock (`Date.now()` is deterministic inside a workflow).
 */
export class EngineSteps {
  constructor(
    private readonly run: ProcessRun,
    private readonly guards: RunawayGuardsPatch,
    private readonly dispatcher: CommandDispatcher,
  ) {}

  /** A new instance: tokens at the given (message) start event, or the none start event. */
  start(): void {
    const { run } = this;
    const { input } = run;
    this.apply(this.guards.guarded((options) => startProcess(run.graph, input.variables, Date.now(), input.startEventId ?? run.graph.startEventIds[0], options)));
  }

  /** A continued run: same state, timers re-armed on their original due times; subscription rows outlive runs. */
  resume(state: ProcessState): void {
    this.run.state = state;
    for (const timer of state.timers ?? []) this.dispatcher.startTimer(timer.key, timer.dueAt);
  }

  /** An event from an update handler: refused as a failed request if the interpreter refuses it. */
  handle(event: EngineEvent): ProcessInstanceView {
    try {
      this.apply(this.stepWith(event));
    } catch (err) {
      throw asRejection(err);
    }
    return viewProcessInstance(this.run.graph, this.run.state);
  }

  /** Steps through the inbox while the instance is active. */
  drainInbox(): void {
    const { run } = this;
    while (run.inbox.length && run.state.status === 'active') {
      const event = run.inbox.shift()!;
      try {
        this.apply(this.stepWith(event));
      } catch (err) {
        // Only a buffered message can be refused here (its subscription closed meanwhile): drop it.
        if (!(err instanceof InvalidEngineEventError)) throw err;
        log.warn('dropped an event the instance no longer waits for', { event: event.type, reason: err.message });
      }
    }
  }

  private apply(result: { state: ProcessState; commands: EngineCommand[] }): void {
    this.run.state = result.state;
    for (const command of result.commands) this.dispatcher.dispatch(command);
  }

  private stepWith(event: EngineEvent) {
    return this.guards.guarded((options) => step(this.run.graph, this.run.state, event, Date.now(), options));
  }
}
