import { Component, effect, inject, input, output, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { firstValueFrom } from 'rxjs';
import { toApiProblem } from '../../../core/api/api-error';
import { DeskConfigApi } from '../../../core/api/desk-config-api';
import { ProblemMessage } from '../../operate/problem-message';
import { NO_PATH_PROBLEMS, PathProblems, pathProblems } from '../path-problems';

/** Where a ticket goes when no rule matches and its service names no support group. */
@Component({
  selector: 'app-default-group-form',
  imports: [FormsModule, ProblemMessage],
  template: `
    <form class="editor" (ngSubmit)="save()" aria-label="Default group">
      <label class="field"
        ><span>When no rule matches, send to group (key)</span
        ><input name="assignmentGroup" [(ngModel)]="group" required data-testid="routing-default-group"
      /></label>
      <p class="field-error">{{ problems().fields['assignmentGroup'] }}</p>
      @if (problems().general; as p) {
        <app-problem-message [problem]="p" />
      }
      <button type="submit" data-testid="routing-default-save">Set default group</button>
    </form>
  `,
})
export class DefaultGroupForm {
  private readonly api = inject(DeskConfigApi);
  readonly current = input<string | null>(null);
  readonly saved = output<string>();
  protected readonly problems = signal<PathProblems>(NO_PATH_PROBLEMS);
  protected group = '';

  constructor() {
    effect(() => (this.group = this.current() ?? ''));
  }

  protected async save(): Promise<void> {
    this.problems.set(NO_PATH_PROBLEMS);
    try {
      this.saved.emit((await firstValueFrom(this.api.setDefaultGroup(this.group.trim()))).defaultGroup);
    } catch (e) {
      this.problems.set(pathProblems(toApiProblem(e), ['assignmentGroup']));
    }
  }
}
