import { Component, effect, inject, input, signal, untracked } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { KnowledgeApi } from '../../../core/api/knowledge-api';
import { ArticleBody } from '../article-body';

const TYPING_PAUSE_MS = 300;

/**
 * The live preview of a draft: rendered and sanitised by the API exactly as a published version will
 * be (one renderer, one allow-list), a moment after the writer stops typing.
 */
@Component({
  selector: 'app-markdown-preview',
  imports: [ArticleBody],
  template: `
    <div class="preview" data-testid="kb-preview" [class.stale]="stale()">
      <app-article-body [html]="html()" />
    </div>
  `,
  styles: `
    .preview {
      border: 1px dashed #bcc6d0;
      border-radius: 6px;
      padding: 0.5rem 0.9rem;
      min-height: 12rem;
      background: #fff;
    }
    .stale {
      opacity: 0.6;
    }
  `,
})
export class MarkdownPreview {
  private readonly api = inject(KnowledgeApi);
  readonly markdown = input.required<string>();
  protected readonly html = signal('');
  protected readonly stale = signal(false);
  private timer: ReturnType<typeof setTimeout> | undefined;
  private latest = '';

  constructor() {
    effect((onCleanup) => {
      const markdown = this.markdown();
      untracked(() => {
        this.stale.set(true);
        clearTimeout(this.timer);
        this.timer = setTimeout(() => void this.render(markdown), TYPING_PAUSE_MS);
      });
      onCleanup(() => clearTimeout(this.timer));
    });
  }

  private async render(markdown: string): Promise<void> {
    this.latest = markdown;
    const rendered = await firstValueFrom(this.api.preview(markdown)).catch(() => null);
    if (rendered && this.latest === markdown) {
      this.html.set(rendered.html);
      this.stale.set(false);
    }
  }
}
