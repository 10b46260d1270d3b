import { Component, input } from '@angular/core';
import { DatePipe } from '@angular/common';
import { ArticleVersion } from '../../../core/api/knowledge-types';

export const VERSION_STATE_WORDS: Record<string, string> = {
  draft: 'Draft',
  in_review: 'In review',
  published: 'Published',
  rejected: 'Rejected',
  superseded: 'Superseded',
};

/** An article's versions, newest first: who wrote each, where it stands, and the reviewer's word. */
@Component({
  selector: 'app-version-list',
  imports: [DatePipe],
  template: `
    <ol class="versions" data-testid="kb-versions">
      @for (v of versions(); track v.version) {
        <li data-testid="kb-version" [attr.data-version]="v.version" [attr.data-state]="v.state">
          <strong>v{{ v.version }}</strong> <span class="state" [class]="'state ' + v.state">{{ words[v.state] ?? v.state }}</span>
          <span class="muted">by {{ v.authorName }}, {{ v.createdAt | date: 'short' }}</span>
          @if (v.reviewerName) {
            <span class="muted">· decided by {{ v.reviewerName }}{{ v.reviewNote ? ': “' + v.reviewNote + '”' : '' }}</span>
          }
        </li>
      }
    </ol>
  `,
  styles: `
    .versions {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: 0.25rem;
      font-size: 0.875rem;
    }
    .state {
      padding: 0 0.35rem;
      border-radius: 4px;
      background: #eef1f4;
    }
    .state.published {
      background: #e3f4e6;
    }
    .state.in_review {
      background: #fff1c9;
    }
    .state.rejected {
      background: #fbe4e4;
    }
  `,
})
export class VersionList {
  readonly versions = input.required<ArticleVersion[]>();
  protected readonly words = VERSION_STATE_WORDS;
}
