import { Component, input } from '@angular/core';
import { DatePipe } from '@angular/common';
import { SurveyAnswer } from '../../core/api/knowledge-types';

/** Survey answers of a ticket: CSAT of 5, NPS of 10, CES of 7 and the comment, newest first. */
@Component({
  selector: 'app-survey-answers',
  imports: [DatePipe],
  template: `
    <ul class="answers" data-testid="survey-answers">
      @for (a of answers(); track $index) {
        <li data-testid="survey-answer" [attr.data-csat]="a.csat">
          <span class="score" [class.good]="a.csat >= 4" [class.bad]="a.csat <= 2">CSAT {{ a.csat }}/5</span>
          @if (a.nps !== null && a.nps !== undefined) {
            <span class="score">NPS {{ a.nps }}/10</span>
          }
          @if (a.ces !== null && a.ces !== undefined) {
            <span class="score">CES {{ a.ces }}/7</span>
          }
          <span class="muted">{{ a.answeredAt | date: 'medium' }}</span>
          @if (a.comment) {
            <blockquote data-testid="survey-comment-text">{{ a.comment }}</blockquote>
          }
        </li>
      } @empty {
        <li class="muted" data-testid="survey-none">No survey answer yet.</li>
      }
    </ul>
  `,
  styles: `
    .answers {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: 0.6rem;
    }
    .score {
      display: inline-block;
      margin-right: 0.5rem;
      padding: 0.1rem 0.45rem;
      border-radius: 4px;
      background: #eef1f4;
      font-weight: 600;
      font-size: 0.875rem;
    }
    .score.good {
      background: #e3f4e6;
    }
    .score.bad {
      background: #fbe4e4;
    }
    blockquote {
      margin: 0.3rem 0 0;
      padding-left: 0.6rem;
      border-left: 3px solid #ccd;
      white-space: pre-wrap;
    }
  `,
})
export class SurveyAnswers {
  readonly answers = input.required<SurveyAnswer[]>();
}
