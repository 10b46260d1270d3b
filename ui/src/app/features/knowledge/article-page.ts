import { Component, effect, inject, input, signal, untracked } from '@angular/core';
import { DatePipe } from '@angular/common';
import { RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { ApiProblem, toApiProblem } from '../../core/api/api-error';
import { KnowledgeApi } from '../../core/api/knowledge-api';
import { Article } from '../../core/api/knowledge-types';
import { ProblemMessage } from '../operate/problem-message';
import { ArticleBody } from './article-body';
import { ArticleFeedback } from './article-feedback';

/** One published article, rendered; its reader says whether it solved the problem. */
@Component({
  selector: 'app-article-page',
  imports: [ArticleBody, ArticleFeedback, DatePipe, ProblemMessage, RouterLink],
  template: `
    <p class="back"><a routerLink="/portal/knowledge" data-testid="back-to-knowledge">← Knowledge base</a></p>
    @if (article(); as a) {
      <article class="card article" data-testid="article" [attr.data-id]="a.id" aria-labelledby="article-title">
        <h2 id="article-title" data-testid="article-title">{{ a.title }}</h2>
        <p class="muted">
          {{ a.categoryName ?? 'General' }} · {{ a.language === 'lt' ? 'Lietuvių' : 'English' }} · updated
          {{ a.publishedAt | date: 'mediumDate' }}
        </p>
        <app-article-body [html]="a.html ?? ''" />
        <hr />
        @if (outcome() === 'solved') {
          <p class="status success" role="status" data-testid="article-solved-thanks">
            Glad it helped — no ticket needed. Thank you for telling us.
          </p>
        } @else if (outcome() === 'not-helpful') {
          <p class="status info" role="status" data-testid="article-not-helpful-next">
            Sorry it did not help. <a routerLink="/portal/new" data-testid="article-raise-ticket">Raise a ticket</a> and the service desk
            will help you.
          </p>
        } @else {
          <app-article-feedback [articleId]="a.id" (answered)="outcome.set($event.solved ? 'solved' : 'not-helpful')" />
        }
      </article>
    } @else if (problem(); as p) {
      <app-problem-message data-testid="article-error" [problem]="p" />
    } @else {
      <p class="muted">Loading…</p>
    }
  `,
  styles: `
    .back {
      margin: 0 0 0.75rem;
    }
    .article {
      max-width: 56rem;
    }
    hr {
      border: 0;
      border-top: 1px solid #dde;
      margin: 1rem 0;
    }
  `,
})
export class ArticlePage {
  private readonly api = inject(KnowledgeApi);
  /** Route parameter. */
  readonly id = input.required<string>();
  protected readonly article = signal<Article | null>(null);
  protected readonly problem = signal<ApiProblem | null>(null);
  protected readonly outcome = signal<'solved' | 'not-helpful' | null>(null);

  constructor() {
    effect(() => {
      const id = this.id();
      untracked(() => void this.load(id));
    });
  }

  private async load(id: string): Promise<void> {
    this.outcome.set(null);
    try {
      this.article.set(await firstValueFrom(this.api.get(id)));
    } catch (error) {
      this.problem.set(toApiProblem(error));
    }
  }
}
