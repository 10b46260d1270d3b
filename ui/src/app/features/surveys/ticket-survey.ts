import { Component, DestroyRef, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { ApiProblem, toApiProblem } from '../../core/api/api-error';
import { SurveyAnswer, SurveyAnswerInput } from '../../core/api/knowledge-types';
import { SurveysApi } from '../../core/api/surveys-api';
import { SurveyAnswers } from './survey-answers';
import { SurveyForm } from './survey-form';

/**
 * The satisfaction survey on the portal's ticket page: its caller answers once the ticket is resolved
 * (also when the mail's link went astray); after that, and for anyone else, the answers given.
 */
@Component({
  selector: 'app-ticket-survey',
  imports: [SurveyAnswers, SurveyForm],
  template: `
    @if (answers().length) {
      <section id="survey" class="card" aria-labelledby="survey-title" data-testid="ticket-survey" data-answered="true">
        <h3 id="survey-title">Your feedback</h3>
        @if (thanked()) {
          <p class="status success" role="status" data-testid="survey-thanks">Thank you! Your answer is stored.</p>
        }
        <app-survey-answers [answers]="answers()" />
      </section>
    } @else if (askable()) {
      <section id="survey" class="card" aria-labelledby="survey-title" data-testid="ticket-survey" data-answered="false">
        <h3 id="survey-title">How did we do?</h3>
        <app-survey-form [busy]="busy()" [problem]="problem()" (send)="send($event)" />
      </section>
    }
  `,
})
export class TicketSurvey {
  private readonly api = inject(SurveysApi);
  readonly number = input.required<string>();
  readonly state = input.required<string>();
  /** The caller answers; others only read. */
  readonly isCaller = input(false);
  protected readonly answers = signal<SurveyAnswer[]>([]);
  protected readonly loaded = signal(false);
  protected readonly busy = signal(false);
  protected readonly thanked = signal(false);
  protected readonly problem = signal<ApiProblem | null>(null);
  protected readonly askable = computed(
    () => this.loaded() && this.isCaller() && (this.state() === 'resolved' || this.state() === 'closed'),
  );
  private readonly destroyed = signal(false);

  constructor() {
    inject(DestroyRef).onDestroy(() => this.destroyed.set(true));
    effect(() => {
      const number = this.number();
      this.state();
      untracked(() => void this.load(number));
    });
  }

  private async load(number: string): Promise<void> {
    const found = await firstValueFrom(this.api.forTicket(number)).catch(() => null);
    if (this.destroyed() || number !== this.number()) return;
    this.answers.set(found?.items ?? []);
    this.loaded.set(true);
  }

  protected async send(answer: SurveyAnswerInput): Promise<void> {
    if (this.busy()) return;
    this.busy.set(true);
    this.problem.set(null);
    try {
      await firstValueFrom(this.api.answerTicket(this.number(), answer));
      this.thanked.set(true);
      await this.load(this.number());
    } catch (error) {
      this.problem.set(toApiProblem(error));
    } finally {
      this.busy.set(false);
    }
  }
}
