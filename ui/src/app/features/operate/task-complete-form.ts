import { Component, inject, input, output, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { ApiProblem, toApiProblem } from '../../core/api/api-error';
import { OpenTask } from '../../core/api/api-types';
import { FlowdeskApi } from '../../core/api/flowdesk-api';
import { parseJsonObject } from '../../core/util/json-object';
import { ProblemMessage } from './problem-message';

/**
 * Completes one open user task with a JSON object of variables: the operations view's way past any
 * form, so it says so (the API audits every completion). Tickets' tasks are not offered here.
 */
@Component({
  selector: 'app-task-complete-form',
  imports: [ProblemMessage],
  template: `
    <form class="task-form" (submit)="complete($event)" [attr.aria-label]="'Complete task ' + label()">
      <label class="field">
        <span>Variables for {{ label() }}</span>
        <textarea
          data-testid="task-variables"
          rows="2"
          spellcheck="false"
          [attr.data-task-id]="task().id"
          [attr.aria-invalid]="jsonError() ? true : null"
          [attr.aria-describedby]="errorId()"
          [value]="variables()"
          (input)="onInput($event)"
        ></textarea>
      </label>
      <p class="hint warning" data-testid="task-complete-warning">
        Completes the task as is, for whoever it is meant for: no form checks the variables. Recorded in the audit log.
      </p>
      <button type="submit" data-testid="complete-task-button" [attr.data-task-id]="task().id" [disabled]="busy() || done()">
        {{ done() ? 'Completed' : busy() ? 'Completing…' : 'Complete' }}
      </button>
      <div [id]="errorId()" aria-live="polite" class="task-messages">
        @if (jsonError(); as err) {
          <p class="field-error" data-testid="task-variables-error">{{ err }}</p>
        }
        @if (problem(); as p) {
          <app-problem-message data-testid="task-error" [problem]="p" />
        }
      </div>
    </form>
  `,
})
export class TaskCompleteForm {
  private readonly api = inject(FlowdeskApi);

  readonly task = input.required<OpenTask>();
  /** Emits the task id once the API accepted the completion. */
  readonly completed = output<string>();

  protected readonly variables = signal('{}');
  protected readonly jsonError = signal<string | null>(null);
  protected readonly problem = signal<ApiProblem | null>(null);
  protected readonly busy = signal(false);
  protected readonly done = signal(false);

  protected label(): string {
    return this.task().name || this.task().elementId;
  }

  protected errorId(): string {
    return `task-error-${this.task().id.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  }

  protected onInput(event: Event): void {
    this.variables.set((event.target as HTMLTextAreaElement).value);
    this.jsonError.set(null);
  }

  protected async complete(event: Event): Promise<void> {
    event.preventDefault();
    if (this.busy() || this.done()) {
      return;
    }
    const parsed = parseJsonObject(this.variables());
    if (!parsed.ok) {
      this.jsonError.set(parsed.error);
      return;
    }
    this.jsonError.set(null);
    this.problem.set(null);
    this.busy.set(true);
    try {
      const taskId = this.task().id;
      await firstValueFrom(this.api.completeTask(taskId, parsed.value ?? {}));
      this.done.set(true);
      this.completed.emit(taskId);
    } catch (error) {
      this.problem.set(toApiProblem(error));
    } finally {
      this.busy.set(false);
    }
  }
}
