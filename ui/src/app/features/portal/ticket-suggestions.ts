import { Component, effect, inject, input, output, signal, untracked } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { KnowledgeApi } from '../../core/api/knowledge-api';
import { Article, ArticleHit } from '../../core/api/knowledge-types';
import { TypedSuggestions } from '../knowledge/typed-suggestions';
import { ArticleBody } from '../knowledge/article-body';
import { ArticleFeedback } from '../knowledge/article-feedback';
import { ArticleHits } from '../knowledge/article-hits';

/**
 * Articles that may answer the ticket a requester is typing, asked for as she types. One opens in
 * place; "this solved my problem" tells the page to drop the ticket (a deflection, counted by the API).
 */
@Component({
  selector: 'app-ticket-suggestions',
  imports: [ArticleBody, ArticleFeedback, ArticleHits],
  template: `
    @if (hits().length) {
      <aside class="card suggestions" data-testid="ticket-suggestions" aria-labelledby="suggestions-title" aria-live="polite">
        <h3 id="suggestions-title">Maybe one of these answers it</h3>
        @if (open(); as a) {
          <article data-testid="suggested-article" [attr.data-id]="a.id">
            <h4>{{ a.title }}</h4>
            <app-article-body [html]="a.html ?? ''" />
            <app-article-feedback [articleId]="a.id" (answered)="answered($event.solved)" />
            <button type="button" class="back" data-testid="suggestions-back" (click)="open.set(null)">← Other suggestions</button>
          </article>
        } @else {
          <app-article-hits [hits]="hits()" pickLabel="Read" (picked)="read($event)" />
        }
      </aside>
    }
  `,
  styles: `
    .suggestions {
      border-left: 4px solid var(--accent);
    }
    h3 {
      margin-bottom: 0.6rem;
    }
    h4 {
      margin: 0 0 0.4rem;
    }
    .back {
      margin-top: 0.6rem;
    }
  `,
})
export class TicketSuggestions {
  private readonly api = inject(KnowledgeApi);
  /** What the requester has typed so far (summary and description). */
  readonly text = input.required<string>();
  /** "This solved my problem": the ticket is not needed. */
  readonly solved = output<Article>();
  // Suggestions help; their failure must never stop a ticket being raised.
  private readonly suggestions = new TypedSuggestions((text) => this.api.suggest({ text: text.slice(0, 5000) }));
  protected readonly hits = this.suggestions.hits;
  protected readonly open = signal<Article | null>(null);

  constructor() {
    effect((onCleanup) => {
      const text = this.text();
      untracked(() => this.suggestions.typed(text));
      onCleanup(() => this.suggestions.stop());
    });
  }

  protected async read(hit: ArticleHit): Promise<void> {
    const article = await firstValueFrom(this.api.get(hit.id)).catch(() => null);
    if (article) this.open.set(article);
  }

  protected answered(solved: boolean): void {
    const article = this.open();
    if (solved && article) this.solved.emit(article);
    else this.open.set(null);
  }
}
