import { languageOf } from './domain/article-language';
import type { ArticleHit } from './domain/article-search';

type Row = Record<string, unknown>;

/** The wire shape of an article: the language as its code, counts as numbers. */
export const presentArticle = (r: Row) => ({
  ...r,
  language: languageOf(r.language as string),
  visibleOrganizationIds: (r.visibleOrganizationIds as string[] | null) ?? [],
  viewCount: Number(r.viewCount),
  deflectionCount: Number(r.deflectionCount),
});

export const presentHit = (h: ArticleHit) => ({ ...h, language: languageOf(h.language as string) });
