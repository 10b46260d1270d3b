import { Component, effect, inject, input, output, signal, untracked } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { KnowledgeApi } from '../../core/api/knowledge-api';
import { Article, ArticleHit } from '../../core/api/knowledge-types';
import { ArticleBody } from '../knowledge/article-body';
import { ArticleFeedback } from '../knowledge/article-feedback';
import { ArticleHits } from '../knowledge/article-hits';

/** Pause after the last keystroke before asking: one query per thought, not per letter. */
const TYPING_PAUSE_MS = 400;

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
  protected readonly hits = signal<ArticleHit[]>([]);
  protected readonly open = signal<Article | null>(null);
  private timer: ReturnType<typeof setTimeout> | undefined;
  private asked = '';

  constructor() {
    effect((onCleanup) => {
      const text = this.text().trim();
      untracked(() => {
        clearTimeout(this.timer);
        if (text.length < 3) return this.hits.set([]);
        this.timer = setTimeout(() => void this.ask(text), TYPING_PAUSE_MS);
      });
      onCleanup(() => clearTimeout(this.timer));
    });
  }

  private async ask(text: string): Promise<void> {
    if (text === this.asked) return;
    this.asked = text;
    // Suggestions help; their failure must never stop a ticket being raised.
    const found = await firstValueFrom(this.api.suggest({ text: text.slice(0, 5000) })).catch(() => null);
    if (found && this.asked === text) this.hits.set(found.items);
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
