import { Component, effect, inject, input, signal, untracked } from '@angular/core';
import { Router } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { ApiProblem, toApiProblem } from '../../core/api/api-error';
import { KnowledgeApi } from '../../core/api/knowledge-api';
import { ArticleHit } from '../../core/api/knowledge-types';
import { ProblemMessage } from '../operate/problem-message';
import { ArticleHits } from './article-hits';

/** The knowledge base for everyone: words in, published articles out, best ranked first, with the matching passage. */
@Component({
  selector: 'app-knowledge-search-page',
  imports: [ArticleHits, ProblemMessage],
  template: `
    <section class="card" aria-labelledby="kb-title">
      <header class="card-header">
        <div>
          <h2 id="kb-title">Knowledge base</h2>
          <p class="hint">Find an answer yourself: articles in English and Lithuanian, the best match first.</p>
        </div>
      </header>
      <form class="search" role="search" aria-label="Search the knowledge base" (submit)="$event.preventDefault(); go(box.value)">
        <label class="field inline"
          ><span>Search</span
          ><input #box type="search" data-testid="kb-search-input" [value]="q() ?? ''" placeholder='words, "a phrase", -not this'
        /></label>
        <button type="submit" class="primary" data-testid="kb-search-button">Search</button>
      </form>
      @if (problem(); as p) {
        <app-problem-message data-testid="kb-search-error" [problem]="p" />
      }
      @if (searched()) {
        <p class="muted" data-testid="kb-search-total" role="status">
          {{ total() === 0 ? 'No article matches “' + q() + '”. Try other words, or raise a ticket.' : total() + ' article(s) match.' }}
        </p>
        <app-article-hits [hits]="hits()" />
      }
    </section>
  `,
  styles: `
    .search {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem 0.75rem;
      align-items: center;
      margin-bottom: 0.9rem;
    }
    .search .field {
      flex: 1 1 14rem;
      display: flex;
      gap: 0.5rem;
      align-items: center;
    }
    .search input {
      flex: 1;
    }
  `,
})
export class KnowledgeSearchPage {
  private readonly api = inject(KnowledgeApi);
  private readonly router = inject(Router);
  /** Query parameter: the words searched for, so a search can be linked and reloaded. */
  readonly q = input<string | undefined>(undefined);
  protected readonly hits = signal<ArticleHit[]>([]);
  protected readonly total = signal(0);
  protected readonly searched = signal(false);
  protected readonly problem = signal<ApiProblem | null>(null);

  constructor() {
    effect(() => {
      const q = this.q()?.trim();
      untracked(() => void (q ? this.search(q) : this.searched.set(false)));
    });
  }

  protected go(words: string): void {
    void this.router.navigate([], { queryParams: { q: words.trim() || null } });
  }

  private async search(q: string): Promise<void> {
    try {
      const found = await firstValueFrom(this.api.search(q));
      this.hits.set(found.items);
      this.total.set(found.total);
      this.problem.set(null);
      this.searched.set(true);
    } catch (error) {
      this.problem.set(toApiProblem(error));
    }
  }
}
