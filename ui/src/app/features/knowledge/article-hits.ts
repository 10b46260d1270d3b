import { Component, input, output } from '@angular/core';
import { RouterLink } from '@angular/router';
import { ArticleHit } from '../../core/api/knowledge-types';
import { Snippet } from './snippet';

/** Ranked article hits with their snippets; each opens the article, or is picked by the parent. */
@Component({
  selector: 'app-article-hits',
  imports: [RouterLink, Snippet],
  template: `
    <ol class="hits" data-testid="article-hits">
      @for (hit of hits(); track hit.id) {
        <li data-testid="article-hit" [attr.data-id]="hit.id">
          @if (pickLabel()) {
            <button type="button" class="link-like" data-testid="article-hit-open" (click)="picked.emit(hit)">{{ hit.title }}</button>
          } @else {
            <a [routerLink]="['/portal/knowledge', hit.id]" data-testid="article-hit-open">{{ hit.title }}</a>
          }
          @if (hit.audience === 'internal') {
            <span class="badge">internal</span>
          }
          <p class="snippet"><app-snippet [text]="hit.snippet" /></p>
        </li>
      }
    </ol>
  `,
  styles: `
    .hits {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: 0.7rem;
    }
    .hits a,
    .link-like {
      font-weight: 600;
    }
    .link-like {
      background: none;
      border: 0;
      padding: 0;
      color: var(--accent);
      cursor: pointer;
      text-align: left;
      font-size: inherit;
    }
    .link-like:hover {
      text-decoration: underline;
    }
    .snippet {
      margin: 0.2rem 0 0;
      color: var(--muted);
      font-size: 0.9rem;
    }
    .badge {
      margin-left: 0.4rem;
      font-size: 0.75rem;
    }
  `,
})
export class ArticleHits {
  readonly hits = input.required<ArticleHit[]>();
  /** Set: a hit is a button the parent handles (`picked`) instead of a link to the article page. */
  readonly pickLabel = input<string | null>(null);
  readonly picked = output<ArticleHit>();
}
