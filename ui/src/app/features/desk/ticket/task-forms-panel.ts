import { Component, computed, inject } from '@angular/core';
import { OpenTask } from '../../../core/api/api-types';
import { WaitingTask } from '../../../core/api/ticket-types';
import { TicketView } from '../../../core/tickets/ticket-view';
import { TaskCompleteForm } from '../../../shared/task-form/task-complete-form';
import { denialKey } from '../../../shared/task-form/task-denial';

/**
 * The ticket's open user tasks that show a Camunda form (issue 16) and name no ticket action: the
 * form, rendered by form-js as in operate, completes the task (the API checks the answers against
 * the same form and names a refused field). Tasks that a ticket action completes stay with those actions.
 * When a task listener denied the last completion (or an assignment or change), the form says why.
 */
@Component({
  selector: 'app-task-forms-panel',
  imports: [TaskCompleteForm],
  template: `
    @for (task of tasks(); track task.id) {
      <section class="card" data-testid="desk-task-form" [attr.data-task-id]="task.id" [attr.aria-labelledby]="'task-title-' + $index">
        <h3 [id]="'task-title-' + $index">{{ task.name || task.elementId }}</h3>
        <app-task-complete-form [task]="task" [formOnly]="true" (completed)="view.refresh()" />
      </section>
    }
  `,
})
export class TaskFormsPanel {
  protected readonly view = inject(TicketView);
  private readonly known = new Map<string, OpenTask>();

  /**
   * Stable objects per task id: the view hands over a new ticket at each refresh, the form and its answers stay.
   * A new denial (a task listener refused the completion) is a new object, so the form shows it and opens again.
   */
  protected readonly tasks = computed(() => {
    const waiting = (this.view.ticket()?.work?.waitingAt ?? []).filter((w) => w.formKey && !w.actions.length);
    return waiting.map((w) => this.taskOf(w));
  });

  private taskOf(w: WaitingTask): OpenTask {
    const known = this.known.get(w.taskId);
    if (known && denialKey(known.denial) === denialKey(w.denial)) return known;
    const task: OpenTask = { id: w.taskId, elementId: w.elementId, name: w.name, createdAt: '', formKey: w.formKey ?? undefined };
    if (w.denial) task.denial = w.denial;
    this.known.set(w.taskId, task);
    return task;
  }
}
