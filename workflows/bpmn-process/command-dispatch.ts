import { CancellationScope, isCancellation, patched, sleep } from '@temporalio/workflow';
import type { EngineCommand, EngineEvent } from '../../engine/runtime/process-state';
import type { RunActivities } from './activity-proxies';
import { timerSummary } from './messages';
import type { ProcessRun } from './process-run';
import type { SubscriptionWriter } from './subscription-writer';
import type { TaskRunners } from './task-runners';

/**
 * Turns the interpreter's commands into Temporal work: timers, subscription writes, and the work of an
 * element instance, each in a cancellation scope of its own so that leaving the element stops it. The
 * result of the work comes back to the run's inbox as the next event.
 */
export class CommandDispatcher {
  constructor(
    private readonly run: ProcessRun,
    private readonly activities: RunActivities,
    private readonly subscriptions: SubscriptionWriter,
    private readonly tasks: TaskRunners,
  ) {}

  dispatch(command: EngineCommand): void {
    const { run } = this;
    switch (command.type) {
      case 'work.cancel':
        run.running.get(command.elementInstanceKey)?.cancel();
        return;
      case 'timer.start':
        this.startTimer(command.timerKey, command.dueAt, command.elementId);
        return;
      case 'timer.cancel':
        run.timers.get(command.timerKey)?.cancel();
        return;
      case 'subscription.open':
      case 'subscription.close':
      case 'signal.throw':
        this.subscriptions.write(command);
        return;
      case 'userTask.resolveForm':
        // Histories recorded before the lookup opened a task with a linked form at once, form or not.
        if (!patched('linked-form-incident')) {
          run.inbox.push({ type: 'userTask.formResolved', elementInstanceKey: command.elementInstanceKey, found: true });
          return;
        }
    }
    const scope = new CancellationScope();
    run.running.set(command.elementInstanceKey, scope);
    const local = this.activities.runsLocallyNow(command);
    if (local) run.localWork.add(command.elementInstanceKey);
    scope
      .run(() =>
        command.type === 'serviceTask.execute'
          ? this.tasks.serviceTask(command)
          : command.type === 'callActivity.start'
            ? this.tasks.callActivity(command)
            : command.type === 'listener.execute'
              ? this.tasks.listener(command)
              : command.type === 'userTask.resolveForm'
                ? this.tasks.resolveForm(command)
                : this.tasks.businessRule(command),
      )
      .then(
        // A local result arrives without the instance having waited: the loop budget keeps counting.
        (event) => run.inbox.push(local ? ({ ...event, local: true } as EngineEvent) : event),
        (err) => {
          if (!isCancellation(err)) throw err;
        },
      )
      .finally(() => {
        // Newer work may already run under the same key (a listener's element its own work, an ad-hoc
        // sub-process a newer job that replaced this one); leave that be.
        if (run.running.get(command.elementInstanceKey) !== scope) return;
        run.running.delete(command.elementInstanceKey);
        run.localWork.delete(command.elementInstanceKey);
      });
  }

  /**
   * Sleeps on the workflow clock until the absolute due time, which survives restarts and continue-as-new.
   * The summary names the element in the history; it is metadata, not a command, so histories recorded
   * without it replay unchanged (the replay gate).
   */
  startTimer(timerKey: number, dueAt: number, elementId: string): void {
    const { run } = this;
    const scope = new CancellationScope();
    run.timers.set(timerKey, scope);
    scope
      .run(() => sleep(Math.max(1, dueAt - Date.now()), { summary: timerSummary(elementId) }))
      .then(
        () => run.inbox.push({ type: 'timer.fired', timerKey }),
        (err) => {
          if (!isCancellation(err)) throw err;
        },
      )
      .finally(() => run.timers.delete(timerKey));
  }
}
