import { Component, computed, inject, signal } from '@angular/core';
import { DatePipe } from '@angular/common';
import { firstValueFrom } from 'rxjs';
import { ApiProblem, toApiProblem } from '../../../core/api/api-error';
import { KnowledgeApi } from '../../../core/api/knowledge-api';
import { EditorArticle, KbCategory, KbOrganization } from '../../../core/api/knowledge-types';
import { Session } from '../../../core/auth/session';
import { ProblemMessage } from '../../operate/problem-message';
import { ArticleEditor } from './article-editor';
import { VERSION_STATE_WORDS } from './version-list';

/**
 * The knowledge editor for agents and knowledge managers: every article with where its newest
 * version stands and how often it was read and solved a problem; the chosen one (or a new one) opens
 * in the editor beside the list.
 */
@Component({
  selector: 'app-knowledge-editor-page',
  imports: [ArticleEditor, DatePipe, ProblemMessage],
  templateUrl: './knowledge-editor-page.html',
  styleUrl: './knowledge-editor-page.css',
})
export class KnowledgeEditorPage {
  private readonly api = inject(KnowledgeApi);
  private readonly session = inject(Session);
  protected readonly articles = signal<EditorArticle[]>([]);
  protected readonly total = signal(0);
  protected readonly organizations = signal<KbOrganization[]>([]);
  protected readonly categories = signal<KbCategory[]>([]);
  protected readonly problem = signal<ApiProblem | null>(null);
  protected readonly query = signal('');
  /** The article open in the editor: its id, 'new', or none. */
  protected readonly selectedId = signal<string | null>(null);
  protected readonly selected = computed(() => this.articles().find((a) => a.id === this.selectedId()) ?? null);
  protected readonly roles = computed(() => this.session.user()?.roles ?? []);
  protected readonly reviewer = computed(() => this.roles().some((r) => r === 'process-owner' || r === 'admin'));
  protected readonly admin = computed(() => this.roles().includes('admin'));
  protected readonly meId = computed(() => this.session.user()?.id ?? null);
  protected readonly stateWords = VERSION_STATE_WORDS;

  constructor() {
    void this.load();
    void this.loadCategories();
  }

  protected async load(): Promise<void> {
    try {
      const list = await firstValueFrom(this.api.editorList(this.query().trim()));
      this.articles.set(list.items);
      this.total.set(list.total);
      this.organizations.set(list.organizations);
      this.problem.set(null);
    } catch (error) {
      this.problem.set(toApiProblem(error));
    }
  }

  protected async loadCategories(): Promise<void> {
    const found = await firstValueFrom(this.api.categories()).catch(() => null);
    if (found) this.categories.set(found.items);
  }

  protected search(event: Event, words: string): void {
    event.preventDefault();
    this.query.set(words);
    void this.load();
  }

  protected async saved(id: string): Promise<void> {
    await this.load();
    this.selectedId.set(id);
  }
}
