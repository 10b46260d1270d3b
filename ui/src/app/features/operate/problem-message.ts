import { Component, input } from '@angular/core';
import { ApiProblem, describeDetail } from '../../core/api/api-error';

/** An API error: its message and every detail. */
@Component({
  selector: 'app-problem-message',
  template: `
    <div class="status error" role="alert">
      <strong>{{ problem().message }}</strong>
      @if (problem().details.length) {
        <ul>
          @for (detail of problem().details; track $index) {
            <li>{{ describe(detail) }}</li>
          }
        </ul>
      }
    </div>
  `,
})
export class ProblemMessage {
  readonly problem = input.required<ApiProblem>();
  protected readonly describe = describeDetail;
}
