import { Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { DatePipe } from '@angular/common';
import { firstValueFrom } from 'rxjs';
import { ApiProblem, toApiProblem } from '../../core/api/api-error';
import { SurveyAnswer, SurveyAnswerInput, SurveyQuestion } from '../../core/api/knowledge-types';
import { SurveysApi } from '../../core/api/surveys-api';
import { ProblemMessage } from '../operate/problem-message';
import { SurveyForm } from './survey-form';

/** Why a link takes no answer, by the API's status: the link itself is the only authority here. */
const REFUSED: Record<number, { outcome: string; title: string }> = {
  403: { outcome: 'invalid', title: 'This link does not work' },
  410: { outcome: 'expired', title: 'This survey has closed' },
  409: { outcome: 'answered', title: 'Already answered' },
  404: { outcome: 'gone', title: 'This ticket no longer exists' },
};

/** A one-click score link (`<ticket>.<nonce>.<expiry>.<score>.<signature>`) rather than a plain one. */
const isScoreLink = (token: string) => token.split('.').length === 5;

/**
 * The page the resolution mail's survey links open. A score link stores its score as the page opens
 * (the click is the answer; a mail scanner fetching the link runs no script, so it answers nothing)
 * and then asks only the optional questions, which complete the answer. A plain link shows, without
 * signing in, the ticket it asks about, CSAT preselected when the link carries `?csat=N` and the
 * optional questions. Either says in plain words why a link changed on the way (403), expired (410)
 * or used already (409) takes no answer.
 */
@Component({
  selector: 'app-survey-page',
  imports: [DatePipe, ProblemMessage, SurveyForm],
  template: `
    <section class="card survey-page" aria-labelledby="survey-title" data-testid="survey-page" [attr.data-outcome]="outcome()">
      @if (answered(); as a) {
        <h2 id="survey-title">Thank you!</h2>
        <p class="status success" role="status" data-testid="survey-thanks">
          Your answer about {{ a.ticketNumber }} is stored: {{ a.csat }} of 5{{
            a.nps !== null && a.nps !== undefined ? ', ' + a.nps + ' of 10' : ''
          }}. It helps us get better.
        </p>
      } @else if (refused(); as r) {
        <h2 id="survey-title">{{ r.title }}</h2>
        <app-problem-message data-testid="survey-refused" [problem]="problem()!" />
      } @else if (question(); as q) {
        <h2 id="survey-title">How did we do?</h2>
        <p class="hint">
          About <strong class="mono" data-testid="survey-ticket">{{ q.ticketNumber }}</strong> “{{ q.title }}”. This link works once, until
          {{ q.expiresAt | date: 'mediumDate' }}.
        </p>
        @if (scored(); as s) {
          <p class="status success" role="status" data-testid="survey-scored">
            Your answer is stored: {{ s.csat }} of 5. Tell us a little more if you like.
          </p>
        }
        <app-survey-form
          [preselected]="scored()?.csat ?? preselected()"
          [askCsat]="!scored()"
          [busy]="busy()"
          [problem]="problem()"
          (send)="send($event)"
        />
      } @else if (problem(); as p) {
        <h2 id="survey-title">The survey cannot be shown</h2>
        <app-problem-message data-testid="survey-refused" [problem]="p" />
      } @else {
        <h2 id="survey-title">Survey</h2>
        <p class="muted">Loading…</p>
      }
    </section>
  `,
  styles: `
    .survey-page {
      max-width: 46rem;
    }
    .mono {
      font-family: var(--mono);
    }
  `,
})
export class SurveyPage {
  private readonly api = inject(SurveysApi);
  /** Route parameter: the signed link's token. */
  readonly token = input.required<string>();
  /** Query parameter: the CSAT chosen with one click in the mail. */
  readonly csat = input<string | undefined>(undefined);

  protected readonly question = signal<SurveyQuestion | null>(null);
  protected readonly answered = signal<SurveyAnswer | null>(null);
  /** The score a score link stored as the page opened; the form then completes it. */
  protected readonly scored = signal<SurveyAnswer | null>(null);
  protected readonly problem = signal<ApiProblem | null>(null);
  protected readonly busy = signal(false);
  protected readonly preselected = computed(() => {
    const n = Number(this.csat());
    return Number.isInteger(n) && n >= 1 && n <= 5 ? n : null;
  });
  /** A refusal of the link itself (not of one answer's fields), which ends the page. */
  protected readonly refused = computed(() => {
    const p = this.problem();
    return p && !p.details.length ? (REFUSED[p.status] ?? null) : null;
  });
  protected readonly outcome = computed(() =>
    this.answered() ? 'stored' : (this.refused()?.outcome ?? (this.question() ? 'open' : null)),
  );

  constructor() {
    effect(() => {
      const token = this.token();
      untracked(() => void this.load(token));
    });
  }

  private async load(token: string): Promise<void> {
    try {
      if (isScoreLink(token)) this.scored.set(await firstValueFrom(this.api.scoreLink(token)));
      this.question.set(await firstValueFrom(this.api.question(token)));
    } catch (error) {
      this.problem.set(toApiProblem(error));
    }
  }

  protected async send(answer: SurveyAnswerInput): Promise<void> {
    if (this.busy()) return;
    this.busy.set(true);
    this.problem.set(null);
    try {
      const { nps, ces, comment } = answer;
      this.answered.set(
        await firstValueFrom(
          this.scored() ? this.api.amendLink(this.token(), { nps, ces, comment }) : this.api.answerLink(this.token(), answer),
        ),
      );
    } catch (error) {
      this.problem.set(toApiProblem(error));
    } finally {
      this.busy.set(false);
    }
  }
}
