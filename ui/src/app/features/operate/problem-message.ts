import { Component, computed, input } from '@angular/core';
import { ApiProblem } from '../../core/api/api-error';
import { problemInWords } from '../../core/api/problem-words';

/** An API error in words its reader understands (see problemInWords), with what each field needs. */
@Component({
  selector: 'app-problem-message',
  template: `
    <div class="status error" role="alert" [attr.data-code]="problem().code ?? null" [attr.data-status]="problem().status">
      <strong>{{ words().message }}</strong>
      @if (words().details.length) {
        <ul>
          @for (detail of words().details; track $index) {
            <li>{{ detail }}</li>
          }
        </ul>
      }
    </div>
  `,
})
export class ProblemMessage {
  readonly problem = input.required<ApiProblem>();
  protected readonly words = computed(() => problemInWords(this.problem()));
}
