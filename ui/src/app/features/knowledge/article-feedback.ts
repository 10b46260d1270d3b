import { Component, inject, input, output, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { ApiProblem, toApiProblem } from '../../core/api/api-error';
import { KnowledgeApi } from '../../core/api/knowledge-api';
import { Article } from '../../core/api/knowledge-types';
import { ProblemMessage } from '../operate/problem-message';

/**
 * "This solved my problem" (a deflection: the ticket is not needed, and the article counts it) or
 * "this did not help" (nothing is stored; the reader goes on to raise a ticket).
 */
@Component({
  selector: 'app-article-feedback',
  imports: [ProblemMessage],
  template: `
    <div class="feedback" data-testid="article-feedback" [attr.data-answer]="answer()">
      @if (answer() === null) {
        <span>Did this answer your question?</span>
        <button type="button" class="primary" data-testid="article-solved" [disabled]="busy()" (click)="solved()">
          This solved my problem
        </button>
        <button type="button" data-testid="article-not-helpful" (click)="notHelpful()">It did not help</button>
      }
      @if (problem(); as p) {
        <app-problem-message data-testid="article-feedback-error" [problem]="p" />
      }
    </div>
  `,
  styles: `
    .feedback {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem 0.75rem;
      align-items: center;
    }
  `,
})
export class ArticleFeedback {
  private readonly api = inject(KnowledgeApi);
  readonly articleId = input.required<string>();
  readonly answered = output<{ solved: boolean; article?: Article }>();
  protected readonly answer = signal<'solved' | 'not-helpful' | null>(null);
  protected readonly busy = signal(false);
  protected readonly problem = signal<ApiProblem | null>(null);

  protected async solved(): Promise<void> {
    if (this.busy()) return;
    this.busy.set(true);
    try {
      const article = await firstValueFrom(this.api.solved(this.articleId()));
      this.answer.set('solved');
      this.problem.set(null);
      this.answered.emit({ solved: true, article });
    } catch (error) {
      this.problem.set(toApiProblem(error));
    } finally {
      this.busy.set(false);
    }
  }

  protected notHelpful(): void {
    this.answer.set('not-helpful');
    this.answered.emit({ solved: false });
  }
}
