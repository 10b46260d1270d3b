import { Component, effect, inject, input, output, signal, untracked } from '@angular/core';
import { RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { KnowledgeApi } from '../../../core/api/knowledge-api';
import { ArticleHit } from '../../../core/api/knowledge-types';
import { Snippet } from '../../knowledge/snippet';

/**
 * Articles that may answer this ticket (its title and description), beside it at the desk; one
 * click puts a link to the article into the reply. Internal articles help the agent but are marked:
 * the caller cannot open them.
 */
@Component({
  selector: 'app-suggested-articles',
  imports: [RouterLink, Snippet],
  template: `
    <section class="card" aria-labelledby="kb-suggestions-title" data-testid="desk-suggestions">
      <h3 id="kb-suggestions-title">Suggested articles</h3>
      <ul class="hits">
        @for (hit of hits(); track hit.id) {
          <li data-testid="desk-suggestion" [attr.data-id]="hit.id">
            <a [routerLink]="['/portal/knowledge', hit.id]" target="_blank" data-testid="desk-suggestion-open">{{ hit.title }}</a>
            @if (hit.audience === 'internal') {
              <span class="badge" title="The caller cannot open internal articles">internal</span>
            }
            <p class="snippet"><app-snippet [text]="hit.snippet" /></p>
            @if (hit.audience === 'public') {
              <button type="button" data-testid="desk-suggestion-insert" (click)="insertLink(hit)">Insert link into reply</button>
            }
          </li>
        } @empty {
          <li class="muted">{{ loaded() ? 'No article matches this ticket.' : 'Looking…' }}</li>
        }
      </ul>
    </section>
  `,
  styles: `
    .hits {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: 0.6rem;
    }
    .snippet {
      margin: 0.15rem 0 0.3rem;
      color: var(--muted);
      font-size: 0.85rem;
    }
    .badge {
      margin-left: 0.3rem;
      font-size: 0.75rem;
    }
    button {
      font-size: 0.8rem;
    }
  `,
})
export class SuggestedArticles {
  private readonly api = inject(KnowledgeApi);
  readonly number = input.required<string>();
  /** The text to put into the reply: the article's title and its address in the portal. */
  readonly insert = output<string>();
  protected readonly hits = signal<ArticleHit[]>([]);
  protected readonly loaded = signal(false);

  constructor() {
    effect(() => {
      const number = this.number();
      untracked(() => void this.load(number));
    });
  }

  private async load(number: string): Promise<void> {
    const found = await firstValueFrom(this.api.suggest({ ticket: number })).catch(() => null);
    this.hits.set(found?.items ?? []);
    this.loaded.set(true);
  }

  protected insertLink(hit: ArticleHit): void {
    this.insert.emit(`${hit.title}: ${window.location.origin}/portal/knowledge/${hit.id}`);
  }
}
