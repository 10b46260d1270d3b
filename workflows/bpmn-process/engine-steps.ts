import { condition, log } from '@temporalio/workflow';
import { InvalidEngineEventError, startProcess, step } from '../../engine/runtime/interpreter';
import type { EngineCommand, EngineEvent, ProcessState, StepResult } from '../../engine/runtime/process-state';
import type { StepOptions } from '../../engine/runtime/runaway-guards';
import { TaskListeners } from '../../engine/runtime/task-listeners';
import { viewProcessInstance, type ProcessInstanceView } from '../../engine/runtime/process-view';
import type { CommandDispatcher } from './command-dispatch';
import type { ProcessRun } from './process-run';
import { asRejection } from './rejections';
import type { RunawayGuardsPatch } from './runaway-guards-patch';
import type { SoleFlowConditionsPatch } from './sole-flow-conditions-patch';

/**
 * Feeds events to the pure interpreter, keeps the state it returns and dispatches its commands. The
 * clock is the workflow clock (`Date.now()` is deterministic inside a workflow).
 */
export class EngineSteps {
  constructor(
    private readonly run: ProcessRun,
    private readonly guards: RunawayGuardsPatch,
    private readonly soleFlowConditions: SoleFlowConditionsPatch,
    private readonly dispatcher: CommandDispatcher,
  ) {}

  /** A new instance: tokens at the given (message) start event, or the none start event. */
  start(): void {
    const { run } = this;
    const { input } = run;
    this.apply(
      this.patchedStep((options) =>
        startProcess(run.graph, input.variables, Date.now(), input.startEventId ?? run.graph.startEventIds[0], options),
      ),
    );
  }

  /** A continued run: same state, timers re-armed on their original due times; subscription rows outlive runs. */
  resume(state: ProcessState): void {
    this.run.state = state;
    for (const timer of state.timers ?? []) this.dispatcher.startTimer(timer.key, timer.dueAt, timer.elementId);
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

  /**
   * After a cancel: the user tasks it terminated run their canceling listeners (Camunda 8) before the
   * workflow ends; only their answers (and an incident retry, through its update) are stepped now.
   */
  async finishCanceling(): Promise<void> {
    const { run } = this;
    while (TaskListeners.cancelingPending(run.state.elementInstances)) {
      await condition(() => run.inbox.length > 0);
      const event = run.inbox.shift()!;
      if (event.type === 'listener.completed' || event.type === 'listener.failed') this.apply(this.stepWith(event));
    }
  }

  private apply(result: { state: ProcessState; commands: EngineCommand[] }): void {
    this.run.state = result.state;
    for (const command of result.commands) this.dispatcher.dispatch(command);
  }

  private stepWith(event: EngineEvent) {
    return this.patchedStep((options) => step(this.run.graph, this.run.state, event, Date.now(), options));
  }

  /** An interpreter step with each behaviour this run's history allows, every one decided by its own patch. */
  private patchedStep(compute: (options: StepOptions) => StepResult): StepResult {
    return this.guards.guarded((guarded) => this.soleFlowConditions.applied((conditions) => compute({ ...guarded, ...conditions })));
  }
}
