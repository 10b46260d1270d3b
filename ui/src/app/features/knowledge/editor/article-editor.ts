import { Component, computed, effect, inject, input, output, signal, untracked } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { ApiProblem, toApiProblem } from '../../../core/api/api-error';
import { FormProblems, NO_PROBLEMS, formProblems } from '../../../core/api/field-problems';
import { KnowledgeApi } from '../../../core/api/knowledge-api';
import { ArticleVersion, EditorArticle, KbCategory, KbOrganization } from '../../../core/api/knowledge-types';
import { ProblemMessage } from '../../operate/problem-message';
import { ArticleLinks } from './article-links';
import { ArticleSettings, SettingsValue } from './article-settings';
import { MarkdownPreview } from './markdown-preview';
import { VersionList } from './version-list';

const BLANK: SettingsValue = { language: 'en', audience: 'public', categoryId: null, visibleOrganizationIds: [] };
const FIELDS = ['title', 'body'] as const;

/**
 * Writing one article: its open draft in Markdown beside the live preview, its settings, and the
 * steps the API allows from its newest version — save the draft, send it to review, and for a
 * reviewer (not of their own version) publish or reject it.
 */
@Component({
  selector: 'app-article-editor',
  imports: [ArticleLinks, ArticleSettings, MarkdownPreview, ProblemMessage, VersionList],
  templateUrl: './article-editor.html',
  styleUrl: './article-editor.css',
})
export class ArticleEditor {
  private readonly api = inject(KnowledgeApi);
  /** The article edited; null: a new one. */
  readonly article = input<EditorArticle | null>(null);
  readonly categories = input<KbCategory[]>([]);
  readonly organizations = input<KbOrganization[]>([]);
  /** Knowledge managers (process owners, admins) decide versions and change settings. */
  readonly reviewer = input(false);
  readonly admin = input(false);
  readonly meId = input<string | null>(null);
  /** Something was stored: the list reloads and shows this article. */
  readonly saved = output<string>();
  readonly categoryAdded = output<void>();

  protected readonly title = signal('');
  protected readonly body = signal('');
  protected readonly settings = signal<SettingsValue>(BLANK);
  protected readonly versions = signal<ArticleVersion[]>([]);
  protected readonly busy = signal(false);
  protected readonly problems = signal<FormProblems>(NO_PROBLEMS);
  protected readonly notice = signal('');
  protected readonly note = signal('');
  protected readonly newCategory = signal('');

  protected readonly latest = computed<ArticleVersion | null>(() => this.versions()[0] ?? null);
  protected readonly inReview = computed(() => this.latest()?.state === 'in_review');
  protected readonly canDecide = computed(
    () => this.reviewer() && this.inReview() && (this.admin() || this.latest()?.authorId !== this.meId()),
  );
  /** A new article takes its settings with it; an existing one's are a knowledge manager's to change. */
  protected readonly settingsLocked = computed(() => !!this.article() && !this.reviewer());

  constructor() {
    effect(() => {
      const article = this.article();
      untracked(() => void this.reset(article));
    });
  }

  private async reset(article: EditorArticle | null): Promise<void> {
    this.problems.set(NO_PROBLEMS);
    this.note.set('');
    if (!article) {
      this.versions.set([]);
      this.title.set('');
      this.body.set('');
      this.settings.set(BLANK);
      return;
    }
    this.settings.set({
      language: article.language as SettingsValue['language'],
      audience: article.audience as SettingsValue['audience'],
      categoryId: article.categoryId,
      visibleOrganizationIds: article.visibleOrganizationIds,
    });
    await this.loadVersions(article.id, true);
  }

  private async loadVersions(id: string, takeText: boolean): Promise<void> {
    const { items } = await firstValueFrom(this.api.versions(id));
    this.versions.set(items);
    if (takeText && items[0]) {
      this.title.set(items[0].title);
      this.body.set(items[0].body);
    }
  }

  protected valueOf(event: Event): string {
    return (event.target as HTMLInputElement).value;
  }

  /** Stores the text as the open draft (a new article, or a new version after a published one). */
  protected saveDraft(): Promise<void> {
    return this.run('Draft saved.', async () => (await this.writeDraft()).id);
  }

  protected submit(): Promise<void> {
    return this.run('Sent to review: a knowledge manager publishes it.', async () => {
      const { id, version } = await this.writeDraft();
      await firstValueFrom(this.api.submit(id, version));
      return id;
    });
  }

  protected decide(approve: boolean): Promise<void> {
    const article = this.article();
    const version = this.latest();
    if (!article || !version) return Promise.resolve();
    return this.run(approve ? `Version ${version.version} is published.` : `Version ${version.version} is rejected.`, async () => {
      const note = this.note().trim();
      await firstValueFrom(this.api.review(article.id, version.version, { approve, ...(note ? { note } : {}) }));
      return article.id;
    });
  }

  protected saveSettings(): Promise<void> {
    const article = this.article();
    if (!article) return Promise.resolve();
    return this.run('Settings saved.', async () => {
      await firstValueFrom(this.api.updateSettings(article.id, this.settings()));
      return article.id;
    });
  }

  protected async addCategory(): Promise<void> {
    const name = this.newCategory().trim();
    if (!name) return;
    await this.run(`Category “${name}” added.`, async () => {
      const category = await firstValueFrom(this.api.createCategory(name));
      this.settings.update((s) => ({ ...s, categoryId: category.id }));
      this.newCategory.set('');
      this.categoryAdded.emit();
      return undefined;
    });
  }

  private async writeDraft(): Promise<{ id: string; version: number }> {
    const text = { title: this.title().trim(), body: this.body().trim() };
    const article = this.article();
    if (!article) {
      const created = await firstValueFrom(this.api.create({ ...text, ...this.settings() }));
      return { id: created.id, version: 1 };
    }
    const draft = await firstValueFrom(this.api.draft(article.id, text));
    return { id: article.id, version: draft.version };
  }

  /** One step at a time; the API's refusal lands next to the field it names, or above the buttons. */
  private async run(done: string, step: () => Promise<string | undefined | void>): Promise<void> {
    if (this.busy()) return;
    this.busy.set(true);
    this.problems.set(NO_PROBLEMS);
    this.notice.set('');
    try {
      const id = (await step()) ?? this.article()?.id;
      this.notice.set(done);
      if (id) {
        await this.loadVersions(id, false);
        this.saved.emit(id);
      }
    } catch (error) {
      this.problems.set(formProblems(toApiProblem(error) as ApiProblem, FIELDS));
    } finally {
      this.busy.set(false);
    }
  }
}
