import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import {
  Article,
  ArticleAudience,
  ArticleHit,
  ArticleLink,
  ArticleLanguage,
  ArticleVersion,
  EditorArticle,
  KbCategory,
  KbOrganization,
} from './knowledge-types';

export interface ArticleSettings {
  language?: ArticleLanguage;
  audience?: ArticleAudience;
  categoryId?: string | null;
  visibleOrganizationIds?: string[];
}
export interface NewArticle extends ArticleSettings {
  title: string;
  body: string;
  language: ArticleLanguage;
  audience: ArticleAudience;
}

const article = (id: string, rest = '') => `/kb/articles/${encodeURIComponent(id)}${rest}`;

/** The knowledge base (`/kb/…`): search and read for everyone, write and review for the desk. */
@Injectable({ providedIn: 'root' })
export class KnowledgeApi {
  private readonly http = inject(HttpClient);

  search(q: string, limit = 20, offset = 0): Observable<{ items: ArticleHit[]; total: number }> {
    return this.http.get<{ items: ArticleHit[]; total: number }>('/kb/articles', { params: { q, limit, offset } });
  }

  /**
   * Articles that may answer a ticket: the words of a draft, or a ticket by number; with `asRequesterOf`
   * (a ticket number) only those its requester may see.
   */
  suggest(
    by: ({ text: string } | { ticket: string }) & { asRequesterOf?: string },
    limit = 5,
  ): Observable<{ items: ArticleHit[]; total: number }> {
    return this.http.get<{ items: ArticleHit[]; total: number }>('/kb/suggestions', { params: { ...by, limit } });
  }

  /** Reading an article counts a view. */
  get(id: string): Observable<Article> {
    return this.http.get<Article>(article(id));
  }

  solved(id: string): Observable<Article> {
    return this.http.post<Article>(article(id, '/solved'), {});
  }

  editorList(q = '', limit = 50, offset = 0): Observable<{ items: EditorArticle[]; total: number; organizations: KbOrganization[] }> {
    return this.http.get<{ items: EditorArticle[]; total: number; organizations: KbOrganization[] }>('/kb/editor/articles', {
      params: { q, limit, offset },
    });
  }

  preview(body: string): Observable<{ html: string }> {
    return this.http.post<{ html: string }>('/kb/preview', { body });
  }

  create(input: NewArticle): Observable<Article> {
    return this.http.post<Article>('/kb/articles', input);
  }

  updateSettings(id: string, settings: ArticleSettings): Observable<Article> {
    return this.http.patch<Article>(article(id), settings);
  }

  versions(id: string): Observable<{ items: ArticleVersion[] }> {
    return this.http.get<{ items: ArticleVersion[] }>(article(id, '/versions'));
  }

  draft(id: string, text: { title: string; body: string }): Observable<ArticleVersion> {
    return this.http.post<ArticleVersion>(article(id, '/versions'), text);
  }

  submit(id: string, version: number): Observable<ArticleVersion> {
    return this.http.post<ArticleVersion>(article(id, `/versions/${version}/submit`), {});
  }

  review(id: string, version: number, decision: { approve: boolean; note?: string }): Observable<ArticleVersion> {
    return this.http.post<ArticleVersion>(article(id, `/versions/${version}/review`), decision);
  }

  links(id: string): Observable<{ items: ArticleLink[] }> {
    return this.http.get<{ items: ArticleLink[] }>(article(id, '/links'));
  }

  addLink(id: string, kind: 'incident' | 'problem' | 'known_error', ref: string): Observable<ArticleLink> {
    return this.http.post<ArticleLink>(article(id, '/links'), { kind, ref });
  }

  removeLink(id: string, linkId: string): Observable<void> {
    return this.http.delete<void>(article(id, `/links/${encodeURIComponent(linkId)}`));
  }

  categories(): Observable<{ items: KbCategory[] }> {
    return this.http.get<{ items: KbCategory[] }>('/kb/categories');
  }

  createCategory(name: string): Observable<KbCategory> {
    return this.http.post<KbCategory>('/kb/categories', { name });
  }
}
