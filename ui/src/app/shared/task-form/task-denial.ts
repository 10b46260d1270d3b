import { Component, computed, input } from '@angular/core';
import { TaskDenial, TaskDenialEvent } from '../../core/api/api-types';

/** The operation each kind of task listener denies, as the notice names it. */
const REFUSED: Record<TaskDenialEvent, string> = {
  completing: 'completion',
  assigning: 'assignment',
  updating: 'change',
};

export const ALL_DENIALS: readonly TaskDenialEvent[] = ['completing', 'assigning', 'updating'];

/**
 * One denial as text, to tell a new one from the one a screen already showed: its moment tells apart two
 * denials with the same reason (a fast worker refusing twice between two refreshes).
 */
export function denialKey(denial: TaskDenial | undefined): string | null {
  return denial ? `${denial.eventType}:${denial.deniedAt ?? ''}:${denial.reason}` : null;
}

/**
 * Why the process refused the task's last completion, assignment or change (Camunda 8.8: a task listener
 * denied it, `deniedReason`). The task is open as before; the notice goes once one of its operations
 * goes through. `events`: the kinds shown here (operate shows each next to the operation it refused).
 */
@Component({
  selector: 'app-task-denial',
  template: `
    @if (shown(); as d) {
      <p
        class="status error task-denial"
        role="status"
        data-testid="task-denial"
        [attr.data-event-type]="d.eventType"
        [attr.data-denied-at]="d.deniedAt ?? null"
      >
        <strong>{{ heading(d) }}</strong> {{ d.reason }}
      </p>
    }
  `,
  styles: `
    .task-denial {
      margin: 0.5rem 0;
    }
  `,
})
export class TaskDenialNotice {
  readonly denial = input<TaskDenial | undefined>();
  readonly events = input<readonly TaskDenialEvent[]>(ALL_DENIALS);
  /** Named where the notice stands apart from its task (the desk's ticket actions). */
  readonly taskName = input<string | null>(null);

  protected readonly shown = computed(() => {
    const denial = this.denial();
    return denial && this.events().includes(denial.eventType) ? denial : null;
  });

  protected heading(denial: TaskDenial): string {
    const name = this.taskName();
    return `The process refused the last ${REFUSED[denial.eventType] ?? 'operation'}${name ? ` of “${name}”` : ''}:`;
  }
}
