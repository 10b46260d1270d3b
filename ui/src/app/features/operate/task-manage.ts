import { Component, computed, inject, input, output } from '@angular/core';
import { DatePipe } from '@angular/common';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { firstValueFrom } from 'rxjs';
import { OpenTask, UserTaskChanges } from '../../core/api/api-types';
import { FlowdeskApi } from '../../core/api/flowdesk-api';
import { Session } from '../../core/auth/session';
import { ActionForm } from '../../shared/action-form/action-form';
import { TaskDenialNotice } from '../../shared/task-form/task-denial';
import { FormRun } from '../../shared/action-form/form-run';
import { Confirm } from '../../shared/confirm-dialog/confirm-dialog';
import { TaskDraft, changesOf, draftOf } from './task-draft';

/**
 * Hands an open user task on (assign, claim, unassign) and reschedules it (candidates, due and
 * follow-up dates, priority): Camunda 8's assignment and update. The task's assigning or updating
 * listeners run before the change applies, so the task leaves the list until they completed; a
 * refusal (a 400 naming a field, a 403, a 409 while a listener holds the task) stays next to the form.
 * A listener's denial of the last assignment or change shows above it, with the listener's reason.
 */
@Component({
  selector: 'app-task-manage',
  imports: [ActionForm, DatePipe, FormsModule, MatButtonModule, TaskDenialNotice],
  templateUrl: './task-manage.html',
  styleUrl: './task-manage.css',
})
export class TaskManage {
  private readonly api = inject(FlowdeskApi);
  private readonly confirm = inject(Confirm);
  protected readonly me = inject(Session).user;

  readonly task = input.required<OpenTask>();
  /** The API accepted a change: the list should refresh. */
  readonly changed = output<void>();

  protected readonly assignment = new FormRun(['assignee'], 'path');
  protected readonly details = new FormRun(['candidateGroups', 'candidateUsers', 'dueDate', 'followUpDate', 'priority'], 'path');
  protected assignee = '';
  /** Filled when the panel opens, not on every refresh of the list, so what is being typed stays. */
  protected draft: TaskDraft = draftOf({ id: '', elementId: '', name: null, createdAt: '' });
  protected readonly label = computed(() => this.task().name || this.task().elementId);

  protected opened(event: Event): void {
    if (!(event.target as HTMLDetailsElement).open) return;
    this.assignee = this.task().assignee ?? '';
    this.draft = draftOf(this.task());
    this.assignment.reset();
    this.details.reset();
  }

  protected err(run: FormRun, field: string): true | null {
    return run.error(field) ? true : null;
  }

  protected async assign(): Promise<void> {
    const assignee = this.assignee.trim();
    if (!this.assignment.checked(assignee ? {} : { assignee: 'Whom to assign it to? Or unassign it.' })) return;
    await this.sendAssignee(assignee);
  }

  protected async claim(): Promise<void> {
    const username = this.me()?.username;
    if (username) await this.sendAssignee(username);
  }

  protected async unassign(): Promise<void> {
    const current = this.task().assignee;
    // Taking a task from someone else is worth a second look; one's own is just handed back.
    if (
      current &&
      current !== this.me()?.username &&
      !(await this.confirm.ask({
        title: `Unassign ${this.label()}?`,
        message: `${current} no longer has the task; its candidates may claim it again.`,
        confirmText: 'Unassign',
      }))
    )
      return;
    await this.sendAssignee(null);
  }

  protected async reschedule(): Promise<void> {
    const { changes, problems } = changesOf(this.draft, this.task());
    if (!this.details.checked(problems)) return;
    await this.send(this.details, changes);
  }

  protected hasChanges(): boolean {
    return Object.keys(changesOf(this.draft, this.task()).changes).length > 0;
  }

  private async sendAssignee(assignee: string | null): Promise<void> {
    const done = await this.assignment.run(() => firstValueFrom(this.api.assignTask(this.task().id, assignee)).then(() => true));
    if (done) {
      this.assignee = assignee ?? '';
      this.changed.emit();
    }
  }

  private async send(run: FormRun, changes: UserTaskChanges): Promise<void> {
    const done = await run.run(() => firstValueFrom(this.api.updateTask(this.task().id, changes)).then(() => true));
    if (done) this.changed.emit();
  }
}
