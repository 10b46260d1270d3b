import { Component, ElementRef, OnDestroy, effect, inject, input, output, signal, untracked, viewChild } from '@angular/core';
import { Form } from '@bpmn-io/form-js-viewer';
import { firstValueFrom } from 'rxjs';
import { ApiProblem, toApiProblem } from '../../core/api/api-error';
import { OpenTask, TaskDenialEvent, TaskForm } from '../../core/api/api-types';
import { FlowdeskApi } from '../../core/api/flowdesk-api';
import { ProblemMessage } from '../../features/operate/problem-message';
import { renderCamundaForm, showRefusalAtFields, variablesFrom } from './camunda-form';
import { ALL_DENIALS, denialKey, TaskDenialNotice } from './task-denial';

/**
 * Completes one open user task. A task with a Camunda form (issue 16) shows that form, rendered by
 * form-js and prefilled from the process variables it names; its answers are the completion's
 * variables, and the API checks them against the same form (a field it refuses is named here).
 * Any other task takes a JSON object of variables: the operations view's way past any form, so it
 * says so (the API audits every completion). Shared by operate and the desk's ticket page, which
 * offers only tasks with a form (`formOnly`: no JSON box, not even while the form loads). A task listener
 * may deny the completion (Camunda 8.8): the task comes back open with the reason, shown above the button.
 */
@Component({
  selector: 'app-task-complete-form',
  imports: [ProblemMessage, TaskDenialNotice],
  template: `
    <form class="task-form" (submit)="complete($event)" [attr.aria-label]="'Complete task ' + label()">
      @if (taskForm(); as tf) {
        <div
          #formHost
          class="camunda-form"
          data-testid="task-form"
          [attr.data-task-id]="task().id"
          [attr.data-form-id]="tf.form?.formId ?? null"
        ></div>
        <p class="hint" data-testid="task-form-hint">{{ formLabel() }}: the server checks the answers again. Recorded in the audit log.</p>
      } @else if (formOnly()) {
        <p class="muted" data-testid="task-form-loading">Loading the form of {{ label() }}…</p>
      } @else {
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
      }
      <app-task-denial [denial]="task().denial" [events]="denialEvents()" />
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
export class TaskCompleteForm implements OnDestroy {
  private readonly api = inject(FlowdeskApi);

  readonly task = input.required<OpenTask>();
  /** Only the task's form is offered (the desk): no JSON box while it loads or if it cannot be had. */
  readonly formOnly = input(false);
  /** The denials shown above the button: all by default; operate shows an assignment's or change's next to that form. */
  readonly denialEvents = input<readonly TaskDenialEvent[]>(ALL_DENIALS);
  /** Emits the task id once the API accepted the completion. */
  readonly completed = output<string>();

  protected readonly variables = signal('{}');
  protected readonly jsonError = signal<string | null>(null);
  protected readonly problem = signal<ApiProblem | null>(null);
  protected readonly busy = signal(false);
  protected readonly done = signal(false);
  /** The task's Camunda form, once the API said it has one. */
  protected readonly taskForm = signal<TaskForm | null>(null);
  private readonly formHost = viewChild<ElementRef<HTMLElement>>('formHost');
  private form?: Form;
  private formLoadedFor?: string;
  /** The denial the task showed when this form completed it: a different one means the completion was denied. */
  private denialWhenDone: string | null = null;

  constructor() {
    effect(() => {
      const task = this.task();
      untracked(() => void this.loadForm(task));
      untracked(() => this.reopenIfDenied(task));
    });
    // The container exists once the form is known: then form-js renders the schema into it.
    effect(() => {
      const host = this.formHost()?.nativeElement;
      const taskForm = this.taskForm();
      if (!host || !taskForm?.form) return;
      untracked(() => void this.render(host, taskForm.form!));
    });
  }

  ngOnDestroy(): void {
    this.form?.destroy();
  }

  /** Which form this is: a deployed form by id and version, or the one embedded in the process. */
  protected formLabel(): string {
    const form = this.taskForm()?.form;
    return form?.formId ? `Form ${form.formId} (version ${form.version})` : 'The task’s form';
  }

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
    if (this.formOnly() && !this.taskForm()?.form) return;
    const json = this.taskForm()?.form ? null : this.variables();
    const given = variablesFrom(this.form, this.formHost()?.nativeElement, json, (e) => this.jsonError.set(e));
    if (given === null) return;
    const variables = given ?? {};
    this.jsonError.set(null);
    this.problem.set(null);
    this.busy.set(true);
    try {
      const taskId = this.task().id;
      await firstValueFrom(this.api.completeTask(taskId, variables));
      this.denialWhenDone = denialKey(this.task().denial);
      this.done.set(true);
      this.completed.emit(taskId);
    } catch (error) {
      const problem = toApiProblem(error);
      this.problem.set(problem);
      this.showAtFields(problem);
    } finally {
      this.busy.set(false);
    }
  }

  private showAtFields(problem: ApiProblem): void {
    if (this.form) showRefusalAtFields(this.form, problem);
  }

  /**
   * The list may hand over the same task again after its completion went through (a refresh that read the
   * old state): it stays "Completed". A new completing denial means a listener refused it: complete it again.
   */
  private reopenIfDenied(task: OpenTask): void {
    if (!this.done() || task.denial?.eventType !== 'completing' || denialKey(task.denial) === this.denialWhenDone) return;
    this.done.set(false);
    this.problem.set(null);
  }

  private async loadForm(task: OpenTask): Promise<void> {
    // Operate refreshes its list, handing over a new task object each time: the form (and what was typed into it) stays.
    if (!task.formKey || this.formLoadedFor === task.id) return;
    this.formLoadedFor = task.id;
    try {
      const taskForm = await firstValueFrom(this.api.taskForm(task.id));
      if (taskForm.form) this.taskForm.set(taskForm);
    } catch {
      // Not the reader's task (403) or no longer open (409): completing it says so in the same words.
    }
  }

  private async render(host: HTMLElement, form: NonNullable<TaskForm['form']>): Promise<void> {
    this.form?.destroy();
    this.form = await renderCamundaForm(host, form.schema, form.data);
  }
}
