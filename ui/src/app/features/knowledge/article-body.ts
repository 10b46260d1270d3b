import { Component, input } from '@angular/core';

/**
 * An article's HTML as the API rendered and sanitised it (no script, no event handler, allow-listed
 * tags); Angular's own sanitiser passes over it once more on the way in.
 */
@Component({
  selector: 'app-article-body',
  template: `<div class="article-body" data-testid="article-body" [innerHTML]="html()"></div>`,
  styles: `
    .article-body {
      line-height: 1.55;
      overflow-wrap: anywhere;
    }
    .article-body :is(h1, h2, h3) {
      margin: 1rem 0 0.4rem;
    }
    .article-body pre {
      background: #f4f6f8;
      padding: 0.6rem;
      overflow-x: auto;
    }
    .article-body code {
      font-family: var(--mono);
    }
    .article-body img {
      max-width: 100%;
    }
    .article-body table {
      border-collapse: collapse;
    }
    .article-body :is(td, th) {
      border: 1px solid #ccd;
      padding: 0.25rem 0.5rem;
    }
  `,
})
export class ArticleBody {
  readonly html = input.required<string>();
}
