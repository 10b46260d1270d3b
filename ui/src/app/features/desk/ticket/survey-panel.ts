import { Component, effect, inject, input, signal, untracked } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { SurveyAnswer } from '../../../core/api/knowledge-types';
import { SurveysApi } from '../../../core/api/surveys-api';
import { SurveyAnswers } from '../../surveys/survey-answers';

/** What the caller answered to the satisfaction survey of this ticket (by the mailed link or on the portal). */
@Component({
  selector: 'app-survey-panel',
  imports: [SurveyAnswers],
  template: `
    <section class="card" aria-labelledby="survey-panel-title" data-testid="desk-survey">
      <h3 id="survey-panel-title">Satisfaction</h3>
      <app-survey-answers [answers]="answers()" />
    </section>
  `,
})
export class SurveyPanel {
  private readonly api = inject(SurveysApi);
  readonly number = input.required<string>();
  /** Re-read when the ticket changes (its version), since an answer may have come in. */
  readonly version = input<number>(0);
  protected readonly answers = signal<SurveyAnswer[]>([]);

  constructor() {
    effect(() => {
      const number = this.number();
      this.version();
      untracked(() => void this.load(number));
    });
  }

  private async load(number: string): Promise<void> {
    const found = await firstValueFrom(this.api.forTicket(number)).catch(() => null);
    this.answers.set(found?.items ?? []);
  }
}
