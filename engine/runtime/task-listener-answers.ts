import { applyTaskChange } from './listener-jobs';
import type { ElementInstance, Instant, PendingListener } from './process-state';
import type { TaskDenial, TaskListenerResult } from './task-listener-result';

/** The events whose operation a task listener may deny in Camunda 8.8; a creating or canceling one cannot. */
export const DENIABLE_EVENTS: ReadonlyArray<PendingListener['eventType']> = ['assigning', 'updating', 'completing'];
/** The events whose listeners may correct the task; a canceling one's task is gone already. */
export const CORRECTABLE_EVENTS: ReadonlyArray<PendingListener['eventType']> = ['creating', 'assigning', 'updating', 'completing'];

/**
 * A task listener's answer beyond completing its job (Camunda 8.8's job result, `engine/runtime/listeners.ts`
 * calls these). A denial drops the operation the listeners ran for: the assignment or update does not
 * apply, the completion does not happen and the task stays open, and the listeners after this one do not
 * run; the task keeps the reason until one of its operations goes through. Corrections change the task's
 * attributes: for an assignment or update they join the change, so the next listener sees them and they
 * apply with it; for a creating or completing listener they apply to the task at once. The job API refuses
 * what Camunda refuses (a denial from a creating or canceling listener, corrections from a canceling one);
 * anything else reaching here is ignored rather than guessed at.
 */
export const TaskListenerAnswers = {
  denies(pending: PendingListener, result: TaskListenerResult): boolean {
    return result.denied === true && DENIABLE_EVENTS.includes(pending.eventType);
  },

  deny(instance: ElementInstance, pending: PendingListener, result: TaskListenerResult, now: Instant): void {
    delete instance.listener;
    instance.denial = {
      eventType: pending.eventType as TaskDenial['eventType'],
      reason: result.deniedReason?.trim() || `the ${pending.eventType} listener denied it`,
      deniedAt: now,
    };
  },

  /** The last listener of a deniable operation completed: it goes through, and an earlier denial no longer stands. */
  wentThrough(instance: ElementInstance, pending: PendingListener): void {
    if (DENIABLE_EVENTS.includes(pending.eventType)) delete instance.denial;
  },

  /** The pending listener, with an assignment's or update's change corrected. */
  correct(instance: ElementInstance, pending: PendingListener, result: TaskListenerResult): PendingListener {
    const corrections = result.corrections;
    if (!corrections || !Object.keys(corrections).length || !CORRECTABLE_EVENTS.includes(pending.eventType)) return pending;
    if (pending.eventType === 'assigning' || pending.eventType === 'updating') {
      const corrected = { ...pending, change: { ...pending.change, ...corrections } };
      instance.listener = corrected;
      return corrected;
    }
    instance.task = applyTaskChange({ ...instance.task }, corrections);
    return pending;
  },
};
